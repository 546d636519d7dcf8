"""An IRO raises a formal dispute resolution on a demo child; the team manager answers it
from their list; the IRO escalates it through stages 2, 3 and 4 (each answered by its
responder) to Cafcass, then resolves and closes it. axe runs on every page."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def save(page, name: str = "Save") -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def check(page, heading: str | None = None) -> None:
    if heading is not None:
        assert page.locator("h1").inner_text().startswith(heading), page.locator("h1").inner_text()
    assert_no_axe_violations(page)


def respond_as(page, username: str, child_name: str, stage: str) -> None:
    switch_to(page, username)
    page.get_by_role("link", name="Awaiting my response").click()
    check(page, "Resolutions awaiting my response")
    page.locator("#awaiting").get_by_role("link", name=child_name).click()
    check(page, "Formal dispute resolution")
    page.get_by_role("link", name="Respond").click()
    check(page, f"Respond: {stage}")
    save(page)
    assert "Enter the response" in page.locator(".govuk-error-summary").inner_text()
    check(page)
    page.get_by_label("Your response").fill(f"{stage}: actions agreed with dates.")
    page.get_by_label("Partly agreed").check()
    save(page)
    assert "Response recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    check(page)


def escalate_as_iro(page, responder_pk: int | None, label: str) -> None:
    page.get_by_role("link", name=f"Escalate to {label}").click()
    check(page, "Escalate to")
    if responder_pk is not None:
        page.get_by_label("Who will respond?").select_option(str(responder_pk))
    save(page, "Escalate")
    assert (
        "Resolution escalated" in page.locator(".govuk-notification-banner--success").inner_text()
    )
    check(page)


def test_a_formal_resolution_from_raising_to_cafcass_and_closing(page, demo):
    from accounts.models import User
    from children.models import AllocationKind, Child
    from children.selectors import current_allocations
    from resolutions.models import Resolution, Status

    now = current_allocations()
    child = (
        Child.objects.filter(
            pk__in=now.filter(kind=AllocationKind.IRO, worker__username="iro").values("child_id"),
            periods_of_care__end_date__isnull=True,
        )
        .filter(
            pk__in=now.filter(
                kind=AllocationKind.SOCIAL_WORKER, worker__team__manager__username="team.manager"
            ).values("child_id")
        )
        .filter(
            pk__in=now.filter(
                kind=AllocationKind.TEAM, team__manager__username="team.manager"
            ).values("child_id")
        )
        .order_by("pk")
        .first()
    )
    assert child is not None, "the demo IRO has a child of the demo team manager's team"
    senior = User.objects.get(username="senior.manager")
    iro_manager = User.objects.get(username="iro.manager")

    sign_in(page, "iro")
    page.goto(f"/children/{child.pk}/")
    check(page)
    page.get_by_role("link", name="Raise a dispute resolution").click()
    check(page, "Raise a dispute resolution")
    save(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select whether the resolution is informal or formal" in summary
    check(page)
    page.get_by_label("Formal", exact=True).check()
    page.get_by_label("Drift and delay in the plan").check()
    page.get_by_label("The concern").fill("Your plan has not moved since your last review.")
    page.get_by_label("What are you asking for?").fill("A permanence planning meeting.")
    save(page)
    assert "Resolution raised" in page.locator(".govuk-notification-banner--success").inner_text()
    check(page, "Formal dispute resolution")
    assert "Tara Manager" in page.locator("#stages").inner_text()
    resolution = Resolution.objects.get(
        child=child, concern="Your plan has not moved since your last review."
    )

    respond_as(page, "team.manager", child.full_name, "Stage 1 (team manager)")

    for stage, responder in (
        ("stage 2 (group manager)", iro_manager),
        ("stage 3 (head of service)", senior),
        ("stage 4 (director of children's services)", senior),
    ):
        switch_to(page, "iro")
        page.goto(f"/resolutions/{resolution.pk}/")
        check(page)
        escalate_as_iro(page, responder.pk, stage.capitalize())
        respond_as(page, responder.username, child.full_name, stage.capitalize())

    switch_to(page, "iro")
    page.get_by_role("link", name="Resolutions").first.click()
    check(page, "Open dispute resolutions")
    page.goto(f"/resolutions/{resolution.pk}/")
    escalate_as_iro(page, None, "Referral to Cafcass")
    page.get_by_role("link", name="Record the outcome").click()
    check(page, "Respond: Referral to Cafcass")
    page.get_by_label("Your response").fill("Cafcass advised; the plan is now agreed.")
    page.get_by_label("Agreed: actions and timescales set").check()
    save(page)
    check(page)

    page.get_by_role("link", name="Resolve").click()
    check(page, "Resolve")
    page.get_by_label("Outcome").fill("Permanence planning meeting held; plan agreed.")
    save(page)
    check(page)
    page.get_by_role("link", name="Close", exact=True).click()
    check(page, "Close")
    save(page)
    assert "Enter the impact on the child" in page.locator(".govuk-error-summary").inner_text()
    check(page)
    page.get_by_label("What difference has it made to the child?").fill("Robin knows her plan.")
    save(page)
    check(page)
    page.get_by_role("link", name="Write the letter").click()
    check(page, "Letter to the child")
    page.get_by_label("Letter to the child").fill("Dear Robin, I asked the council to act.")
    save(page)
    check(page)
    resolution.refresh_from_db()
    assert resolution.status == Status.CLOSED
    timeline = page.locator("#stages").inner_text()
    assert "Referral to Cafcass" in timeline and "Stage 4" in timeline
    page.get_by_role("link", name=f"Back to {child.full_name}").click()
    assert "Closed" in page.locator("#resolutions").inner_text()
    check(page)


def test_a_qop_form_raised_answered_by_the_social_worker_and_escalated(page, demo):
    from children.models import AllocationKind, Child
    from children.selectors import current_allocations
    from resolutions.models import QopForm

    now = current_allocations()
    child = (
        Child.objects.filter(
            pk__in=now.filter(kind=AllocationKind.IRO, worker__username="iro").values("child_id"),
            periods_of_care__end_date__isnull=True,
        )
        .filter(
            pk__in=now.filter(
                kind=AllocationKind.TEAM, team__manager__username="team.manager"
            ).values("child_id")
        )
        .order_by("-pk")
        .first()
    )
    assert child is not None
    worker = now.get(child=child, kind=AllocationKind.SOCIAL_WORKER).worker
    assert worker is not None

    sign_in(page, "iro")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Raise a Quality of Practice form").click()
    check(page, "Raise a Quality of Practice form")
    save(page)
    assert "Select at least one reason" in page.locator(".govuk-error-summary").inner_text()
    check(page)
    page.get_by_label("No chronology or chronology not up to date").check()
    page.get_by_label("Details").fill("The chronology stops in March.")
    page.get_by_label("Who is it for?").select_option(str(worker.pk))
    save(page)
    check(page, "Quality of Practice form")
    qop = QopForm.objects.get(child=child, details="The chronology stops in March.")

    switch_to(page, worker.username)
    page.get_by_role("link", name="Awaiting my response").click()
    check(page, "Resolutions awaiting my response")
    page.locator("#qop-awaiting").get_by_role("link").filter(has_text=child.full_name).click()
    check(page, "Quality of Practice form")
    page.get_by_role("link", name="Respond").click()
    check(page, "Respond to a Quality of Practice form")
    page.get_by_label("What have you done?").fill("Chronology brought up to date.")
    save(page)
    check(page)

    switch_to(page, "iro")
    page.goto(f"/resolutions/quality-of-practice/{qop.pk}/")
    page.get_by_role("link", name="Escalate to a dispute resolution").click()
    check(page, "Escalate to a dispute resolution")
    page.get_by_label("Informal", exact=True).check()
    page.get_by_label("Drift and delay in the plan").check()
    page.get_by_label("What are you asking for?").fill("A chronology kept up to date.")
    save(page)
    check(page, "Informal dispute resolution")
    qop.refresh_from_db()
    assert qop.escalated_to is not None

"""The resolution and QoP pages: who may open and use them, bad input in the error
summary with nothing saved, due dates and timeliness computed, the letter as a PDF."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from resolutions import services
from resolutions.models import Kind, QopForm, Resolution, Stage, StageOutcome, Status
from tests.resolutions.conftest import date_fields, person

pytestmark = pytest.mark.django_db

RAISED = date(2025, 12, 17)


@pytest.fixture
def resolution(child, iro, team_manager, drift):
    return services.resolution_raise(
        child=child,
        by=iro,
        kind=Kind.FORMAL,
        raised_on=RAISED,
        themes=[drift],
        concern="No plan for Robin's school move.",
        requested="A plan by the end of term.",
        responder=team_manager,
    )


def test_the_iro_raises_a_formal_resolution_from_the_childs_page(
    client, child, iro, team_manager, drift, no_pep
):
    client.force_login(iro)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    url = reverse("resolutions:raise", args=[child.pk])
    assert url in page and "Dispute resolutions" in page

    form = client.get(url)
    assert form.context["form"]["responder"].initial == team_manager

    body = client.post(url, {"kind": "formal", **date_fields("raised_on", RAISED)}).content.decode()
    assert "There is a problem" in body
    assert "Select at least one theme" in body
    assert not Resolution.objects.exists()

    body = client.post(
        url,
        {
            "kind": "formal",
            **date_fields("raised_on", RAISED),
            "themes": [drift.pk, no_pep.pk],
            "concern": "No PEP.",
            "requested": "PEP meeting.",
        },
    ).content.decode()
    assert "Select the manager who will respond" in body
    assert not Resolution.objects.exists()

    response = client.post(
        url,
        {
            "kind": "formal",
            **date_fields("raised_on", RAISED),
            "themes": [drift.pk, no_pep.pk],
            "concern": "No PEP.",
            "requested": "PEP meeting.",
            "responder": team_manager.pk,
        },
    )
    resolution = Resolution.objects.get()
    assert response.url == reverse("resolutions:detail", args=[resolution.pk])
    body = client.get(response.url).content.decode()
    # Day 0 Wed 17 Dec 2025 -> 10 working days over Christmas and New Year: 5 January 2026.
    assert "5 January 2026" in body
    assert "Stage 1 (team manager)" in body


def test_a_nonsense_date_and_an_unknown_theme_are_errors_not_500s(client, child, iro):
    client.force_login(iro)
    url = reverse("resolutions:raise", args=[child.pk])
    response = client.post(
        url,
        {
            "kind": "formal",
            "raised_on_0": "31",
            "raised_on_1": "2",
            "raised_on_2": "2025",
            "themes": ["999999", "x"],
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Resolution.objects.exists()


def test_an_outsider_gets_404_and_a_social_worker_403(
    client, child, outsider, social_worker, resolution
):
    client.force_login(outsider)
    for url in (
        reverse("resolutions:raise", args=[child.pk]),
        reverse("resolutions:detail", args=[resolution.pk]),
        reverse("resolutions:respond", args=[resolution.pk]),
        reverse("resolutions:escalate", args=[resolution.pk]),
        reverse("resolutions:letter_pdf", args=[resolution.pk]),
        reverse("resolutions:qop_raise", args=[child.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(social_worker)
    assert client.get(reverse("resolutions:detail", args=[resolution.pk])).status_code == 200
    for url in (
        reverse("resolutions:raise", args=[child.pk]),
        reverse("resolutions:respond", args=[resolution.pk]),
        reverse("resolutions:escalate", args=[resolution.pk]),
        reverse("resolutions:resolve", args=[resolution.pk]),
        reverse("resolutions:close", args=[resolution.pk]),
        reverse("resolutions:letter", args=[resolution.pk]),
        reverse("resolutions:qop_raise", args=[child.pk]),
        reverse("resolutions:open"),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert Resolution.objects.get().stages.count() == 1


def test_another_iro_who_cannot_see_the_child_gets_404(client, other_iro, resolution):
    client.force_login(other_iro)
    assert client.get(reverse("resolutions:detail", args=[resolution.pk])).status_code == 404


def test_the_responder_answers_from_their_awaiting_list(client, team_manager, resolution):
    client.force_login(team_manager)
    awaiting = client.get(reverse("resolutions:awaiting")).content.decode()
    detail = reverse("resolutions:detail", args=[resolution.pk])
    assert detail in awaiting
    url = reverse("resolutions:respond", args=[resolution.pk])
    body = client.post(url, date_fields("responded_on", date(2025, 12, 18))).content.decode()
    assert "Enter the response" in body
    response = client.post(
        url,
        {
            "response": "Meeting on 8 January.",
            "outcome": StageOutcome.AGREED,
            **date_fields("responded_on", date(2026, 1, 6)),
        },
    )
    assert response.status_code == 302
    body = client.get(detail).content.decode()
    assert "Late" in body  # 6 January is a working day after the due date, 5 January
    assert "Meeting on 8 January." in body
    assert detail not in client.get(reverse("resolutions:awaiting")).content.decode()
    # Answered: a second answer is refused.
    assert client.get(url).status_code == 403


def test_escalation_to_cafcass_has_no_responder_field(client, iro, iro_manager, senior, resolution):
    client.force_login(iro)
    url = reverse("resolutions:escalate", args=[resolution.pk])
    for responder in (iro_manager, senior, senior):
        response = client.post(
            url, {"responder": responder.pk, **date_fields("started_on", date(2026, 1, 12))}
        )
        assert response.status_code == 302
    page = client.get(url)
    assert "responder" not in page.context["form"].fields
    assert "Escalate to referral to Cafcass" in page.content.decode()
    client.post(url, date_fields("started_on", date(2026, 2, 2)))
    assert [s.stage for s in resolution.stages.all()] == [1, 2, 3, 4, Stage.CAFCASS]
    follow = client.get(url, follow=True).content.decode()
    assert "cannot be escalated further" in follow


def test_resolve_close_and_letter_pdf(client, iro, resolution):
    client.force_login(iro)
    close_url = reverse("resolutions:close", args=[resolution.pk])
    assert (
        "must be resolved before"
        in client.post(
            close_url, {"impact": "x", **date_fields("closed_on", date(2026, 1, 9))}
        ).content.decode()
    )
    client.post(
        reverse("resolutions:resolve", args=[resolution.pk]),
        {"outcome": "Plan agreed.", **date_fields("resolved_on", date(2026, 1, 8))},
    )
    body = client.post(close_url, date_fields("closed_on", date(2026, 1, 9))).content.decode()
    assert "Enter the impact on the child" in body
    client.post(
        close_url, {"impact": "Robin started school.", **date_fields("closed_on", date(2026, 1, 9))}
    )
    resolution.refresh_from_db()
    assert resolution.status == Status.CLOSED
    client.post(
        reverse("resolutions:letter", args=[resolution.pk]), {"letter": "Dear Robin,\nWe asked..."}
    )
    pdf = client.get(reverse("resolutions:letter_pdf", args=[resolution.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_open_list_is_the_iros_own_and_an_iro_managers_everyone(
    client, iro, iro_manager, other_iro, resolution, no_pep
):
    client.force_login(iro)
    detail = reverse("resolutions:detail", args=[resolution.pk])
    assert detail in client.get(reverse("resolutions:open")).content.decode()
    assert (
        detail not in client.get(reverse("resolutions:open"), {"theme": no_pep.pk}).content.decode()
    )
    assert detail not in client.get(reverse("resolutions:open"), {"stage": 2}).content.decode()
    assert (
        detail
        in client.get(reverse("resolutions:open"), {"stage": 1, "theme": "junk"}).content.decode()
    )
    client.force_login(other_iro)
    assert detail not in client.get(reverse("resolutions:open")).content.decode()
    client.force_login(iro_manager)
    assert detail in client.get(reverse("resolutions:open")).content.decode()


def test_qop_form_raised_answered_and_escalated_through_the_pages(
    client, child, iro, social_worker, team_manager, chronology, drift
):
    client.force_login(iro)
    url = reverse("resolutions:qop_raise", args=[child.pk])
    assert (
        "Select at least one reason"
        in client.post(url, {"details": "x", **date_fields("raised_on", RAISED)}).content.decode()
    )
    response = client.post(
        url,
        {
            "reasons": [chronology.pk],
            "details": "Chronology stops in March.",
            "recipient": social_worker.pk,
            **date_fields("raised_on", RAISED),
        },
    )
    qop = QopForm.objects.get()
    assert response.url == reverse("resolutions:qop_detail", args=[qop.pk])
    assert client.get(reverse("resolutions:qop_respond", args=[qop.pk])).status_code == 403

    client.force_login(social_worker)
    assert (
        reverse("resolutions:qop_detail", args=[qop.pk])
        in client.get(reverse("resolutions:awaiting")).content.decode()
    )
    client.post(
        reverse("resolutions:qop_respond", args=[qop.pk]),
        {"response": "Updated.", **date_fields("responded_on", date(2025, 12, 18))},
    )
    qop.refresh_from_db()
    assert qop.responded_on == date(2025, 12, 18)
    assert client.get(reverse("resolutions:qop_escalate", args=[qop.pk])).status_code == 403

    client.force_login(iro)
    response = client.post(
        reverse("resolutions:qop_escalate", args=[qop.pk]),
        {
            "kind": "formal",
            "themes": [drift.pk],
            "concern": "Still no chronology.",
            "requested": "Chronology this week.",
            "responder": team_manager.pk,
            **date_fields("raised_on", date(2026, 1, 5)),
        },
    )
    qop.refresh_from_db()
    assert response.url == reverse("resolutions:detail", args=[qop.escalated_to_id])
    assert (
        "Quality of Practice form of 17 December 2025" in client.get(response.url).content.decode()
    )


def test_child_page_queries_do_not_grow_with_resolutions(
    client, child, iro, team_manager, drift, chronology, social_worker, django_assert_num_queries
):
    from tests.queries import count_queries

    def add():
        r = services.resolution_raise(
            child=child,
            by=iro,
            kind=Kind.FORMAL,
            raised_on=RAISED,
            themes=[drift],
            concern="c",
            requested="r",
            responder=team_manager,
        )
        services.resolution_escalate(
            resolution=r, by=iro, started_on=RAISED, responder=team_manager
        )
        services.qop_raise(
            child=child,
            by=iro,
            raised_on=RAISED,
            reasons=[chronology],
            details="d",
            recipient=social_worker,
        )

    add()
    client.force_login(iro)
    url = reverse("children:detail", args=[child.pk])
    client.get(url)
    with count_queries() as one:
        client.get(url)
    for _ in range(3):
        add()
    with django_assert_num_queries(one.count):
        body = client.get(url).content.decode()
    assert body.count("Stage 2 (group manager)") == 4


def test_managers_and_iros_find_the_pages_in_the_navigation(client, iro, team_manager):
    client.force_login(iro)
    assert reverse("resolutions:open") in client.get(reverse("core:home")).content.decode()
    client.force_login(team_manager)
    assert reverse("resolutions:awaiting") in client.get(reverse("core:home")).content.decode()
    client.force_login(person(Role.SOCIAL_WORKER))
    body = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("resolutions:open")}"' not in body
    assert reverse("resolutions:awaiting") in body  # QoP forms are sent to social workers


def test_an_informal_resolution_is_escalated_to_stage_1_with_the_team_manager_offered(
    client, child, iro, team_manager, drift
):
    informal = services.resolution_raise(
        child=child,
        by=iro,
        kind=Kind.INFORMAL,
        raised_on=RAISED,
        themes=[drift],
        concern="c",
        requested="r",
    )
    client.force_login(iro)
    detail = client.get(reverse("resolutions:detail", args=[informal.pk])).content.decode()
    assert "Record the outcome" in detail and "No timescale" in detail
    url = reverse("resolutions:escalate", args=[informal.pk])
    assert client.get(url).context["form"]["responder"].initial == team_manager
    client.post(url, {"responder": team_manager.pk, **date_fields("started_on", RAISED)})
    informal.refresh_from_db()
    assert informal.kind == Kind.FORMAL
    assert informal.stages.get(stage=Stage.STAGE_1).responder == team_manager


def test_the_lists_run_a_fixed_number_of_queries(
    client, child, iro, iro_manager, team_manager, drift, no_pep, django_assert_num_queries
):
    from tests.queries import count_queries

    def add():
        services.resolution_raise(
            child=child,
            by=iro,
            kind=Kind.FORMAL,
            raised_on=RAISED,
            themes=[drift, no_pep],
            concern="c",
            requested="r",
            responder=team_manager,
        )

    add()
    pages = [
        (iro_manager, reverse("resolutions:open")),
        (team_manager, reverse("resolutions:awaiting")),
    ]
    counted = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        with count_queries() as one:
            client.get(url)
        counted.append(one.count)
    for _ in range(4):
        add()
    for (user, url), expected in zip(pages, counted, strict=True):
        client.force_login(user)
        client.get(url)
        with django_assert_num_queries(expected):
            body = client.get(url).content.decode()
        assert body.count(child.full_name) >= 5

"""The rules of raising, answering, escalating, resolving and closing a dispute
resolution, and of Quality of Practice forms: each in one transaction, bad input saves
nothing, and every change is in the history."""

from datetime import date

import pytest

from accounts.models import Role
from core.exceptions import ApplicationError
from resolutions import services
from resolutions.models import (
    Kind,
    QopForm,
    QopReason,
    Resolution,
    ResolutionStage,
    Stage,
    StageOutcome,
    Status,
    Theme,
)
from tests.resolutions.conftest import person

pytestmark = pytest.mark.django_db

RAISED = date(2025, 12, 17)


def raise_formal(child, iro, responder, themes, on=RAISED):
    return services.resolution_raise(
        child=child,
        by=iro,
        kind=Kind.FORMAL,
        raised_on=on,
        themes=themes,
        concern="The permanence plan has not moved since the review in June.",
        requested="A date for the fostering panel.",
        responder=responder,
    )


def respond(resolution, by, on):
    return services.stage_respond(
        resolution=resolution,
        by=by,
        response="Panel booked.",
        responded_on=on,
        outcome=StageOutcome.AGREED,
    )


def test_lists_are_seeded_from_the_councils_published_lists():
    assert Theme.objects.filter(name="No PEP", active=True).exists()
    assert Theme.objects.filter(name="Risks not addressed effectively").exists()
    assert QopReason.objects.filter(name="Visit done but not recorded").exists()
    assert Theme.history.filter(name="No PEP", history_type="+").exists()


def test_missing_entries_are_put_back_and_an_administrators_changes_kept():
    from resolutions.seeds import THEMES, ensure_lists

    Theme.objects.filter(name="No PEP").delete()
    Theme.objects.filter(name="Other").update(active=False)
    Theme.objects.create(name="Our own theme")
    ensure_lists()
    assert Theme.objects.filter(name="No PEP", active=True).exists()
    assert not Theme.objects.get(name="Other").active
    assert Theme.objects.count() == len(THEMES) + 1


def test_a_formal_resolution_starts_at_stage_1_with_its_responder(child, iro, team_manager, drift):
    resolution = raise_formal(child, iro, team_manager, [drift])
    assert resolution.status == Status.OPEN
    assert list(resolution.themes.all()) == [drift]
    (stage,) = resolution.stages.all()
    assert (stage.stage, stage.responder, stage.started_on) == (
        Stage.STAGE_1,
        team_manager,
        RAISED,
    )
    # The themes are in the history too (the latest snapshot holds them).
    latest = resolution.history.first()
    assert list(latest.themes.values_list("theme", flat=True)) == [drift.pk]
    assert stage.history.count() == 1


def test_an_informal_resolution_starts_with_a_discussion_and_no_responder(child, iro, drift):
    resolution = services.resolution_raise(
        child=child,
        by=iro,
        kind=Kind.INFORMAL,
        raised_on=RAISED,
        themes=[drift],
        concern="Plan late.",
        requested="Plan updated.",
    )
    (stage,) = resolution.stages.all()
    assert stage.stage == Stage.INFORMAL and stage.responder is None


def test_the_default_stage_1_responder_is_the_social_workers_team_manager(child, team_manager):
    assert services.default_stage_1_responder(child=child) == team_manager


@pytest.mark.parametrize(
    "change, field",
    [
        ({"themes": []}, "themes"),
        ({"concern": "   "}, "concern"),
        ({"requested": ""}, "requested"),
        ({"raised_on": date(2099, 1, 1)}, "raised_on"),
        ({"raised_on": None}, "raised_on"),
        ({"kind": "sideways"}, "kind"),
        ({"responder": None}, "responder"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    child, iro, team_manager, drift, change, field
):
    values = {
        "child": child,
        "by": iro,
        "kind": Kind.FORMAL,
        "raised_on": RAISED,
        "themes": [drift],
        "concern": "Drift.",
        "requested": "A plan.",
        "responder": team_manager,
    }
    values.update(change)
    with pytest.raises(ApplicationError) as error:
        services.resolution_raise(**values)
    assert error.value.field == field
    assert not Resolution.objects.exists() and not ResolutionStage.objects.exists()


def test_the_responder_must_be_a_manager_who_can_see_the_child(
    child, iro, social_worker, other_tm, drift
):
    with pytest.raises(ApplicationError, match="team manager, IRO manager or senior manager"):
        raise_formal(child, iro, social_worker, [drift])
    with pytest.raises(ApplicationError, match="cannot open this child's record"):
        raise_formal(child, iro, other_tm, [drift])
    assert not Resolution.objects.exists()


def test_a_social_worker_may_not_raise(child, social_worker, team_manager, drift):
    with pytest.raises(ApplicationError, match="You cannot raise"):
        raise_formal(child, social_worker, team_manager, [drift])


def test_only_the_named_responder_answers_a_formal_stage(
    child, iro, iro_manager, team_manager, drift
):
    resolution = raise_formal(child, iro, team_manager, [drift])
    for someone in (iro, iro_manager):
        with pytest.raises(ApplicationError, match="Only .* can respond"):
            respond(resolution, someone, date(2025, 12, 19))
    stage = respond(resolution, team_manager, date(2025, 12, 19))
    assert stage.responded_on == date(2025, 12, 19) and stage.outcome == StageOutcome.AGREED
    with pytest.raises(ApplicationError, match="already been answered"):
        respond(resolution, team_manager, date(2025, 12, 20))


def test_a_response_cannot_be_dated_before_the_stage_started(child, iro, team_manager, drift):
    resolution = raise_formal(child, iro, team_manager, [drift])
    with pytest.raises(ApplicationError) as error:
        respond(resolution, team_manager, date(2025, 12, 16))
    assert error.value.field == "responded_on"
    with pytest.raises(ApplicationError) as error:
        services.stage_respond(
            resolution=resolution, by=team_manager, response="x", responded_on=RAISED, outcome=""
        )
    assert error.value.field == "outcome"
    assert ResolutionStage.objects.get().responded_on is None


def test_escalation_runs_1_2_3_4_then_cafcass_and_no_further(
    child, iro, team_manager, iro_manager, senior, drift
):
    resolution = raise_formal(child, iro, team_manager, [drift])
    for expected, responder in (
        (Stage.STAGE_2, iro_manager),
        (Stage.STAGE_3, senior),
        (Stage.STAGE_4, senior),
    ):
        stage = services.resolution_escalate(
            resolution=resolution,
            by=iro,
            started_on=date(2026, 1, expected * 5),
            responder=responder,
        )
        assert stage.stage == expected and stage.responder == responder
    with pytest.raises(ApplicationError) as error:
        services.resolution_escalate(
            resolution=resolution, by=iro, started_on=date(2026, 2, 2), responder=senior
        )
    assert error.value.field == "responder"
    cafcass = services.resolution_escalate(
        resolution=resolution, by=iro, started_on=date(2026, 2, 2)
    )
    assert cafcass.stage == Stage.CAFCASS and cafcass.responder is None
    with pytest.raises(ApplicationError, match="last stage"):
        services.resolution_escalate(resolution=resolution, by=iro, started_on=date(2026, 2, 3))
    # The referral's date and outcome are recorded by the IRO service.
    respond(resolution, iro, date(2026, 2, 10))
    assert resolution.stages.get(stage=Stage.CAFCASS).responded_on == date(2026, 2, 10)


def test_stages_2_to_4_need_a_responder_and_the_escalation_date_follows_the_stage(
    child, iro, team_manager, drift
):
    resolution = raise_formal(child, iro, team_manager, [drift])
    with pytest.raises(ApplicationError) as error:
        services.resolution_escalate(resolution=resolution, by=iro, started_on=date(2026, 1, 5))
    assert error.value.field == "responder"
    with pytest.raises(ApplicationError) as error:
        services.resolution_escalate(
            resolution=resolution, by=iro, started_on=date(2025, 12, 1), responder=team_manager
        )
    assert error.value.field == "started_on"
    assert resolution.stages.count() == 1


def test_an_informal_resolution_escalated_becomes_formal(child, iro, team_manager, drift):
    resolution = services.resolution_raise(
        child=child,
        by=iro,
        kind=Kind.INFORMAL,
        raised_on=RAISED,
        themes=[drift],
        concern="Plan late.",
        requested="Plan updated.",
    )
    stage = services.resolution_escalate(
        resolution=resolution, by=iro, started_on=date(2026, 1, 5), responder=team_manager
    )
    resolution.refresh_from_db()
    assert stage.stage == Stage.STAGE_1 and resolution.kind == Kind.FORMAL


def test_a_resolved_resolution_cannot_be_escalated_and_is_closed_with_its_impact(
    child, iro, team_manager, drift
):
    resolution = raise_formal(child, iro, team_manager, [drift])
    with pytest.raises(ApplicationError, match="must be resolved before"):
        services.resolution_close(
            resolution=resolution, by=iro, closed_on=date(2026, 1, 9), impact="Settled."
        )
    with pytest.raises(ApplicationError) as error:
        services.resolution_resolve(
            resolution=resolution, by=iro, resolved_on=date(2026, 1, 6), outcome=" "
        )
    assert error.value.field == "outcome"
    services.resolution_resolve(
        resolution=resolution, by=iro, resolved_on=date(2026, 1, 6), outcome="Panel on 20 Jan."
    )
    with pytest.raises(ApplicationError, match="Only an open resolution"):
        services.resolution_escalate(
            resolution=resolution, by=iro, started_on=date(2026, 1, 7), responder=team_manager
        )
    with pytest.raises(ApplicationError) as error:
        services.resolution_close(
            resolution=resolution, by=iro, closed_on=date(2026, 1, 9), impact=""
        )
    assert error.value.field == "impact"
    with pytest.raises(ApplicationError) as error:
        services.resolution_close(
            resolution=resolution, by=iro, closed_on=date(2026, 1, 5), impact="Settled."
        )
    assert error.value.field == "closed_on"
    services.resolution_close(
        resolution=resolution,
        by=iro,
        closed_on=date(2026, 1, 30),
        impact="Robin knows where she will live.",
    )
    resolution.refresh_from_db()
    assert resolution.status == Status.CLOSED
    statuses = [h.status for h in resolution.history.order_by("history_id")]
    assert statuses[-2:] == ["resolved", "closed"] and statuses[0] == "open"


def test_the_iro_writes_the_letter_to_the_child(child, iro, team_manager, drift):
    resolution = raise_formal(child, iro, team_manager, [drift])
    with pytest.raises(ApplicationError) as error:
        services.resolution_letter(resolution=resolution, by=iro, letter="")
    assert error.value.field == "letter"
    services.resolution_letter(resolution=resolution, by=iro, letter="Dear Robin,")
    resolution.refresh_from_db()
    assert resolution.letter == "Dear Robin,"


def test_a_qop_form_is_raised_answered_by_its_recipient_and_escalated_once(
    child, iro, social_worker, team_manager, chronology, drift
):
    form = services.qop_raise(
        child=child,
        by=iro,
        raised_on=RAISED,
        reasons=[chronology],
        details="The chronology stops in March.",
        recipient=social_worker,
    )
    assert list(form.reasons.all()) == [chronology]
    with pytest.raises(ApplicationError, match="Only .* can respond"):
        services.qop_respond(form=form, by=team_manager, response="Done", responded_on=RAISED)
    services.qop_respond(
        form=form, by=social_worker, response="Updated.", responded_on=date(2025, 12, 19)
    )
    resolution = services.qop_escalate(
        form=form,
        by=iro,
        kind=Kind.FORMAL,
        raised_on=date(2026, 1, 5),
        themes=[drift],
        concern="Still no chronology.",
        requested="Chronology by Friday.",
        responder=team_manager,
    )
    form.refresh_from_db()
    assert form.escalated_to == resolution and resolution.qop_form == form
    with pytest.raises(ApplicationError, match="already been escalated"):
        services.qop_escalate(
            form=form,
            by=iro,
            kind=Kind.INFORMAL,
            raised_on=date(2026, 1, 5),
            themes=[drift],
            concern="x",
            requested="y",
        )
    assert Resolution.objects.count() == 1


def test_a_failed_qop_escalation_saves_nothing(child, iro, social_worker, chronology):
    form = services.qop_raise(
        child=child,
        by=iro,
        raised_on=RAISED,
        reasons=[chronology],
        details="x",
        recipient=social_worker,
    )
    with pytest.raises(ApplicationError) as error:
        services.qop_escalate(
            form=form,
            by=iro,
            kind=Kind.FORMAL,
            raised_on=RAISED,
            themes=[],
            concern="x",
            requested="y",
        )
    assert error.value.field == "themes"
    form.refresh_from_db()
    assert form.escalated_to is None and not Resolution.objects.exists()


def test_a_qop_form_goes_only_to_someone_who_can_see_the_child(child, iro, outsider, chronology):
    with pytest.raises(ApplicationError) as error:
        services.qop_raise(
            child=child,
            by=iro,
            raised_on=RAISED,
            reasons=[chronology],
            details="x",
            recipient=outsider,
        )
    assert error.value.field == "recipient"
    with pytest.raises(ApplicationError) as error:
        services.qop_raise(
            child=child, by=iro, raised_on=RAISED, reasons=[], details="x", recipient=outsider
        )
    assert error.value.field == "reasons"
    assert not QopForm.objects.exists()


def test_a_personal_adviser_may_not_raise_a_qop_form(child, social_worker, chronology):
    adviser = person(Role.PERSONAL_ADVISER)
    with pytest.raises(ApplicationError):
        services.qop_raise(
            child=child,
            by=adviser,
            raised_on=RAISED,
            reasons=[chronology],
            details="x",
            recipient=social_worker,
        )


def test_nobody_acts_on_a_child_they_cannot_see(child, iro, other_iro, team_manager, drift):
    with pytest.raises(ApplicationError, match="cannot open this child's record"):
        raise_formal(child, other_iro, team_manager, [drift])
    resolution = raise_formal(child, iro, team_manager, [drift])
    for call in (
        lambda: services.resolution_escalate(
            resolution=resolution, by=other_iro, started_on=RAISED, responder=team_manager
        ),
        lambda: services.resolution_resolve(
            resolution=resolution, by=other_iro, resolved_on=RAISED, outcome="o"
        ),
        lambda: services.resolution_letter(resolution=resolution, by=other_iro, letter="l"),
    ):
        with pytest.raises(ApplicationError, match="cannot open this child's record"):
            call()
    assert resolution.stages.count() == 1

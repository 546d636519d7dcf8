"""The demo's resolutions and QoP forms: at the rates the councils report, consistent with
the rules, and one awaiting the demo team manager."""

from datetime import date

import pytest

from accounts.models import User
from demo.builder import build_demo
from resolutions.models import Kind, QopForm, Resolution, ResolutionStage, Stage, Status
from resolutions.selectors import awaiting_response

TODAY = date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_resolutions_follow_the_rules_and_the_team_manager_has_one_to_answer():
    build_demo(children=150, seed=2, today=TODAY)
    resolutions = list(Resolution.objects.prefetch_related("stages", "themes"))
    formal = [r for r in resolutions if r.kind == Kind.FORMAL]
    informal = [r for r in resolutions if r.kind == Kind.INFORMAL]
    assert formal and len(informal) > len(formal)
    for r in resolutions:
        stages = sorted(r.stages.all(), key=lambda s: s.stage)
        assert stages and r.themes.all()
        first = Stage.STAGE_1 if r.kind == Kind.FORMAL else Stage.INFORMAL
        assert [s.stage for s in stages] == list(range(first, first + len(stages)))
        assert stages[0].started_on == r.raised_on <= TODAY
        for before, after in zip(stages, stages[1:], strict=False):
            assert before.responded_on and after.started_on > before.responded_on
        for s in stages:
            assert (s.responder_id is None) == (s.stage in (Stage.INFORMAL, Stage.CAFCASS))
            assert s.responded_on is None or s.started_on < s.responded_on < TODAY
        if r.status != Status.OPEN:
            assert r.resolved_on and r.resolved_on < TODAY and r.outcome
        if r.status == Status.CLOSED:
            assert r.closed_on and r.impact and r.closed_on < TODAY
    reached_1 = sum(1 for r in formal if max(s.stage for s in r.stages.all()) == 1)
    assert reached_1 / len(formal) > 0.6
    assert QopForm.objects.exists()
    # Every stage has its history from creation (earlier tests may leave history rows of
    # their own behind, so the check is by id, not by count).
    created = set(ResolutionStage.history.filter(history_type="+").values_list("id", flat=True))
    assert set(ResolutionStage.objects.values_list("pk", flat=True)) <= created
    manager = User.objects.get(username="team.manager")
    assert awaiting_response(user=manager)

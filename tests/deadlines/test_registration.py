"""The engine knows its rules only from what the apps register (decision 0023): a rule,
the facts it reads with their loader and tables, and its timescale. A made-up health
rule registered here, as health/deadline_rules.py would register it, is listed, watched,
given a setting and evaluated by the recompute like every other."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings

from deadlines import facts as engine_facts
from deadlines import rules as engine_rules
from deadlines import timescales as engine_timescales
from deadlines import triggers
from deadlines.facts import Batch, ChildFacts, Children, RecordDate, register_facts
from deadlines.rules import REGISTRY, Due, RuleContext, long_date, rule, rule_choices
from deadlines.timescales import RuleSettings, install_timescales, rule_settings, timescale

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_registry():
    """The registries as they are, put back after the test (the rule order too)."""
    registries: list[dict] = [
        REGISTRY,
        engine_facts.PARTS,
        engine_facts._PART_FIELDS,
        engine_timescales.TIMESCALES,
        settings.CONSTANCE_CONFIG,
        settings.CONSTANCE_CONFIG_FIELDSETS,
        triggers.WATCHED,
    ]
    saved = [dict(registry) for registry in registries]
    yield
    for registry, kept in zip(registries, saved, strict=True):
        registry.clear()
        registry.update(kept)


@dataclass
class OpticianFacts:
    """Optician checks since the earliest open period began, earliest first."""

    optician_checks: list[RecordDate] = field(default_factory=list)


def register_optician_rule() -> None:
    """What health/deadline_rules.py would hold for a yearly optician check."""
    from health.models import OpticianCheck

    timescale(
        "OPTICIAN_CHECK_MONTHS",
        12,
        "Most months between optician checks of a looked-after child (default 12).",
        fieldset="Health",
    )

    @register_facts(OpticianFacts, tables={"health.OpticianCheck": "child_id"})
    def load_optician_facts(batch: Batch, facts: Children) -> None:
        earliest = facts.earliest_start()
        if earliest is None:
            return
        rows = batch.filter(OpticianCheck.objects.filter(checked_on__gte=earliest))
        for child_id, pk, on in rows.order_by("child_id", "checked_on", "pk").values_list(
            "child_id", "pk", "checked_on"
        ):
            facts[child_id].part(OpticianFacts).optician_checks.append(RecordDate(pk, on))

    @rule(
        code="optician_check",
        title="Optician check",
        source="Local policy (default every 12 months)",
        responsible="social_worker",
        order=555,
    )
    def optician_check(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
        """A looked-after child sees an optician every OPTICIAN_CHECK_MONTHS months
        (default 12) from becoming looked after: a made-up rule of the tests."""
        if facts.period_start is None:
            return
        months = ctx.settings.OPTICIAN_CHECK_MONTHS
        checks = [
            c for c in facts.part(OpticianFacts).optician_checks if c.on >= facts.period_start
        ]
        last = checks[-1].on if checks else facts.period_start
        due = last + relativedelta(months=months)
        yield Due(f"period:{facts.period_id}", due, f"Optician check by {long_date(due)}")


def test_the_registry_the_watched_tables_and_the_settings_come_from_registrations(
    scratch_registry,
):
    assert "optician_check" not in REGISTRY
    assert "health.OpticianCheck" not in engine_facts.watched_tables()
    register_optician_rule()

    # Listed by its order: after the health rules, before the education ones.
    codes = [code for code, _ in rule_choices()]
    assert (
        codes.index("health_summary") < codes.index("optician_check") < codes.index("pep_initial")
    )
    assert engine_facts.watched_tables()["health.OpticianCheck"] == "child_id"
    assert RuleSettings().OPTICIAN_CHECK_MONTHS == 12
    assert RuleSettings(OPTICIAN_CHECK_MONTHS=6).OPTICIAN_CHECK_MONTHS == 6
    # The administrator's settings: the default and help text as declared, in the
    # fieldset named, after the health timescales already there.
    config: dict[str, tuple] = {}
    fieldsets: dict[str, tuple[str, ...]] = {}
    install_timescales(config, fieldsets)
    assert config["OPTICIAN_CHECK_MONTHS"] == (
        12,
        "Most months between optician checks of a looked-after child (default 12).",
        int,
    )
    assert fieldsets["Health"][-1] == "OPTICIAN_CHECK_MONTHS"
    assert fieldsets["Health"][:-1] == settings.CONSTANCE_CONFIG_FIELDSETS["Health"]
    # A fact by the name of another app's is refused.
    with pytest.raises(ValueError, match="repeat"):

        @dataclass
        class Clash:
            optician_checks: list[RecordDate] = field(default_factory=list)

        register_facts(Clash, tables={})(lambda batch, facts: None)


def test_a_rule_registered_by_an_app_is_evaluated_by_the_recompute(
    scratch_registry, social_worker, monkeypatch
):
    """Looked after from Monday 2 June 2025; an optician check on 15 September 2025:
    the next is due 12 calendar months later, on 15 September 2026."""
    from deadlines.models import Deadline
    from deadlines.services import recompute
    from health.models import OpticianCheck
    from tests.children.builders import register

    register_optician_rule()
    install_timescales(settings.CONSTANCE_CONFIG, settings.CONSTANCE_CONFIG_FIELDSETS)
    triggers.connect()
    assert rule_settings().OPTICIAN_CHECK_MONTHS == 12

    child = register(social_worker, start=date(2025, 6, 2))
    recompute(child_ids=[child.pk], today=date(2025, 6, 2))
    deadline = Deadline.objects.get(child=child, rule="optician_check")
    assert deadline.due_date == date(2026, 6, 2)
    assert deadline.rule_title == "Optician check"

    # The table is watched: recording a check queues the child's recompute.
    changed: list[int | None] = []
    monkeypatch.setattr(triggers, "child_changed", changed.append)
    OpticianCheck.objects.create(child=child, checked_on=date(2025, 9, 15))
    assert changed == [child.pk]
    recompute(child_ids=[child.pk], today=date(2025, 9, 15))
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 9, 15)
    assert deadline.explanation == "Optician check by 15 September 2026"


def test_the_engine_registers_no_rule_of_its_own():
    """Every registered rule is defined in an app's deadline_rules module."""
    assert REGISTRY
    for registered in REGISTRY.values():
        module = registered.function.__module__
        assert module.endswith(".deadline_rules") and not module.startswith("deadlines"), module
    assert engine_rules.REGISTRY is REGISTRY

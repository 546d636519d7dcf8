"""The EUSS rules, with dates a practitioner would check by hand."""

from datetime import date
from types import SimpleNamespace

import pytest

from euss import rules
from euss.models import EussRecord, EussStatus


def child(dob=date(2012, 5, 10)):
    return SimpleNamespace(date_of_birth=dob)


def record(status, **kwargs):
    return EussRecord(status=status, **kwargs)


TODAY = date(2025, 6, 1)


def shown(text: str | None) -> str:
    assert text is not None
    return text


class TestEligibility:
    def test_an_eu_eea_or_swiss_nationality_makes_a_child_eligible(self):
        assert rules.is_eligible(["PL"], False)
        assert rules.is_eligible(["NO"], False)  # EEA, not EU
        assert rules.is_eligible(["CH"], False)
        assert rules.is_eligible(["GB", "RO"], False)

    def test_british_or_other_nationals_are_not_unless_family_members(self):
        assert not rules.is_eligible(["GB"], False)
        assert not rules.is_eligible(["NG", "ZZ"], False)
        assert not rules.is_eligible([], False)
        assert rules.is_eligible(["NG"], True)


class TestSettledEligibilityDate:
    def test_five_years_to_the_day(self):
        assert rules.settled_eligibility_date(date(2020, 3, 14)) == date(2025, 3, 14)

    def test_a_29_february_start_reaches_five_years_on_28_february(self):
        assert rules.settled_eligibility_date(date(2020, 2, 29)) == date(2025, 2, 28)

    def test_the_pre_settled_grant_date_stands_in_for_an_unknown_residence_start(self):
        r = record(EussStatus.PRE_SETTLED, pre_settled_date=date(2021, 8, 2))
        assert r.settled_eligibility_date == date(2026, 8, 2)
        r.residence_start = date(2019, 1, 15)
        assert r.settled_eligibility_date == date(2024, 1, 15)


class TestEighteenthBirthday:
    def test_a_29_february_child_turns_18_on_1_march(self):
        assert rules.eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)

    def test_otherwise_the_same_date(self):
        assert rules.eighteenth_birthday(date(2008, 7, 4)) == date(2026, 7, 4)


class TestBanner:
    def test_an_eligible_child_without_a_record_needs_action(self):
        assert "no EUSS record" in shown(
            rules.banner_for(None, child(), TODAY, nationalities=["PL"])
        )

    def test_a_child_without_eu_nationality_and_no_record_has_no_banner(self):
        assert rules.banner_for(None, child(), TODAY, nationalities=["GB"]) is None

    @pytest.mark.parametrize(
        "status",
        [EussStatus.NOT_APPLIED, EussStatus.APPLIED, EussStatus.REFUSED, EussStatus.APPEAL],
    )
    def test_no_decision_needs_action(self, status):
        assert rules.banner_for(record(status), child(), TODAY, nationalities=["LT"])

    @pytest.mark.parametrize("status", [EussStatus.SETTLED, EussStatus.NOT_ELIGIBLE])
    def test_settled_or_not_eligible_needs_nothing(self, status):
        assert rules.banner_for(record(status), child(), TODAY, nationalities=["LT"]) is None

    def test_settled_eligibility_exactly_180_days_away_warns_and_181_does_not(self):
        # Residence from 28 November 2020: 5 years on 28 November 2025.
        # 1 June 2025 to 28 November 2025 is 30+31+31+30+31+27 = 180 days.
        r = record(
            EussStatus.PRE_SETTLED,
            residence_start=date(2020, 11, 28),
            pre_settled_date=date(2021, 2, 1),
        )
        assert (date(2025, 11, 28) - TODAY).days == 180
        text = shown(rules.banner_for(r, child(), TODAY, nationalities=["PT"], days=180))
        assert "eligible for settled status on 28 November 2025" in text
        assert (
            rules.banner_for(r, child(), date(2025, 5, 31), nationalities=["PT"], days=180) is None
        )

    def test_past_the_settled_eligibility_date_without_settled_status_warns(self):
        r = record(EussStatus.PRE_SETTLED, pre_settled_date=date(2020, 6, 1))
        text = shown(rules.banner_for(r, child(), TODAY, nationalities=["PT"], days=180))
        assert "eligible for settled status since 1 June 2025" in text

    def test_the_warning_window_follows_the_setting(self, settings):
        r = record(EussStatus.PRE_SETTLED, pre_settled_date=date(2021, 6, 1))  # eligible 1 Jun 2026
        assert rules.banner_for(r, child(), TODAY, nationalities=["PT"]) is None
        settings.EUSS_WARNING_DAYS = 365
        assert rules.banner_for(r, child(), TODAY, nationalities=["PT"])

    def test_pre_settled_child_turning_18_within_the_window_warns(self):
        r = record(EussStatus.PRE_SETTLED, pre_settled_date=date(2024, 1, 10))  # eligible 2029
        # Born 28 November 2007: 18 on 28 November 2025, exactly 180 days after 1 June 2025.
        text = shown(
            rules.banner_for(r, child(date(2007, 11, 28)), TODAY, nationalities=["IT"], days=180)
        )
        assert "Turns 18 and leaves care on 28 November 2025" in text
        assert (
            rules.banner_for(r, child(date(2007, 11, 29)), TODAY, nationalities=["IT"], days=180)
            is None
        )
        # On the 18th birthday the child has left care: the leaving-care warning stops.
        assert (
            rules.banner_for(r, child(date(2007, 6, 1)), TODAY, nationalities=["IT"], days=180)
            is None
        )

    def test_a_29_february_child_is_warned_counting_to_1_march(self):
        r = record(EussStatus.PRE_SETTLED, pre_settled_date=date(2024, 1, 10))
        # 18 on 1 March 2026; 2 September 2025 is 180 days before.
        assert (date(2026, 3, 1) - date(2025, 9, 2)).days == 180
        assert rules.banner_for(
            r, child(date(2008, 2, 29)), date(2025, 9, 2), nationalities=["IT"], days=180
        )
        assert (
            rules.banner_for(
                r, child(date(2008, 2, 29)), date(2025, 9, 1), nationalities=["IT"], days=180
            )
            is None
        )

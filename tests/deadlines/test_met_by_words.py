"""How a deadline says what met it: the words kept for each kind of record, or the
model's own name for a kind added later, so that a new rule needs no words here."""

from deadlines.models import Deadline


def test_a_kind_with_words_kept_for_it():
    assert Deadline(rule="care_plan", met_by="casework.careplan:3").met_by_label == (
        "care plan agreed"
    )


def test_a_kind_without_words_reads_its_models_name():
    # Visits meet visit deadlines; no words are kept for them.
    assert Deadline(rule="sw_visit", met_by="casework.visit:7").met_by_label == "visit"


def test_nothing_or_an_unknown_kind_says_nothing():
    assert Deadline(rule="sw_visit", met_by="").met_by_label == ""
    assert Deadline(rule="sw_visit", met_by="nowhere.nothing:1").met_by_label == ""

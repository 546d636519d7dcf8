"""The daily digest of deadlines due soon and overdue: one email per person, each
reminder once per deadline, stage and due date.

A child registered on Tuesday 2 January 2024 gives the social worker a first visit
due by 9 January (1 week, reg 28) and a care plan due by 16 January (10 working
days, reg 4), and the IRO manager an IRO allocation due by 4 January.
"""

from datetime import date
from io import StringIO
from smtplib import SMTPException
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from casework.services import visit_record
from deadlines import reminders
from deadlines.models import Deadline, Reminder, ReminderStage
from deadlines.reminders import send_digests
from deadlines.services import recompute
from deadlines.tasks import send_deadline_reminders
from tests.children.builders import register
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("record_rules_only")]

START = date(2024, 1, 2)
# The visit (9 January) and the care plan (16 January) are due soon.
BOTH_DUE_SOON = date(2024, 1, 5)
# The visit is overdue; the care plan is still due soon.
VISIT_OVERDUE = date(2024, 1, 10)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://harbour.example.org/"


@pytest.fixture
def worker(social_worker):
    social_worker.email = "sw.a@example.org"
    social_worker.save()
    return social_worker


@pytest.fixture
def amira(worker):
    return register(
        worker,
        START,
        la_reference="HB000123",
        first_name="Amira",
        last_name="Khan",
        # Under 16 on the real today too (the command test recomputes as of today), so
        # that no leaving-care deadline joins her social worker's digest.
        date_of_birth=date(2012, 6, 1),
    )


@pytest.fixture
def ben(worker):
    return register(
        worker,
        START,
        la_reference="HB000124",
        first_name="Ben",
        last_name="Osei",
        date_of_birth=date(2011, 3, 9),
    )


def run_on(day, *children):
    """The night's recompute, then the morning's digests."""
    recompute(child_ids=[c.pk for c in children], today=day)
    return send_digests(today=day)


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def html_of(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


def deadline(child, rule):
    return Deadline.objects.get(child=child, rule=rule)


def test_each_person_gets_one_email_listing_their_overdue_then_due_soon_deadlines(
    worker, amira, ben
):
    result = run_on(VISIT_OVERDUE, amira, ben)

    assert result.users_emailed == 1
    assert result.reminders_recorded == 4
    [message] = emails_to(worker)
    assert message.subject == "Harbour: 2 overdue and 2 due soon"
    body = message.body
    overdue, due_soon = body.split("DUE SOON (2)")
    assert "OVERDUE (2)" in overdue
    assert "HB000123 (Amira K.)" in overdue and "HB000124 (Ben O.)" in overdue
    assert "Social worker visit: was due by 9 January 2024" in overdue
    assert "Next visit by 9 January 2024: first visit within 1 week" in overdue
    assert "Care plan agreed: due by 16 January 2024" in due_soon
    assert f"https://harbour.example.org/children/{amira.pk}/" in body
    assert "All your deadlines are in My work: https://harbour.example.org/deadlines/" in body
    # The IRO allocation is the IRO manager's work, not the social worker's.
    assert "IRO allocated" not in body
    html = html_of(message)
    assert "HB000123 (Amira K.)" in html
    assert f'href="https://harbour.example.org/children/{amira.pk}/"' in html
    assert 'href="https://harbour.example.org/deadlines/"' in html


def test_a_rule_owned_by_a_role_is_reminded_to_everyone_in_that_role(amira):
    iro_manager = UserFactory(role=Role.IRO_MANAGER, email="principal.iro@example.org")

    run_on(BOTH_DUE_SOON, amira)

    [message] = emails_to(iro_manager)
    assert message.subject == "Harbour: 1 overdue"
    assert "IRO allocated: was due by 4 January 2024" in message.body
    assert "Social worker visit" not in message.body


def test_nobody_is_told_about_deadlines_that_are_not_their_work(worker, amira, teammate, outsider):
    teammate.email = "sw.a2@example.org"
    teammate.save()
    outsider.email = "sw.b@example.org"
    outsider.save()
    zara = register(
        outsider,
        START,
        la_reference="HB000200",
        first_name="Zara",
        last_name="Pell",
        date_of_birth=date(2012, 2, 2),
    )

    run_on(BOTH_DUE_SOON, amira, zara)

    [theirs] = emails_to(outsider)
    assert "HB000200 (Zara P.)" in theirs.body
    assert "HB000123" not in theirs.body and "Amira" not in theirs.body
    [mine] = emails_to(worker)
    assert "HB000200" not in mine.body and "Zara" not in mine.body
    # A teammate may open Amira's record but is not her social worker.
    assert emails_to(teammate) == []
    assert not Reminder.objects.filter(user=teammate).exists()


def test_no_subject_names_a_child(worker, amira, ben):
    UserFactory(role=Role.IRO_MANAGER, email="principal.iro@example.org")

    run_on(BOTH_DUE_SOON, amira, ben)
    run_on(VISIT_OVERDUE, amira, ben)

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        for child in (amira, ben):
            assert child.first_name not in message.subject
            assert child.last_name not in message.subject
            assert child.la_reference not in message.subject


def test_a_second_run_the_same_day_sends_nothing(worker, amira):
    run_on(BOTH_DUE_SOON, amira)
    recorded = Reminder.objects.count()

    again = run_on(BOTH_DUE_SOON, amira)

    assert again.users_emailed == 0 and again.reminders_recorded == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == recorded == 2


def test_a_deadline_that_becomes_overdue_is_reminded_once_more(worker, amira):
    run_on(BOTH_DUE_SOON, amira)
    run_on(VISIT_OVERDUE, amira)
    run_on(VISIT_OVERDUE, amira)
    run_on(date(2024, 1, 11), amira)

    first, second = emails_to(worker)
    assert first.subject == "Harbour: 2 due soon"
    # The care plan is still due soon: it was reminded of already.
    assert second.subject == "Harbour: 1 overdue"
    assert "Social worker visit: was due by 9 January 2024" in second.body
    assert "Care plan" not in second.body
    stages = Reminder.objects.filter(deadline=deadline(amira, "sw_visit")).values_list(
        "stage", flat=True
    )
    assert sorted(stages) == [ReminderStage.DUE_SOON, ReminderStage.OVERDUE]


def test_a_deadline_whose_due_date_moves_is_reminded_again(worker, amira):
    run_on(BOTH_DUE_SOON, amira)
    visit_record(
        child=amira,
        visit_date=date(2024, 1, 8),
        seen_alone=True,
        bedroom_seen=True,
        visited_by=worker,
        by=worker,
    )
    # The next visit is due 6 weeks after the first: 19 February 2024.
    run_on(date(2024, 1, 9), amira)
    run_on(date(2024, 2, 12), amira)

    assert len(emails_to(worker)) == 2
    latest = emails_to(worker)[-1]
    assert "Social worker visit: due by 19 February 2024" in latest.body
    reminded = Reminder.objects.filter(
        deadline=deadline(amira, "sw_visit"), stage=ReminderStage.DUE_SOON
    ).values_list("due_date", flat=True)
    assert sorted(reminded) == [date(2024, 1, 9), date(2024, 2, 19)]


def test_a_deadline_past_its_date_is_reminded_as_overdue_before_the_recompute_says_so(
    worker, amira
):
    recompute(child_ids=[amira.pk], today=BOTH_DUE_SOON)

    send_digests(today=VISIT_OVERDUE)

    [message] = emails_to(worker)
    assert message.subject == "Harbour: 1 overdue and 1 due soon"
    visit = deadline(amira, "sw_visit")
    assert visit.reminders.get().stage == ReminderStage.OVERDUE


def test_a_failed_send_records_nothing_and_the_next_run_sends(worker, amira):
    with mock.patch.object(EmailBackend, "send_messages", side_effect=SMTPException("refused")):
        failed = run_on(BOTH_DUE_SOON, amira)

    assert failed.users_failed == 1 and failed.users_emailed == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()

    retried = send_digests(today=BOTH_DUE_SOON)

    assert retried.users_emailed == 1
    assert len(emails_to(worker)) == 1
    assert Reminder.objects.count() == 2


def test_a_reminder_another_run_records_first_is_not_sent_twice(worker, amira):
    recompute(child_ids=[amira.pk], today=BOTH_DUE_SOON)
    work_out = reminders.digest_for

    def another_run_gets_there_first(**kwargs):
        digest = work_out(**kwargs)
        Reminder.objects.bulk_create(digest.reminders()[:1])
        return digest

    with mock.patch.object(reminders, "digest_for", another_run_gets_there_first):
        result = send_digests(today=BOTH_DUE_SOON)

    assert (result.users_emailed, result.users_skipped) == (0, 1)
    assert mail.outbox == []
    assert Reminder.objects.count() == 1


def test_one_persons_failed_send_does_not_hold_back_anothers(worker, amira, outsider):
    outsider.email = "sw.b@example.org"
    outsider.save()
    zara = register(
        outsider,
        START,
        la_reference="HB000200",
        first_name="Zara",
        last_name="Pell",
        date_of_birth=date(2012, 2, 2),
    )
    send = EmailBackend.send_messages

    def refuse_the_outsider(self, messages):
        if messages[0].to == [outsider.email]:
            raise SMTPException("mailbox unavailable")
        return send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", refuse_the_outsider):
        result = run_on(BOTH_DUE_SOON, amira, zara)

    assert (result.users_emailed, result.users_failed) == (1, 1)
    assert len(emails_to(worker)) == 1
    assert not Reminder.objects.filter(user=outsider).exists()


def test_a_person_without_an_email_address_or_no_longer_active_is_skipped(
    social_worker, amira, teammate
):
    social_worker.email = ""
    social_worker.save()

    result = run_on(BOTH_DUE_SOON, amira)

    assert result.users_emailed == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()

    social_worker.email = "sw.a@example.org"
    social_worker.is_active = False
    social_worker.save()

    assert send_digests(today=BOTH_DUE_SOON).users_emailed == 0
    assert mail.outbox == []


def test_the_queries_per_person_do_not_grow_with_their_deadlines(worker, amira, outsider):
    recompute(child_ids=[amira.pk], today=BOTH_DUE_SOON)
    with count_queries() as one_child:
        assert send_digests(today=BOTH_DUE_SOON).reminders_recorded == 2

    worker.is_active = False
    worker.save()
    outsider.email = "sw.b@example.org"
    outsider.save()
    children = [
        register(
            outsider,
            START,
            la_reference=f"HB00030{n}",
            first_name=name,
            last_name="Pell",
            date_of_birth=date(2012, 2, n + 1),
        )
        for n, name in enumerate(["Zara", "Yusuf", "Xena"])
    ]
    recompute(child_ids=[c.pk for c in children], today=BOTH_DUE_SOON)
    with count_queries() as three_children:
        assert send_digests(today=BOTH_DUE_SOON).reminders_recorded == 6

    # My work reads the person's allocations and resolution stages first (two small
    # queries), so that its deadlines are found through an index: a fixed cost.
    assert three_children.count == one_child.count <= 8


def test_the_daily_task_sends_the_digests(worker, amira):
    recompute(child_ids=[amira.pk])

    send_deadline_reminders()

    assert len(emails_to(worker)) == 1


def test_the_digests_go_out_each_morning_after_the_nights_recompute():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert schedule["recompute-all-deadlines"]["schedule"] == crontab(hour=1, minute=30)
    assert schedule["send-deadline-reminders"] == {
        "task": "deadlines.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    }


def test_the_command_prints_what_it_would_send_and_then_what_it_sent(worker, amira):
    recompute(child_ids=[amira.pk], today=timezone.localdate())
    out = StringIO()

    call_command("send_deadline_reminders", "--dry-run", stdout=out)

    assert "Would send to sw.a@example.org: Harbour: 2 overdue" in out.getvalue()
    assert "HB000123 (Amira K.)  Social worker visit" in out.getvalue()
    assert "nothing was sent" in out.getvalue()
    assert mail.outbox == [] and not Reminder.objects.exists()

    out = StringIO()
    call_command("send_deadline_reminders", stdout=out)

    assert "Sent to sw.a@example.org: Harbour: 2 overdue" in out.getvalue()
    assert "Emailed 1 person about 2 deadlines." in out.getvalue()
    assert len(mail.outbox) == 1

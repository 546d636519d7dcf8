"""The daily email digest of deadlines due soon and overdue.

`send_digests` is called by the Celery beat task `send_deadline_reminders` (every
morning, after the night's recompute) and by the `send_deadline_reminders`
management command. Each active user with an email address gets at most one
email a run, listing the deadlines in their work (`deadlines.selectors.my_work`,
the one definition of whose work a deadline is) that are overdue or due soon and
that they have not yet been reminded of at that stage for that due date.

A reminder is sent once per deadline, person, stage and due date: a deadline is
reminded of when it becomes due soon, again when it becomes overdue, and again
if the record moves its due date. The `Reminder` rows are the record of that,
and a database constraint.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from children.models import Child
from deadlines.calendar import long_date
from deadlines.models import Deadline, DeadlineStatus, Reminder, ReminderStage
from deadlines.selectors import my_work

logger = logging.getLogger(__name__)

TEMPLATES = "deadlines/email/"


class DigestNotSent(Exception):
    """The email backend accepted nothing: the digest's reminders must not be recorded."""


def child_short_name(child: Child) -> str:
    """The child's first name and the initial of their surname ("Amira K."): enough for
    the worker to know the child, without the full name travelling in an email."""
    initial = child.last_name.strip()[:1].upper()
    return f"{child.first_name} {initial}." if initial else child.first_name


def site_url(path: str) -> str:
    """An absolute address on the site (settings.SITE_URL), for links in emails."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@dataclass(frozen=True)
class DigestItem:
    """One deadline in a digest, at one stage."""

    deadline_id: int
    stage: str
    due_date: date
    child_reference: str
    child_name: str
    rule_title: str
    explanation: str
    child_url: str

    @property
    def due_date_text(self) -> str:
        return long_date(self.due_date)

    @property
    def child_label(self) -> str:
        """ "HB000123 (Amira K.)" """
        return f"{self.child_reference} ({self.child_name})"


@dataclass
class Digest:
    """One person's email: the deadlines they have not yet been reminded of."""

    user: User
    today: date
    items: list[DigestItem]

    @property
    def overdue(self) -> list[DigestItem]:
        return [i for i in self.items if i.stage == ReminderStage.OVERDUE]

    @property
    def due_soon(self) -> list[DigestItem]:
        return [i for i in self.items if i.stage == ReminderStage.DUE_SOON]

    @property
    def subject(self) -> str:
        """ "Harbour: 2 overdue and 3 due soon". Never a child's name: subject lines
        show in notifications and inbox lists that others may see."""
        parts = []
        if self.overdue:
            parts.append(f"{len(self.overdue)} overdue")
        if self.due_soon:
            parts.append(f"{len(self.due_soon)} due soon")
        return f"{settings.SERVICE_NAME}: {' and '.join(parts)}"

    def reminders(self) -> list[Reminder]:
        return [
            Reminder(deadline_id=i.deadline_id, user=self.user, stage=i.stage, due_date=i.due_date)
            for i in self.items
        ]


@dataclass
class DigestResult:
    users_emailed: int = 0
    reminders_recorded: int = 0
    # Users whose email could not be sent: nothing was recorded, the next run retries.
    users_failed: int = 0
    # Users another run was emailing at the same moment: left to that run.
    users_skipped: int = 0
    digests: list[Digest] = field(default_factory=list)


def recipients() -> QuerySet[User]:
    """The people who get digests: active users with an email address."""
    return User.objects.filter(is_active=True).exclude(email="").order_by("pk")


def _stage(today: date) -> Case:
    """A deadline's stage on `today`: its status, except that a deadline past its due
    date is overdue even if the recompute that would say so has not run yet."""
    return Case(
        When(due_date__lt=today, then=Value(ReminderStage.OVERDUE.value)),
        default=F("status"),
        output_field=CharField(),
    )


def digest_for(*, user: User, today: date | None = None) -> Digest:
    """The deadlines in `user`'s work that are overdue or due soon and that they have not
    been reminded of at that stage for that due date: overdue first, then due soon, each
    by due date. A fixed number of queries, however many deadlines there are."""
    today = today or timezone.localdate()
    already = Reminder.objects.filter(
        deadline=OuterRef("pk"), user=user, stage=OuterRef("stage"), due_date=OuterRef("due_date")
    )
    rows = (
        my_work(user=user)
        .filter(status__in=[DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE])
        .annotate(stage=_stage(today))
        .filter(~Exists(already))
        .select_related("child")
    )
    items = [_item(d) for d in rows]
    items.sort(
        key=lambda i: (
            i.stage != ReminderStage.OVERDUE,
            i.due_date,
            i.child_reference,
            i.rule_title,
            i.deadline_id,
        )
    )
    return Digest(user=user, today=today, items=items)


def _item(deadline: Deadline) -> DigestItem:
    child = deadline.child
    return DigestItem(
        deadline_id=deadline.pk,
        stage=deadline.stage,  # type: ignore[attr-defined]
        due_date=deadline.due_date,
        child_reference=child.la_reference,
        child_name=child_short_name(child),
        rule_title=deadline.rule_title,
        explanation=deadline.explanation,
        child_url=site_url(reverse("children:detail", args=[child.pk])),
    )


def render_digest(digest: Digest) -> EmailMultiAlternatives:
    """The email, in plain text with an HTML alternative."""
    context = {
        "digest": digest,
        "user": digest.user,
        "today_text": long_date(digest.today),
        "overdue": digest.overdue,
        "due_soon": digest.due_soon,
        # The work list's address is fixed (/deadlines/): built here rather than reversed
        # so that the email does not depend on how the pages are routed.
        "my_work_url": site_url("/deadlines/"),
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=render_to_string(f"{TEMPLATES}digest.txt", context),
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string(f"{TEMPLATES}digest.html", context), "text/html")
    return message


def send_digests(*, today: date | None = None, dry_run: bool = False) -> DigestResult:
    """Email each person their new reminders, once per deadline, stage and due date.

    Per person, one transaction records the reminders and sends the email: if the send
    fails the records roll back and the next run tries again; once it has committed, a
    second run finds nothing new to send. (If the database fails after the email has
    gone, the person may be reminded twice: a duplicate email is better than a missed
    deadline.) Two runs at once cannot both send the same reminder: the second waits on
    the first's rows, then meets the unique constraint and leaves that person alone.

    With `dry_run`, works out the digests and neither sends nor records anything.
    """
    today = today or timezone.localdate()
    result = DigestResult()
    connection = None if dry_run else get_connection()
    for user in recipients():
        digest = digest_for(user=user, today=today)
        if not digest.items:
            continue
        result.digests.append(digest)
        if connection is None:  # a dry run
            continue
        try:
            with transaction.atomic():
                recorded = Reminder.objects.bulk_create(digest.reminders())
                if connection.send_messages([render_digest(digest)]) != 1:
                    raise DigestNotSent(f"The email backend did not send user {user.pk}'s digest")
        except IntegrityError:
            # Another run recorded one of these reminders since the digest was worked out.
            logger.info("Deadline digest for user %s left to another run", user.pk)
            result.users_skipped += 1
            result.digests.pop()
            continue
        except Exception:
            # One person's failure (a refused address, the mail server down) must not stop
            # the others' digests; theirs is retried on the next run.
            logger.exception("Could not send the deadline digest to user %s", user.pk)
            result.users_failed += 1
            result.digests.pop()
            continue
        result.users_emailed += 1
        result.reminders_recorded += len(recorded)
    if dry_run:
        logger.info("Deadline digests (dry run): %s to send", len(result.digests))
    else:
        logger.info(
            "Deadline digests: %s emailed, %s reminders, %s failed, %s left to another run",
            result.users_emailed,
            result.reminders_recorded,
            result.users_failed,
            result.users_skipped,
        )
    return result

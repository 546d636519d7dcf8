"""The IRO service's pages: IRO caseloads, booking a review, recording it held, its
recommendations, closing it, the letter to the child and midway reviews. Every page
finds the child through `children_visible_to` (an outsider gets 404); writes need the
right role (403 otherwise)."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import User
from accounts.permissions import Action, allows
from children.form_pages import child_form_page, writable_child
from children.models import Child
from children.selectors import child_for_user, current_allocations
from core.downloads import pdf_download
from core.exceptions import ApplicationError
from deadlines.rules import long_date
from reviews import forms, selectors, services
from reviews.models import Invitee, Recommendation, RecommendationStatus, ReviewBooking


def caseloads(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_see_caseloads(user=request.user):
        raise PermissionDenied
    rows = selectors.iro_caseloads(user=request.user)
    return render(
        request,
        "reviews/caseloads.html",
        {"rows": rows, "range": selectors.caseload_range()},
    )


def caseload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not selectors.can_see_caseloads(user=request.user):
        raise PermissionDenied
    iro = get_object_or_404(User, pk=pk)
    rows = selectors.caseload_with_next_review(user=request.user, iro=iro)
    return render(
        request,
        "reviews/caseload.html",
        {
            "iro": iro,
            "rows": rows,
            "range": selectors.caseload_range(),
            "can_allocate": allows(user=request.user, action=Action.ALLOCATE_IRO),
        },
    )


def _form_page(request: AuthenticatedRequest, **page: Any) -> HttpResponse:
    """A form page of the IRO service: its cancel link says nothing is saved."""
    return child_form_page(request, cancel="Go back without saving", **page)


def _child_url(child: Child) -> str:
    return reverse("children:detail", args=[child.pk])


# --- booking -------------------------------------------------------------------------


def booking_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An IRO, IRO manager or business support books the child's next review."""
    child = writable_child(request, pk, Action.BOOK_REVIEW)
    form = forms.BookingForm(request.POST or None)
    next_review = selectors.next_review_deadline(child=child)
    return _form_page(
        request,
        child=child,
        form=form,
        title="Book a review",
        intro=next_review.explanation + "." if next_review else "",
        service=lambda **data: services.booking_create(
            child=child, by=request.user, details=services.BookingDetails(**data)
        ),
        done="Review booked",
        back=_child_url(child),
        success=lambda booking: reverse("reviews:booking", args=[booking.pk]),
    )


def booking_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for_user(user=request.user, pk=pk)
    return render(
        request,
        "reviews/booking.html",
        {
            "booking": booking,
            "child": booking.child,
            "invitees": list(booking.invitees.all()),
            "deadlines": selectors.booking_deadlines(booking=booking),
            "can_book": allows(user=request.user, action=Action.BOOK_REVIEW),
            "can_record": allows(user=request.user, action=Action.RECORD_REVIEW),
        },
    )


def _writable_booking(request: AuthenticatedRequest, pk: int) -> ReviewBooking:
    booking = selectors.booking_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.BOOK_REVIEW):
        raise PermissionDenied
    return booking


def booking_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Rebook, or record the invitations sent and the social worker's report received."""
    booking = _writable_booking(request, pk)
    initial = {
        name: getattr(booking, name)
        for name in (
            "booked_for",
            "starts_at",
            "format",
            "venue",
            "video_link",
            "invitations_sent_on",
            "report_received_on",
        )
    }
    form = forms.BookingForm(request.POST or None, initial=initial)
    back = reverse("reviews:booking", args=[booking.pk])
    return _form_page(
        request,
        child=booking.child,
        form=form,
        title="Change the booking",
        service=lambda **data: services.booking_update(
            booking=booking, by=request.user, details=services.BookingDetails(**data)
        ),
        done="Booking changed",
        back=back,
    )


def booking_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    booking = _writable_booking(request, pk)
    form = forms.CancelForm(request.POST or None)
    return _form_page(
        request,
        child=booking.child,
        form=form,
        title="Cancel the review",
        intro=f"The review booked for {long_date(booking.booked_for)} will be cancelled.",
        service=partial(services.booking_cancel, booking=booking, by=request.user),
        done="Review cancelled",
        back=reverse("reviews:booking", args=[booking.pk]),
        success=lambda _: _child_url(booking.child),
        submit="Cancel the review",
    )


def invitee_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    booking = _writable_booking(request, pk)
    form = forms.InviteeForm(request.POST or None)
    back = reverse("reviews:booking", args=[booking.pk])
    return _form_page(
        request,
        child=booking.child,
        form=form,
        title="Add someone invited",
        service=partial(services.invitee_add, booking=booking, by=request.user),
        done="Invitee added",
        back=back,
    )


@require_POST
def invitee_remove(request: AuthenticatedRequest, pk: int, invitee: int) -> HttpResponse:
    booking = _writable_booking(request, pk)
    person = get_object_or_404(Invitee, pk=invitee, booking=booking)
    try:
        services.invitee_remove(invitee=person, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person.name} removed from the invitations")
    return redirect("reviews:booking", pk=booking.pk)


# --- recording the review held ---------------------------------------------------------


def review_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The child's IRO (or an IRO manager) records a review held: the booked one, if any
    (the date and format default to the booking's)."""
    child = writable_child(request, pk, Action.RECORD_REVIEW)
    booking = selectors.active_booking(child=child)
    invitees = list(booking.invitees.all()) if booking else []
    initial: dict = {}
    due_hint = ""
    if booking is not None:
        initial = {"held_on": booking.booked_for, "format": booking.format}
        due = selectors.review_due_on(child=child, held_on=booking.booked_for)
        if due is not None:
            due_hint = (
                f"This review is due by {long_date(due)}. Choose a reason only if it was "
                "held after that date."
            )
    form = forms.ReviewForm(
        request.POST or None, initial=initial, invitees=invitees, due_hint=due_hint
    )

    def service(**data) -> object:
        return services.review_record(
            child=child,
            held_on=data["held_on"],
            next_review_directed_by=data["next_review_directed_by"],
            participation=data["participation"],
            details=services.HeldDetails(
                format=data["format"],
                views_obtained=data["views_obtained"],
                parents_participation=data["parents_participation"],
                care_plan_rating=data["care_plan_rating"],
                care_plan_rating_reason=data["care_plan_rating_reason"],
                lateness_reason=data["lateness_reason"],
                invitees_attended=[int(i) for i in data.get("attended", [])],
                others_attended=form.others(),
            ),
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a review",
        service=service,
        done="Review recorded",
        intro="The next review's due date is worked out from this one (reg 33). You can "
        "add the recommendations on the next page.",
        back=_child_url(child),
        success=lambda review: reverse("reviews:review", args=[review.pk]),
    )


def review_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(user=request.user, pk=pk)
    return render(
        request,
        "reviews/review.html",
        {
            "review": review,
            "child": review.child,
            "attendees": list(review.attendees.all()),
            "recommendations": list(review.recommendations.select_related("owner")),
            # Open ones from earlier reviews: the IRO updates each at this review.
            "earlier_open": list(
                Recommendation.objects.filter(
                    child=review.child,
                    status=RecommendationStatus.OPEN,
                    review__held_on__lt=review.held_on,
                ).select_related("owner", "review")
            ),
            "deadlines": selectors.review_deadlines(review=review),
            "can_record": allows(user=request.user, action=Action.RECORD_REVIEW),
            "today": timezone.localdate(),
        },
    )


def _writable_review(request: AuthenticatedRequest, pk: int):
    review = selectors.review_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.RECORD_REVIEW):
        raise PermissionDenied
    return review


def _owners(child: Child, user: User):
    """Who may own a recommendation: the people currently allocated to the child (social
    worker, IRO, personal adviser), the managers of the teams holding the child, and the
    person recording it."""
    allocated = current_allocations().filter(child=child)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=allocated.values("worker_id"))
            | Q(managed_teams__in=allocated.values("team_id"))
            | Q(pk=user.pk)
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def recommendation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add one recommendation; the page offers to add another."""
    review = _writable_review(request, pk)
    form = forms.RecommendationForm(
        request.POST or None, owners=_owners(review.child, request.user)
    )
    back = reverse("reviews:review", args=[review.pk])
    return _form_page(
        request,
        child=review.child,
        form=form,
        title="Add a recommendation",
        intro=f"From the review held on {long_date(review.held_on)}.",
        service=partial(services.recommendation_add, review=review, by=request.user),
        done="Recommendation added",
        back=back,
    )


def recommendation_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.RECORD_REVIEW):
        raise PermissionDenied
    form = forms.RecommendationUpdateForm(
        request.POST or None,
        initial={"status": recommendation.status, "completed_on": recommendation.completed_on},
    )
    return _form_page(
        request,
        child=recommendation.child,
        form=form,
        title="Update a recommendation",
        intro=recommendation.text,
        service=partial(
            services.recommendation_update, recommendation=recommendation, by=request.user
        ),
        done="Recommendation updated",
        back=reverse("reviews:recommendations", args=[recommendation.child_id]),
    )


def recommendations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The child's recommendations from every review, open ones first."""
    child = child_for_user(user=request.user, pk=pk)
    rows = list(selectors.recommendations_for_child(child=child))
    today = timezone.localdate()
    return render(
        request,
        "reviews/recommendations.html",
        {
            "child": child,
            "rows": [(r, r.is_overdue(today)) for r in rows],
            "open": sum(1 for r in rows if r.status == RecommendationStatus.OPEN),
            "overdue": sum(1 for r in rows if r.is_overdue(today)),
            "can_record": allows(user=request.user, action=Action.RECORD_REVIEW),
        },
    )


# --- closing the review, and the letter --------------------------------------------------


def review_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _writable_review(request, pk)
    form = forms.CloseForm(
        request.POST or None,
        initial={
            "recommendations_issued_on": review.recommendations_issued_on,
            "minutes_distributed_on": review.minutes_distributed_on,
        },
    )
    return _form_page(
        request,
        child=review.child,
        form=form,
        title="Recommendations and minutes",
        intro="The review is closed when both dates are recorded.",
        service=partial(services.review_close, review=review, by=request.user),
        done="Dates recorded",
        back=reverse("reviews:review", args=[review.pk]),
    )


def letter_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _writable_review(request, pk)
    form = forms.LetterForm(request.POST or None, initial={"letter": review.letter})
    return _form_page(
        request,
        child=review.child,
        form=form,
        title="Letter to the child",
        intro=f"Dear {review.child.first_name},",
        service=partial(services.letter_save, review=review, by=request.user),
        done="Letter saved",
        back=reverse("reviews:review", args=[review.pk]),
    )


def letter_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The IRO's letter to the child, printable. Anyone who may see the child may print
    it."""
    review = selectors.review_for_user(user=request.user, pk=pk)
    if not review.letter:
        messages.error(request, "No letter has been written for this review yet")
        return redirect("reviews:review", pk=review.pk)
    html = render_to_string(
        "reviews/letter_print.html",
        {"review": review, "child": review.child, "iro": review.chaired_by},
        request=request,
    )
    return pdf_download(
        html,
        request=request,
        filename=f"review-letter-{review.child.la_reference}-{review.held_on:%Y%m%d}.pdf",
    )


# --- midway reviews --------------------------------------------------------------------


def midway_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The IRO records a midway review, with progress on each open recommendation."""
    child = writable_child(request, pk, Action.RECORD_REVIEW)
    open_recs = list(
        Recommendation.objects.filter(child=child, status=RecommendationStatus.OPEN).order_by(
            "due_date", "pk"
        )
    )
    form = forms.MidwayForm(request.POST or None, recommendations=open_recs)

    def service(**data) -> object:
        return services.midway_record(
            child=child,
            held_on=data["held_on"],
            notes=data["notes"],
            progress=[
                (
                    rec,
                    data[f"status_{rec.pk}"],
                    data[f"completed_on_{rec.pk}"],
                    data[f"note_{rec.pk}"],
                )
                for rec in open_recs
            ],
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a midway review",
        intro="The IRO's check on progress between reviews.",
        service=service,
        done="Midway review recorded",
        back=_child_url(child),
    )


# --- the lists behind the IRO home page's figures ----------------------------------------

WORK_PER_PAGE = 50


def work_list(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """Every row behind one figure of the IRO home page, paginated."""
    from django.core.paginator import Paginator
    from django.http import Http404

    from reviews.dashboard import can_see_dashboard, panel_list

    if not can_see_dashboard(user=request.user):
        raise PermissionDenied
    listing = panel_list(user=request.user, key=key)
    if listing is None:
        raise Http404("No such list")
    page = Paginator(listing.rows, WORK_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/work_list.html", {"listing": listing, "page": page})

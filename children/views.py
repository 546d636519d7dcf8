from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.http import AuthenticatedRequest
from accounts.models import Team, User
from accounts.permissions import Action, allocatable_kinds, allows
from children import child_page, codes, forms, registration, selectors, services
from children.form_pages import child_form_page, writable_child
from children.models import Child
from core.dates import long_date
from core.exceptions import ApplicationError
from core.text import search_text

CASELOAD_SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "reference": ("la_reference",),
    "dob": ("date_of_birth", "pk"),
    "social_worker": ("social_worker_last", "social_worker_first", "pk"),
}


def child_list(request: AuthenticatedRequest) -> HttpResponse:
    # Administrators and partners never browse case records (a partner's list of the
    # children shared with them is their home page).
    if not request.user.sees_case_records:
        raise PermissionDenied
    search = search_text(request.GET.get("q"))
    scope = request.GET.get("scope", "all")
    if scope not in ("mine", "team", "all"):
        scope = "all"
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in CASELOAD_SORTS:
        sort = "name"
    legal_status = request.GET.get("legal_status", "")
    placement_type = request.GET.get("placement_type", "")
    children = selectors.caseload_for(
        user=request.user,
        search=search,
        scope=scope,
        legal_status=legal_status,
        placement_type=placement_type,
    )
    order = CASELOAD_SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        order = tuple(f"-{o}" for o in order)
    page = Paginator(children.order_by(*order), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "children/child_list.html",
        {
            "page": page,
            "search": search,
            "scope": scope,
            "sort": sort,
            "can_register": allows(user=request.user, action=Action.REGISTER_CHILD),
            "legal_status": legal_status,
            "placement_type": placement_type,
            "legal_statuses": codes.LegalStatus.choices,
            "placement_types": codes.PlacementType.choices,
            "filters": urlencode(
                {"q": search, "legal_status": legal_status, "placement_type": placement_type}
            ),
        },
    )


def child_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(user=request.user, pk=pk)
    page = child_page.load_page(child=child, user=request.user)
    context = child_page.page_context(
        page,
        extra={
            "record_views": list(selectors.record_views_for_child(child=child))
            if request.user.is_manager
            else None,
            "can_change": allows(user=request.user, action=Action.RECORD_CARE_HISTORY),
            "can_allocate": bool(allocatable_kinds(user=request.user)),
            "can_share": allows(user=request.user, action=Action.SHARE_RECORD),
        },
    )
    return render(request, "children/child_detail.html", context)


# --- the record's history and access log, for managers ---------------------------


def _managed_child(request: AuthenticatedRequest, pk: int) -> Child:
    child = selectors.child_for_user(user=request.user, pk=pk)
    if not request.user.is_manager:
        raise PermissionDenied
    return child


def record_changes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every change to the child's record, newest first, with who made it."""
    child = _managed_child(request, pk)
    page = Paginator(selectors.change_history_for_child(child=child), 50).get_page(
        request.GET.get("page")
    )
    rows = [(change, selectors.changed_fields(change)) for change in page.object_list]
    return render(
        request, "children/record_changes.html", {"child": child, "page": page, "rows": rows}
    )


def record_views(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who has viewed the child's record, newest first."""
    child = _managed_child(request, pk)
    page = Paginator(selectors.record_views_page(child=child), 50).get_page(request.GET.get("page"))
    return render(request, "children/record_views.html", {"child": child, "page": page})


# --- changes to the record ------------------------------------------------------


def placement_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    form = forms.PlacementChangeForm(request.POST or None)

    def service(**data) -> object:
        return services.placement_change(
            child=child,
            details=services.PlacementDetails(
                placement_type=data["placement_type"],
                provider=data["provider"],
                start_date=data["start_date"],
                carer_name=data["carer_name"],
                urn=data["urn"],
                address=data["address"],
                postcode=data["postcode"],
                home_postcode=data["home_postcode"],
                in_council_area=forms.yes_no(data["in_council_area"]) is not False,
                intended_until_18=bool(forms.yes_no(data["intended_until_18"])),
                same_carer_as_previous=bool(forms.yes_no(data["same_carer_as_previous"])),
                placed_before_assessment=bool(forms.yes_no(data["placed_before_assessment"])),
                temporary_approval=bool(forms.yes_no(data["temporary_approval"])),
            ),
            reason_for_change=data["reason_for_change"],
            planned_ending=forms.yes_no(data["planned_ending"]),
            missing_returned_on=data["missing_returned_on"],
            by=request.user,
        )

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change placement",
        service=service,
        done="Placement changed",
    )


def temporary_approval_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    placement = child.placements.filter(
        end_date__isnull=True, temporary_approval=True, temporary_approval_ended__isnull=True
    ).first()
    if placement is None:
        raise Http404("The child's placement has no temporary approval in force")
    form = forms.TemporaryApprovalEndForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record the end of the temporary approval",
        service=partial(services.temporary_approval_end, placement=placement, by=request.user),
        intro=f"{placement.carer_name or 'The carer'} has been caring for "
        f"{child.first_name} under a temporary approval (reg 24) since "
        f"{long_date(placement.start_date)}.",
        done="Temporary approval ended",
    )


def legal_status_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    current = list(child.legal_statuses.filter(end_date__isnull=True).order_by("start_date"))
    form = forms.LegalStatusForm(request.POST or None, current=current)

    def service(**data) -> object:
        ends = [s for s in current if str(s.pk) in data["ends"]]
        return services.legal_status_change(
            child=child,
            code=data["code"],
            start_date=data["start_date"],
            order_date=data["order_date"],
            ends=ends,
            by=request.user,
        )

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change legal status",
        service=service,
        done="Legal status recorded",
    )


def end_care(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.END_CARE)
    form = forms.EndCareForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="End the period of care",
        service=partial(services.period_of_care_end, child=child, by=request.user),
        done="Period of care ended",
        intro="The current placement and legal statuses end on the same day.",
    )


def permanence_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    form = forms.PermanenceForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record the permanence plan",
        service=partial(services.permanence_plan_set, child=child, by=request.user),
        done="Permanence plan recorded",
    )


def allocation_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(user=request.user, pk=pk)
    kinds = allocatable_kinds(user=request.user)
    if not kinds:
        raise PermissionDenied
    form = forms.AllocationForm(request.POST or None, kinds=kinds)

    def service(**data) -> object:
        worker: User | None = data["worker"]
        team: Team | None = data["team"]
        if data["kind"] == "team":
            worker = None
        else:
            team = None
        return services.allocation_change(
            child=child,
            kind=data["kind"],
            worker=worker,
            team=team,
            start_date=data["start_date"],
            reason=data["reason"],
            by=request.user,
        )

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change an allocation",
        service=service,
        done="Allocation recorded",
    )


def adoption(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    existing = child.adoptions.order_by("-decision_date").first()
    initial = (
        {
            **{
                f: getattr(existing, f)
                for f in (
                    "decision_date",
                    "match_date",
                    "placed_date",
                    "ceased_date",
                    "ceased_reason",
                    "adopters_sex",
                    "adopters_legal_status",
                )
            },
            "number_of_adopters": str(existing.number_of_adopters or ""),
            "adopters_were_foster_carers": forms.yes_no_value(existing.adopters_were_foster_carers),
        }
        if existing
        else None
    )
    form = forms.AdoptionForm(request.POST or None, initial=initial)

    def service(**data) -> object:
        return services.adoption_record(
            child=child,
            details=services.AdoptionDetails(
                decision_date=data["decision_date"],
                match_date=data["match_date"],
                placed_date=data["placed_date"],
                ceased_date=data["ceased_date"],
                ceased_reason=data["ceased_reason"],
                adopters_were_foster_carers=forms.yes_no(data["adopters_were_foster_carers"]),
                number_of_adopters=int(data["number_of_adopters"])
                if data["number_of_adopters"]
                else None,
                adopters_sex=data["adopters_sex"],
                adopters_legal_status=data["adopters_legal_status"],
            ),
            by=request.user,
        )

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Adoption",
        service=service,
        done="Adoption details recorded",
        intro="The dates the SSDA903 adoption tables need, for the current period of care.",
    )


def child_details(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.CHANGE_DETAILS)
    form = forms.ChildDetailsForm(
        request.POST or None, initial=forms.ChildDetailsForm.initial_for(child)
    )
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change details",
        service=lambda **_: services.child_update(
            child=child, by=request.user, **form.to_changes()
        ),
        done="Details changed",
    )


def nationalities(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.CHANGE_DETAILS)
    current = [n.country for n in child.nationalities.all()]
    initial = {"nationality": current[0] if current else "", "second_nationality": ""}
    if len(current) > 1:
        initial["second_nationality"] = current[1]
    form = forms.NationalityForm(request.POST or None, initial=initial)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change nationality",
        service=lambda **data: services.nationalities_set(
            child=child,
            countries=[data["nationality"], data["second_nationality"]],
            by=request.user,
        ),
        done="Nationality changed",
    )


def address_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.CHANGE_DETAILS)
    form = forms.AddressForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a new home address",
        service=partial(services.address_add, child=child, by=request.user),
        done="Address recorded",
    )


def relationship_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.CHANGE_DETAILS)
    form = forms.RelationshipForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Add a key relationship",
        service=partial(services.relationship_add, child=child, by=request.user),
        done="Relationship added",
    )


def warning_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.CHANGE_DETAILS)
    form = forms.WarningForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Add a warning",
        service=partial(services.warning_add, child=child, by=request.user),
        done="Warning added",
    )


def share_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.SHARE_RECORD)
    form = forms.ShareForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Share the record with a partner organisation",
        service=partial(services.share_start, child=child, by=request.user),
        done="Record shared",
        intro=(
            "The organisation's users will see the child's name, date of birth, NHS number, "
            "placement address and their own part of the record (health, or education for "
            "the virtual school), and nothing else. Every page they open is logged."
        ),
    )


def share_stop(request: AuthenticatedRequest, pk: int, share_pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.SHARE_RECORD)
    share = get_object_or_404(child.shares.select_related("organisation"), pk=share_pk)
    form = forms.ShareStopForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title=f"Stop sharing the record with {share.organisation}",
        service=partial(services.share_stop, share=share, by=request.user),
        done="Sharing stopped",
    )


# --- register a child entering care ----------------------------------------------


def _can_register(request: AuthenticatedRequest) -> None:
    if not allows(user=request.user, action=Action.REGISTER_CHILD):
        raise PermissionDenied


def register_start(request: AuthenticatedRequest) -> HttpResponse:
    _can_register(request)
    request.session.pop(registration.SESSION_KEY, None)
    return redirect("children:register_step", step=registration.STEPS[0].slug)


def register_step(request: AuthenticatedRequest, step: str) -> HttpResponse:
    _can_register(request)
    current = registration.STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    answers = request.session.get(registration.SESSION_KEY, {})
    index = registration.STEPS.index(current)
    missing = registration.first_incomplete(answers)
    if missing is not None and registration.STEPS.index(missing) < index:
        return redirect("children:register_step", step=missing.slug)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = current.form(request.POST)
        if form.is_valid():
            answers[current.slug] = registration.to_session(form.cleaned_data)
            request.session[registration.SESSION_KEY] = answers
            following = registration.first_incomplete(answers)
            if changing or following is None:
                return redirect("children:register_check")
            return redirect("children:register_step", step=following.slug)
    else:
        form = current.form(
            initial=registration.from_session(answers.get(current.slug), current.form)
        )
    back = (
        reverse("children:register_step", args=[registration.STEPS[index - 1].slug])
        if index
        else reverse("children:list")
    )
    return render(
        request,
        "children/register_step.html",
        {
            "form": form,
            "title": current.title,
            "step_number": index + 1,
            "step_count": len(registration.STEPS),
            "back": reverse("children:register_check") if changing else back,
        },
    )


def register_check(request: AuthenticatedRequest) -> HttpResponse:
    _can_register(request)
    answers = request.session.get(registration.SESSION_KEY, {})
    missing = registration.first_incomplete(answers)
    if missing is not None:
        return redirect("children:register_step", step=missing.slug)
    error = None
    if request.method == "POST":
        identity, entry = registration.build(answers)
        try:
            child = services.child_register(identity=identity, entry=entry, by=request.user)
        except ApplicationError as exc:
            step = registration.step_for_field(exc.field)
            error = {"message": exc.message, "step": step}
        else:
            request.session.pop(registration.SESSION_KEY, None)
            messages.success(request, f"{child.full_name} is registered as looked after")
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/register_check.html",
        {"rows": registration.summary(answers), "error": error, "steps": registration.STEPS},
    )


# --- short breaks (reg 48) ---------------------------------------------------------------

SHORT_BREAKS_INTRO = (
    "An agreed series of short breaks (Care Planning, Placement and Case Review (England) "
    "Regulations 2010, reg 48): the series is reviewed within 3 months of the first break "
    "and then at least every 6 months, and the child is visited on a day of a break on the "
    "same timescales."
)


def _open_series(child: Child):
    series = child.short_break_series.filter(end_date__isnull=True).first()
    if series is None:
        raise Http404("No current series of short breaks")
    return series


def short_breaks_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    form = forms.ShortBreaksStartForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Start a series of short breaks",
        service=partial(services.short_breaks_start, child=child, by=request.user),
        done="Series of short breaks started",
        intro=SHORT_BREAKS_INTRO,
    )


def short_breaks_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    series = _open_series(child)
    form = forms.ShortBreaksEndForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="End the series of short breaks",
        service=partial(services.short_breaks_end, series=series, by=request.user),
        done="Series of short breaks ended",
        intro=f"The series started on {long_date(series.start_date)}.",
    )


def short_break_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_HISTORY)
    series = _open_series(child)
    form = forms.ShortBreakForm(request.POST or None)

    def service(**data) -> object:
        return services.short_break_record(
            series=series,
            details=services.ShortBreak(
                start_date=data["start_date"],
                end_date=data["end_date"],
                reason_ended=data["reason_ended"],
                legal_status=data["legal_status"],
                category_of_need=data["category_of_need"],
                placement_type=data["placement_type"],
                provider=data["provider"],
                carer_name=data["carer_name"],
            ),
            by=request.user,
        )

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a short break",
        service=service,
        done="Short break recorded",
        intro="Each break is a period of care of its own, returned to the DfE as an "
        "episode with legal status V3 or V4.",
    )

import csv
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action
from children.form_pages import child_form_page, writable_child
from children.services import record_children_listed
from core.downloads import named_download
from core.spreadsheets import spreadsheet_safe
from euss import forms, selectors, services
from euss.models import EussRecord

FIELDS = [
    "status",
    "family_member_reason",
    "identified_date",
    "home_office_reference",
    "coa_reference",
    "coa_date",
    "residence_start",
    "pre_settled_date",
    "pre_settled_expiry",
    "settled_date",
    "supported_by",
    "supporting_organisation",
    "retrospective_check_date",
    "retrospective_check_notes",
]


def euss_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_EUSS)
    record = EussRecord.objects.filter(child=child).first()
    initial = (
        {
            **{f: getattr(record, f) for f in FIELDS},
            "family_member": "yes" if record.family_member else "no",
        }
        if record
        else {"family_member": "no"}
    )
    form = forms.EussForm(request.POST or None, initial=initial)
    nationality = ", ".join(n.country_name for n in child.nationalities.all()) or "not recorded"

    return child_form_page(
        request,
        child=child,
        form=form,
        title="Change EUSS status",
        service=lambda **data: services.euss_record_save(
            child=child, details=services.EussDetails(**data), by=request.user
        ),
        done="EU Settlement Scheme record saved",
        intro=f"Nationality: {nationality}. Record the child's EU Settlement Scheme application.",
    )


def _rows(request: AuthenticatedRequest) -> tuple[list[selectors.EussRow], str, bool]:
    if not request.user.is_manager:
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in dict(selectors.status_choices()):
        status = ""
    needs_action = request.GET.get("needs_action") == "yes"
    rows = selectors.euss_rows_for(user=request.user, status=status, needs_action=needs_action)
    return rows, status, needs_action


def euss_list(request: AuthenticatedRequest) -> HttpResponse:
    rows, status, needs_action = _rows(request)
    return render(
        request,
        "euss/euss_list.html",
        {
            "rows": [(row, selectors.row_cells(row)) for row in rows],
            "columns": selectors.COLUMNS,
            "status": status,
            "needs_action": needs_action,
            "statuses": selectors.status_choices(),
            "filters": urlencode({"status": status, "needs_action": "yes" if needs_action else ""}),
        },
    )


def euss_export(request: AuthenticatedRequest) -> HttpResponse:
    rows, _, _ = _rows(request)
    record_children_listed(
        child_ids=[row.child.pk for row in rows], user=request.user, path=request.path
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    named_download(response, "eu-settlement-scheme.csv")
    writer = csv.writer(response)
    writer.writerow(selectors.COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in selectors.row_cells(row)])
    return response

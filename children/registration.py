"""The "register a child entering care" journey: one topic per page, check your answers,
then one transaction (children.services.child_register)."""

from dataclasses import dataclass
from datetime import date

from django import forms as django_forms

from children import forms
from children.services import Entry, Identity, PlacementDetails
from core.dates import long_date

SESSION_KEY = "register_child"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[django_forms.Form]
    title: str


STEPS = [
    Step("about", forms.IdentityForm, "About the child"),
    Step("background", forms.BackgroundForm, "Background and identifiers"),
    Step("entry", forms.EntryForm, "Coming into care"),
    Step("placement", forms.PlacementForm, "First placement"),
]
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def to_session(cleaned: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cleaned.items()}


def from_session(stored: dict | None, form_class: type[django_forms.Form]) -> dict:
    if not stored:
        return {}
    values = {}
    for name, value in stored.items():
        field = form_class.base_fields.get(name)
        if field is not None and isinstance(field, forms.GovukDateField) and value:
            value = date.fromisoformat(value)
        values[name] = value
    return values


def first_incomplete(answers: dict) -> Step | None:
    return next((s for s in STEPS if s.slug not in answers), None)


def step_for_field(field: str | None) -> Step:
    for step in STEPS:
        if field and field in step.form.base_fields:
            return step
    if field in ("nationalities",):
        return STEP_BY_SLUG["background"]
    return STEPS[0]


def summary(answers: dict) -> list[dict]:
    """Rows for the check-your-answers page: question, answer in words, the step to change it."""
    rows = []
    for step in STEPS:
        form = step.form()
        values = from_session(answers.get(step.slug), step.form)
        for name, field in form.fields.items():
            value = values.get(name)
            if isinstance(value, date):
                shown = f"{long_date(value)}"
            elif hasattr(field, "choices") and value not in (None, ""):
                shown = str(dict(field.choices).get(value, value))
            else:
                shown = str(value) if value not in (None, "") else "Not given"
            rows.append({"step": step, "name": name, "label": field.label, "value": shown})
    return rows


def build(answers: dict) -> tuple[Identity, Entry]:
    about = from_session(answers["about"], forms.IdentityForm)
    background = from_session(answers["background"], forms.BackgroundForm)
    entry = from_session(answers["entry"], forms.EntryForm)
    first = from_session(answers["placement"], forms.PlacementForm)
    nationalities = [background["nationality"]]
    if background.get("second_nationality"):
        nationalities.append(background["second_nationality"])
    identity = Identity(
        la_reference=about["la_reference"],
        first_name=about["first_name"],
        last_name=about["last_name"],
        date_of_birth=about["date_of_birth"],
        sex=about["sex"],
        gender=about.get("gender", ""),
        ethnicity=background["ethnicity"],
        upn=background.get("upn", ""),
        upn_unknown_reason=background.get("upn_unknown_reason", ""),
        nhs_number=background.get("nhs_number", ""),
        place_of_birth=background.get("place_of_birth", ""),
        first_language=background.get("first_language", ""),
        uasc=forms.yes_no(background.get("uasc")) or False,
        uasc_start=entry["start_date"] if forms.yes_no(background.get("uasc")) else None,
        nationalities=nationalities,
    )
    placement = PlacementDetails(
        placement_type=first["placement_type"],
        provider=first["provider"],
        start_date=entry["start_date"],
        carer_name=first.get("carer_name", ""),
        urn=first.get("urn", ""),
        address=first.get("address", ""),
        postcode=first.get("postcode", ""),
        home_postcode=first.get("home_postcode", ""),
        in_council_area=forms.yes_no(first.get("in_council_area")) is not False,
        intended_until_18=bool(forms.yes_no(first.get("intended_until_18"))),
        placed_before_assessment=bool(forms.yes_no(first.get("placed_before_assessment"))),
        temporary_approval=bool(forms.yes_no(first.get("temporary_approval"))),
    )
    return identity, Entry(
        start_date=entry["start_date"],
        category_of_need=entry["category_of_need"],
        legal_status=entry["legal_status"],
        order_date=entry.get("order_date"),
        previous_permanence=entry.get("previous_permanence", ""),
        previous_permanence_la=entry.get("previous_permanence_la", ""),
        previous_permanence_date=entry.get("previous_permanence_date"),
        placement=placement,
    )

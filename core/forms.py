"""GOV.UK styling for Django forms: classes and aria-describedby on every widget."""

from django import forms
from django.core import validators
from django.forms.utils import pretty_name

from core.limits import LONG_TEXT, SHORT_TEXT, too_long_message
from core.text import is_ascii_number

# One-line fields with a limit above this say it in their hint (names and codes do not).
LIMIT_HINT_FROM = 100

WIDGET_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Add GOV.UK classes, and link hints and errors to inputs, when a form is rendered."""

    def _govuk_style(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            widget = field.widget
            if isinstance(widget, GovukDateWidget):
                computed = self._errors  # type: ignore[attr-defined]
                widget.attrs["error"] = bool(computed and computed.get(name))
                continue
            # Read errors only once validation has run: asking a bound field for
            # them would validate the form before it is fully set up.
            computed = self._errors  # type: ignore[attr-defined]
            has_errors = bool(computed and computed.get(name))
            css = WIDGET_CLASSES.get(bound.widget_type, "govuk-input")
            if has_errors:
                css += f" {css.split()[0]}--error"
            counted = bound.widget_type == "textarea" and getattr(field, "max_length", None)
            if counted:
                css += " govuk-js-character-count"
            widget.attrs["class"] = " ".join(
                c for c in (widget.attrs.get("class", "").replace("--error", ""), css) if c
            )
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hint")
            if counted:
                described.append(f"{bound.auto_id}-info")
            if has_errors:
                described.append(f"{bound.auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._govuk_style()

    def _bound_text(self) -> None:
        """Give every text field a length limit (core.limits), said on the page."""
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if type(field) is not forms.CharField:
                continue
            long = isinstance(field.widget, forms.Textarea)
            if field.max_length is None:
                field.max_length = LONG_TEXT if long else SHORT_TEXT
            field.validators = [
                v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
            ]
            field.validators.append(
                validators.MaxLengthValidator(
                    field.max_length,
                    message=too_long_message(
                        str(field.label or pretty_name(name)), field.max_length
                    ),
                )
            )
            if long:
                # The GOV.UK character count says the limit and counts down to it; the
                # browser does not cut the text off (no maxlength attribute).
                field.widget.attrs.pop("maxlength", None)
            elif field.max_length > LIMIT_HINT_FROM and "characters" not in str(field.help_text):
                hint = f"Up to {field.max_length:,} characters."
                field.help_text = f"{field.help_text} {hint}".strip()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bound_text()
        self._govuk_style()


class GovukForm(GovukFormMixin, forms.Form):
    pass


YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoField(forms.TypedChoiceField):
    """Yes and No radios, cleaned to True or False (`empty_value`, None unless said, when
    not required and left blank), so that the answer goes straight to a service's keyword
    argument. An initial value is the radio's: "yes", "no" or ""."""

    def __init__(self, *, choices=YES_NO, empty_value=None, **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=choices, coerce=_is_yes, empty_value=empty_value, **kwargs)


def _is_yes(value: str) -> bool:
    return value == "yes"


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "design_system/date_input_boxes.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        **box,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    }
                ),
                forms.TextInput(
                    attrs={
                        **box,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    }
                ),
                forms.TextInput(
                    attrs={
                        **box,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                    }
                ),
            ],
            attrs,
        )

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, label in zip(
            context["widget"]["subwidgets"], ("Day", "Month", "Year"), strict=True
        ):
            sub["label"] = label
        return context


class GovukDateField(forms.MultiValueField):
    """A date from three boxes, with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *args, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, *args, **kwargs)

    def compress(self, data_list):
        from datetime import date

        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        label = str(self.label or "Date")
        for part, value in (("day", day), ("month", month), ("year", year)):
            if not value:
                raise forms.ValidationError(f"{label} must include a {part}", code="incomplete")
        # ASCII digits only ("²" and "٣" are digits to str.isdigit but not to int or
        # a person), and at most two for a day or month, so the number can be a date part.
        if not (
            is_ascii_number(day, max_digits=2)
            and is_ascii_number(month, max_digits=2)
            and is_ascii_number(year, max_digits=4)
            and len(year) == 4
        ):
            raise forms.ValidationError(f"{label} must be a real date", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"{label} must be a real date", code="invalid") from None

    def clean(self, value):
        if self.required and (not value or not any(str(v or "").strip() for v in value)):
            raise forms.ValidationError(f"Enter {str(self.label).lower()}", code="required")
        return super().clean(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id that is not a short whole number before it reaches the
    database (an `IN` with an id beyond the column's range is an error there)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for pk in value if isinstance(value, list | tuple) else [value]:
                if not is_ascii_number(str(pk).strip(), max_digits=18):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]

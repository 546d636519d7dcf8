"""GOV.UK styling for Django forms: classes and aria-describedby on every widget."""

from django import forms

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
            widget.attrs["class"] = " ".join(
                c for c in (widget.attrs.get("class", "").replace("--error", ""), css) if c
            )
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hint")
            if has_errors:
                described.append(f"{bound.auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._govuk_style()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._govuk_style()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "includes/date_widget.html"

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
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{label} must be a real date", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date", code="invalid") from None

    def clean(self, value):
        if self.required and (not value or not any(str(v or "").strip() for v in value)):
            raise forms.ValidationError(f"Enter {str(self.label).lower()}", code="required")
        return super().clean(value)

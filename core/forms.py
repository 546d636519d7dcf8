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

"""Render the sections registered for a place on the child's page (children.child_page),
in order, each with the page's context."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def child_page_place(context: template.Context, place: str) -> SafeString:
    """The sections of `place`, one after another; what says nothing (only whitespace)
    is left out, so that `{% child_page_place "alerts" as alerts %}{% if alerts %}` shows
    a box only when one of its sections has something to show."""
    engine = context.template.engine  # type: ignore[union-attr]
    parts = []
    for section in context["child_page_sections"]:
        if section.place != place:
            continue
        with context.push():
            rendered = engine.get_template(section.template).render(context)
        if rendered.strip():
            parts.append(rendered.strip())
    return mark_safe("\n".join(parts))  # noqa: S308 - templates rendered with autoescape

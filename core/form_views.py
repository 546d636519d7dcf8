"""The one way a page runs a service from a form: shown with the form; when the form is
valid, the service is called with the form's cleaned data as its keyword arguments; a
rule it breaks is shown on the form's field (or at the top) in the GOV.UK error summary
and nothing is written; when it succeeds, a message and a redirect.

`FORM_PAGE` is the page around a form about a child: the title, a caption with the
child's name, the error summary, the fields, the submit button and a cancel link."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.exceptions import ApplicationError

FORM_PAGE = "includes/form_page.html"


def service_form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    service: Callable[..., Any],
    done: str | Callable[[Any], str],
    success: str | Callable[[Any], str],
    template: str = FORM_PAGE,
    context: dict,
) -> HttpResponse:
    """On a valid POST, call `service(**form.cleaned_data)` (bind what the form does not
    hold, such as the child and the user, with `functools.partial`), then say `done` and
    go to `success` (each a string, or a function of what the service returned: "3
    children moved"). Otherwise render `template` with `form` and `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = service(**form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success(result) if callable(success) else success)
    return render(request, template, {"form": form, **context})

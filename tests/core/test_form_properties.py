"""Every form, given any input, is either valid or has errors: it never raises.

Hypothesis fills each field of every GOV.UK form in the project with values of its type
and with junk (dates' boxes with huge, signed, superscript and other scripts' digits;
numbers; choices and strings that are not choices; any text, NUL bytes included)."""

import contextlib
import importlib
import inspect
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.forms import AuthenticationForm
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from children.models import AllocationKind
from core.forms import GovukDateField, GovukFormMixin
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def project_forms() -> list[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.path.startswith(str(django_settings.BASE_DIR)) and ".venv" not in config.path:
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.forms")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {
        f
        for f in subclasses(GovukFormMixin)
        if issubclass(f, forms.BaseForm) and not f.__module__.startswith("core.")
    }
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__qualname__}")


FORMS = project_forms()

digits = st.text(alphabet="0123456789", min_size=0, max_size=14)
odd_digits = st.sampled_from(["²", "٣", "２０２４", "-1", "+3", " 7 ", "1e3", "\x00", "0x1F"])
date_part = st.one_of(digits, odd_digits, st.text(max_size=6))
any_text = st.text(max_size=60)


def value_for(field: forms.Field):
    """A strategy for what a browser (or someone pretending to be one) may send."""
    if isinstance(field, GovukDateField):
        real = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(
            lambda d: [str(d.day), str(d.month), str(d.year)]
        )
        return st.one_of(real, st.lists(date_part, min_size=3, max_size=3))
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.one_of(digits, odd_digits, any_text), max_size=3)
    if isinstance(field, forms.ChoiceField):
        choices = [str(v) for v, _ in getattr(field, "choices", []) if v != ""]
        known = st.sampled_from(choices) if choices else st.nothing()
        return st.one_of(known, digits, odd_digits, any_text)
    if isinstance(field, forms.ModelChoiceField):
        return st.one_of(digits, odd_digits, any_text)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(st.integers().map(str), digits, odd_digits, any_text)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "false", "\x00"])
    # Long text is one character repeated: cheap to generate, as long as any limit.
    long_text = st.builds(lambda c, n: c * n, st.characters(), st.integers(1000, 30000))
    return st.one_of(any_text, long_text)


def as_post(form_class, name: str, field: forms.Field, value) -> dict[str, object]:
    if isinstance(field, GovukDateField):
        return {f"{name}_{i}": part for i, part in enumerate(value)}
    return {name: value}


@pytest.fixture
def extra():
    """What the forms are given by their views beyond the data."""
    UserFactory()
    users = User.objects.all()
    ChildFactory()
    from children.models import Child

    return {
        "advisers": users,
        "iros": users,
        "owners": users,
        "responders": users,
        "recipients": users,
        "children": Child.objects.all(),
        "ratings": apps.get_model("education", "PepQualityRating").objects.all(),
        "reasons": apps.get_model("health", "IhaLatenessReason").objects.all(),
        "kinds": list(AllocationKind.values),
    }


def test_every_project_form_is_driven():
    assert len(FORMS) > 40


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f.__qualname__)
def test_any_input_gives_cleaned_data_or_errors(form_class, extra):
    # Every keyword a form's __init__ (or a parent's) takes that its views give it.
    needed = {
        name: extra[name]
        for cls in form_class.__mro__
        if "__init__" in vars(cls)
        for name, p in inspect.signature(vars(cls)["__init__"]).parameters.items()
        if p.kind is p.KEYWORD_ONLY and name in extra
    }
    if issubclass(form_class, AuthenticationForm):
        needed["request"] = RequestFactory().post("/accounts/sign-in/")
    blank = form_class(**needed)
    strategies = {
        name: value_for(field) for name, field in blank.fields.items() if not field.disabled
    }

    @SETTINGS
    @given(st.fixed_dictionaries(strategies))
    def check(values):
        data: dict[str, object] = {}
        for name, value in values.items():
            data |= as_post(form_class, name, blank.fields[name], value)
        form = form_class(data=data, **needed)
        if form.is_valid():
            assert set(form.cleaned_data) >= set(strategies) - set(form.errors)
        else:
            assert form.errors

    check()

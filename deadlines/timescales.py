"""The council's timescales: numbers that are a council's choice (DOMAIN.md section 3).

Each app declares its timescales beside its rules, with `timescale(...)`: the setting's
name, its default (DOMAIN.md's: the regulations' own where there is one), the help
text and the fieldset of the administrator's settings page it is shown in. The
administrator edits them in the admin (django-constance): `install_timescales` adds
every registered one to CONSTANCE_CONFIG and CONSTANCE_CONFIG_FIELDSETS when the app
registry is ready, so each number is written once. `rule_settings()` reads the current
values, as a `RuleSettings` the rules read (`ctx.settings.IHA_WORKING_DAYS`).
Decision 0023.
"""

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timescale:
    name: str
    default: int
    help_text: str
    fieldset: str


TIMESCALES: dict[str, Timescale] = {}


def timescale(name: str, default: int, help_text: str, *, fieldset: str) -> Timescale:
    """Declare a timescale setting (an int) with its default and help text."""
    if name in TIMESCALES:
        raise ValueError(f"The timescale {name!r} is declared twice")
    declared = TIMESCALES[name] = Timescale(name, default, help_text, fieldset)
    return declared


# The engine's own: when open work counts as "due soon" (the work lists and reminders).
timescale(
    "DUE_SOON_WORKING_DAYS",
    10,
    "A deadline is 'due soon' when it falls within this many working days.",
    fieldset="Work lists and reminders",
)


class RuleSettings:
    """A snapshot of the council's timescale settings: every registered timescale, at
    its default unless given (`RuleSettings(IHA_WORKING_DAYS=15)`). Read as attributes;
    immutable."""

    __slots__ = ("_values",)
    _values: dict[str, int]

    def __init__(self, **values: int) -> None:
        unknown = set(values) - set(TIMESCALES)
        if unknown:
            raise TypeError(f"No timescale is named {', '.join(sorted(unknown))}")
        settled = {name: values.get(name, t.default) for name, t in TIMESCALES.items()}
        object.__setattr__(self, "_values", settled)

    def __getattr__(self, name: str) -> int:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"No timescale is named {name}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("RuleSettings are a snapshot: make another")

    def replace(self, **values: int) -> "RuleSettings":
        return RuleSettings(**{**self._values, **values})

    def as_dict(self) -> dict[str, int]:
        return dict(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSettings) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value}" for name, value in self._values.items())
        return f"RuleSettings({values})"


def rule_settings() -> RuleSettings:
    """The council's current settings (one query)."""
    from constance.utils import get_values_for_keys

    values = get_values_for_keys(list(TIMESCALES))
    return RuleSettings(**{name: int(values[name]) for name in TIMESCALES})


def install_timescales(
    config: MutableMapping[str, tuple], fieldsets: MutableMapping[str, tuple[str, ...]]
) -> None:
    """Add every registered timescale to django-constance's configuration (the dicts
    of settings.CONSTANCE_CONFIG and CONSTANCE_CONFIG_FIELDSETS, which constance reads
    when the admin page is shown and a value is read), each in its fieldset after the
    settings already there. Idempotent."""
    for t in TIMESCALES.values():
        entry = (t.default, t.help_text, int)
        if config.setdefault(t.name, entry) != entry:
            raise ValueError(f"The timescale {t.name} is also in CONSTANCE_CONFIG")
        names = fieldsets.get(t.fieldset, ())
        if t.name not in names:
            fieldsets[t.fieldset] = (*names, t.name)

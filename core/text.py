"""Reading what people type: numbers in query strings and search boxes."""

import string


def is_ascii_number(value: str, *, max_digits: int = 9) -> bool:
    """Whether `value` is a whole number written in 0-9 with at most `max_digits` digits.

    `str.isdigit()` also accepts superscripts ("²") and other scripts' digits, which
    `int()` refuses or reads as a number nobody typed."""
    return 0 < len(value) <= max_digits and all(c in string.digits for c in value)


def query_int(value: str | None, *, max_digits: int = 9) -> int | None:
    """A whole number from a query string, or None for anything else."""
    value = (value or "").strip()
    return int(value) if is_ascii_number(value, max_digits=max_digits) else None


def search_text(value: str | None, *, max_length: int = 100) -> str:
    """What a search box asked for, without the characters no name or reference holds
    (a NUL byte, which PostgreSQL refuses in any text, and other control characters)."""
    cleaned = "".join(c for c in (value or "") if c.isprintable() or c == " ")
    return cleaned.strip()[:max_length]

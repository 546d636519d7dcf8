"""Field validators for identifiers a social worker types: UPN, NHS number, postcode."""

import re

from django.core.exceptions import ValidationError

# The UPN check letter alphabet (DfE): 23 letters, no I, O or S.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
POSTCODE_RE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.ASCII
)


def upn_check_letter(rest: str) -> str:
    total = 0
    for position, char in enumerate(rest, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += value * position
    return _UPN_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    """A UPN is 13 characters: a check letter, 11 digits, then a digit or letter."""
    upn = value.strip().upper()
    if not re.fullmatch(r"[A-Z][0-9]{11}[A-Z0-9]", upn):
        raise ValidationError(
            "Enter a UPN of 13 characters: a letter, 11 numbers, then a number or letter",
            code="upn_format",
        )
    last = upn[12]
    if last.isalpha() and last not in _UPN_LETTERS:
        raise ValidationError("The last character of a UPN cannot be I, O or S", code="upn_format")
    if upn[0] != upn_check_letter(upn[1:]):
        raise ValidationError(
            "This UPN's check letter is wrong: check it has been typed correctly", code="upn_check"
        )


def validate_nhs_number(value: str) -> None:
    """Modulus 11 check (NHS Data Dictionary); numbers of one repeated digit are refused."""
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError("Enter an NHS number of 10 digits", code="nhs_format")
    if len(set(digits)) == 1:
        raise ValidationError(
            "Enter a real NHS number, not one digit repeated", code="nhs_repeated"
        )
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValidationError(
            "This NHS number is not valid: check it has been typed correctly", code="nhs_check"
        )


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real UK postcode, like B1 1AA", code="postcode")


LA_REFERENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]*", re.ASCII)


def validate_la_reference(value: str) -> None:
    """A council's child reference: letters, numbers and / . _ - (no spaces or line breaks),
    starting with a letter or number. It is the CHILD id in the SSDA903 return and names
    the child's downloads."""
    if not LA_REFERENCE_RE.fullmatch(value):
        raise ValidationError(
            "The LA reference can only contain letters, numbers and / . _ -, "
            "and must start with a letter or number",
            code="la_reference_format",
        )

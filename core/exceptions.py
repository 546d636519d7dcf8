"""The one domain error type.

A service raises `ApplicationError` with a message a social worker understands,
optionally tied to a field. Forms show it in the GOV.UK error summary.
"""


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}

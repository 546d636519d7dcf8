from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators

from core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Django's authentication form with GOV.UK wording and markup."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        # Django sets the username's max_length after the field is built, so it is not
        # checked; an over-long username would reach the failed-login log (django-axes)
        # and overflow its column.
        username = self.fields["username"]
        limit = getattr(username, "max_length", None) or 150
        username.validators.append(
            validators.MaxLengthValidator(limit, message="Enter a correct username and password.")
        )
        self._govuk_style()

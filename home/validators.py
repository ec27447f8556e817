"""Validators for text people type in, shared by the apps' models."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class NoControlCharactersValidator:
    """Refuses control characters (NUL, escape, backspace…), which no keyboard types on purpose.

    They come from pasting out of other programs; stored, they break what reads the text later
    (an XLSX export refuses them outright). `allowed` names the ones a field may keep, such as
    line breaks and tabs in a multi-line field.
    """

    message = _(
        "This text contains invisible control characters, probably pasted from another program. "
        "Retype it or paste it as plain text."
    )
    code = "control_characters"

    def __init__(self, allowed=""):
        self.allowed = allowed

    def __call__(self, value):
        if any(unicodedata.category(character) == "Cc" and character not in self.allowed for character in str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator) and self.allowed == other.allowed


no_control_characters = NoControlCharactersValidator()

"""Validators for the identifiers of organisations and people.

- 统一社会信用代码 (unified social credit code), GB 32100-2015, which embeds the
  organisation code of GB 11714-1997 with its own check character.
- 公民身份号码 (citizen identity number), GB 11643-1999, check digit by ISO 7064 MOD 11-2.

Each ``validate_*`` function raises ``django.core.exceptions.ValidationError`` with a
message that says what is wrong, and returns the normalised value (upper case, no
spaces) so that forms and imports store one spelling.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31, i = 1..17
# Registering authority (position 1) and organisation type (position 2), GB 32100-2015 table 1.
USCC_AUTHORITY_TYPES = {
    "1": "1239", "2": "19", "3": "129", "4": "19", "5": "1239", "6": "129",
    "7": "129", "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The 18th character of a USCC for its first 17 (GB 32100-2015, 5.4)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The 9th character of an organisation code for its first 8 (GB 11714-1997)."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_uscc(value: str) -> str:
    """Validate a 统一社会信用代码; return it normalised.

    Checks the length (18), the alphabet (no I, O, S, V, Z), the authority and type
    pair, the six-digit region code, the embedded organisation code's check character
    (GB 11714) and the final check character (GB 32100-2015).
    """
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(code)},
            code="length",
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _("Character(s) %(chars)s are not allowed in a unified social credit code.")
            % {"chars": " ".join(bad)},
            code="alphabet",
        )
    if code[1] not in USCC_AUTHORITY_TYPES.get(code[0], ""):
        raise ValidationError(
            _("'%(prefix)s' is not a registering authority and type of GB 32100-2015.")
            % {"prefix": code[:2]},
            code="authority",
        )
    if not code[2:8].isdigit():
        raise ValidationError(_("Positions 3-8 must be a six-digit region code."), code="region")
    if org_code_check_char(code[8:16]) != code[16]:
        raise ValidationError(
            _("The organisation code (positions 9-17) fails its check character."),
            code="org_check",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The check character (position 18) is wrong."), code="check")
    return code


def validate_union_uscc(value: str) -> str:
    """Validate the USCC of a grassroots union: a valid USCC beginning with ``81``."""
    code = validate_uscc(value)
    if not code.startswith("81"):
        raise ValidationError(
            _("A trade union's unified social credit code begins with 81."), code="union_prefix"
        )
    return code


def id_check_digit(first17: str) -> str:
    """The 18th character of an identity number for its first 17 digits (ISO 7064 MOD 11-2)."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Validate a 18-digit 公民身份号码 (GB 11643-1999); return it normalised.

    Checks 17 digits plus a digit or X, a real birth date (positions 7-14, not in the
    future, not before 1900) and the check digit.
    """
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("An identity number has 17 digits followed by a digit or X."), code="format"
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("Positions 7-14 are not a real date of birth."), code="birth_date"
        ) from None
    if birth.year < 1900 or birth > (today or dt.date.today()):
        raise ValidationError(
            _("Positions 7-14 are not a plausible date of birth."), code="birth_date"
        )
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("The check digit (position 18) is wrong."), code="check")
    return number


def id_number_birth_date(number: str) -> dt.date:
    """The date of birth in a valid identity number."""
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_number_gender(number: str) -> str:
    """``"M"`` when position 17 is odd, else ``"F"`` (GB 11643-1999)."""
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str) -> str:
    """Show the first 6 and last 4 characters: ``330521********1234``."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "****"


def mask_phone(phone: str) -> str:
    """Show a mobile number as 3 + 4: ``138****1234``."""
    digits = (phone or "").strip()
    if len(digits) < 8:
        return "****" if digits else ""
    return digits[:3] + "****" + digits[-4:]


MOBILE_RE = re.compile(r"1[3-9]\d{9}")
PHONE_RE = re.compile(r"\+?[0-9\s\-()]+")


def validate_phone(value: str) -> str:
    """A phone number of any kind (mobile, landline with area code and extension, foreign):
    an optional leading ``+``, then digits with spaces, hyphens and parentheses, 7 to 20
    digits in all. Returns it NFKC-normalised (full-width to half-width) with the spaces
    removed and nothing else changed (``0572-8012345``); "" for an empty value. Raises
    ``ValidationError`` naming what is wrong (the value itself is not repeated)."""
    import unicodedata

    number = "".join(unicodedata.normalize("NFKC", value or "").split())
    if not number:
        return ""
    digits = sum(c in "0123456789" for c in number)
    if not PHONE_RE.fullmatch(number) or not 7 <= digits <= 20:
        raise ValidationError(
            _("Enter a phone number: 7 to 20 digits, with an optional leading +, spaces, "
              "hyphens or parentheses."), code="phone"
        )
    return number


def validate_mobile(value: str) -> str:
    """A mainland mobile number (11 digits, 13x–19x), returned as its 11 digits: full-width
    digits, spaces, hyphens and a leading ``+86``/``86`` are accepted and removed.
    Raises ``ValidationError`` naming what is wrong (the number itself is not repeated)."""
    import unicodedata

    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MOBILE_RE.fullmatch(digits):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 13 to 19."), code="mobile"
        )
    return digits

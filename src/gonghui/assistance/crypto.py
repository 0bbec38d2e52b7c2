"""Encryption of sensitive fields at rest and keyed hashes for exact look-ups.

PIPL art. 28 treats identity numbers, financial accounts and health as sensitive personal
information. Gonghui stores them encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the
maintained ``cryptography`` package) under the keys in ``settings.FIELD_KEYS`` (environment
variable ``GONGHUI_FIELD_KEY``; the first key encrypts, every key decrypts, so keys can be
rotated). Exact look-ups (the one-open-file-per-ID rule, imports) use a keyed HMAC-SHA256
"blind index" of the normalised value, with a key derived from the first field key by HKDF,
so the database never holds a plain or unkeyed hash of an ID number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _keys(keys: tuple[str, ...]) -> tuple[MultiFernet, bytes]:
    if not keys:
        raise ImproperlyConfigured(
            "GONGHUI_FIELD_KEY is not set: sensitive fields cannot be encrypted. "
            "Set it to a Fernet key (see gonghui.settings)."
        )
    try:
        fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "GONGHUI_FIELD_KEY must be urlsafe base64 of 32 bytes (a Fernet key)."
        ) from exc
    index_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"gonghui blind index v1"
    ).derive(base64.urlsafe_b64decode(keys[0].strip()))
    return fernet, index_key


def _current() -> tuple[MultiFernet, bytes]:
    return _keys(tuple(settings.FIELD_KEYS))


def encrypt(value: str) -> str:
    """Fernet token (ASCII) of ``value``; "" stays "" (nothing to protect)."""
    if not value:
        return ""
    return _current()[0].encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text of a token from :func:`encrypt`; raises ``ValueError`` on a token
    that no configured key opens (wrong key or tampered data)."""
    if not token:
        return ""
    try:
        return _current()[0].decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("a sensitive field could not be decrypted with GONGHUI_FIELD_KEY") from exc


def normalise_identifier(value: str) -> str:
    """NFKC (full-width to half-width), no spaces, upper case: one spelling per number."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def blind_index(value: str) -> str:
    """Keyed HMAC-SHA256 (hex, 64 chars) of the normalised value; "" for an empty one."""
    norm = normalise_identifier(value)
    if not norm:
        return ""
    return hmac.new(_current()[1], norm.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field whose value is plain text in Python and a Fernet token in the
    database. Not searchable: pair it with a blind-index column for exact look-ups."""

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(str(value))

"""Money (CNY) to the cent.

A ``Sum`` over a ``DecimalField`` comes back from SQLite as a float made Decimal with 15
significant digits (``Decimal("123.450000000000")``; PostgreSQL gives ``123.45``), so
page and report figures showed a dozen decimals. Domain functions that sum money pass
the result through :func:`cents`; a queryset annotation uses :class:`CentsField` as its
output field, which does the same when the value is read.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CENT = Decimal("0.01")


def cents(value) -> Decimal:
    """``value`` (Decimal, int, float, numeric string or None for 0) as CNY to the cent,
    halves rounded up: ``cents(Decimal("123.450000000000")) == Decimal("123.45")``."""
    if value is None:
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class CentsField(models.DecimalField):
    """The output field of a money annotation (e.g. a ``Sum`` of amounts): read as a
    Decimal to the cent on every database. Not a column type: only for expressions."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else cents(value)

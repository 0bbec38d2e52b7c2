"""Pagination that stays fast on large tables (the item list at province scale).

:class:`LeanPaginator` differs from Django's ``Paginator`` in two ways:

- the count is capped: it counts at most ``count_cap`` rows (``SELECT COUNT(*) FROM
  (... LIMIT cap + 1)``), so a page view never counts a whole province; when there are
  more, ``capped`` is True, ``count`` is the cap and the page shows "more than N";
- a page is read in two steps: the ids of the page (ordered, offset, limit; no joins but
  those the filter needs), then those rows with everything they join; a deep page no
  longer joins every row before the offset.

Both cost a constant number of queries (2 per page view, plus the count).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class LeanPaginator(Paginator):
    """Django's ``Paginator`` for a QuerySet with a capped count and id-first pages."""

    def __init__(self, object_list, per_page, *, count_cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap

    @cached_property
    def count(self) -> int:
        """The number of rows, at most ``count_cap`` (see ``capped``)."""
        n = self.object_list.order_by()[: self.count_cap + 1].count()
        self.capped = n > self.count_cap
        return min(n, self.count_cap)

    capped = False

    def page(self, number):
        """Page ``number`` (1-based); raises ``InvalidPage`` like Django's."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

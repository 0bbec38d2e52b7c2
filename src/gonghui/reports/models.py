"""Summary tables of the services figures, maintained by the application.

The roll-ups above county level read these instead of every visit and item (see
``docs/decisions/0014-report-summary-tables.md`` and :mod:`gonghui.reports.summary`):

- :class:`MonthTally`: one number per (level, bucket union, calendar month, key). At
  each level of ``REPORT_SUMMARY_DEPTHS`` (3 and 4: counties and towns in the usual
  province → city → county → town tree) the bucket of a record is its union's ancestor
  at that depth, or the union itself when it sits higher; the month is the month of
  the visit's date or the item's ``found_on``.
- :class:`BucketTotal`: the same per (level, bucket) summed over every month, the keys
  the dashboard reads only, overdue as a cumulative count by deadline without the
  responsible unit (decision 0024): the dashboard of a city or the province reads
  ~100 rows per bucket instead of thousands.
- :class:`SummaryDirty`: (union, month) keys whose records changed since the tallies
  were computed. Database triggers on the visit, item and union tables write them in
  the same transaction as the change (migration 0001), so no write path can forget;
  every read recomputes the dirty keys first.
- :class:`SummaryState`: one row, the time of the last recomputation (the pages' "as
  of" time).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MonthTally(models.Model):
    """One figure of one bucket and month. ``key`` (``n`` is a count unless noted):

    - ``v.<target_type>``: visits by target type;
    - ``i.<status>.<kind>``: items by status and kind (rejected and merged included);
    - ``c.<kind>.<category id>``: items found (not rejected or merged) by kind and
      category;
    - ``p``: difficulty person-times (sum of ``persons_affected`` of the difficulties
      found);
    - ``o.resolved`` / ``o.escalated``: items by outcome;
    - ``d.<days>``: items resolved (outcome resolved) that took ``<days>`` days from
      assignment (or finding) to resolution, local dates: the histogram the median
      days to resolve is read from;
    - ``due``: items on the clock (assigned, in progress) with a deadline, by deadline
      (``day``) and responsible unit (``unit_id``): overdue on a day ``t`` are those
      with ``day < t``;
    - ``x.<status>.<kind>`` / ``xdue``: items assigned to a responsible unit that is a
      union in another subtree at depth ``level - 1`` than the item's union (``unit_id``:
      the unit; ``xdue``: on the clock, by deadline ``day``): a scope's dashboard adds
      those of the buckets outside it assigned to its units (decision 0023);
    - ``lo`` / ``hi``: ``day`` is the first / last date of the month with a record of
      that table (visits and items write one each; ``n`` 0): a period that cuts a
      month may still read the month's tallies when no record lies outside it.
    """

    level = models.PositiveSmallIntegerField(default=3)  # the buckets' depth (decision 0018)
    bucket = models.ForeignKey(
        "orgs.Union", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    month = models.DateField(_("month"))
    key = models.CharField(max_length=40)
    day = models.DateField(null=True, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        indexes = [
            models.Index(fields=["level", "bucket", "month", "key"], name="tally_level_bucket_month"),
            models.Index(fields=["level", "key", "unit_id"], name="tally_level_key_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.bucket_id} {self.month:%Y-%m} {self.key}={self.n}"


class BucketTotal(models.Model):
    """All-time totals of one bucket of one tally level, kept from :class:`MonthTally`
    by every refresh of that bucket (decision 0024). ``key``:

    - the ``v.*``, ``i.*``, ``p``, ``o.*`` and ``d.*`` keys of :class:`MonthTally`, ``n``
      summed over every month (``day`` NULL);
    - ``duecum``: items on the clock with a deadline, cumulative by deadline: ``n`` is the
      number of them with a deadline on or before ``day`` (one row per deadline day
      that has any), so "overdue on day *t*" is the ``n`` of the bucket's last row with
      ``day < t``: one index probe per bucket.
    """

    level = models.PositiveSmallIntegerField()
    bucket = models.ForeignKey(
        "orgs.Union", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    key = models.CharField(max_length=40)
    day = models.DateField(null=True, blank=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("bucket total")
        verbose_name_plural = _("bucket totals")
        # Two partial indexes: the sums read the keys other than ``duecum`` of the
        # buckets (~100 per bucket); the overdue probe reads one ``duecum`` row per bucket.
        indexes = [
            models.Index(fields=["level", "bucket", "key"], name="total_level_bucket_key",
                         condition=~models.Q(key="duecum")),
            models.Index(fields=["level", "bucket", "day"], name="total_duecum_level_bucket_day",
                         condition=models.Q(key="duecum")),
        ]

    def __str__(self) -> str:
        return f"{self.bucket_id} {self.key}={self.n}"


class SummaryDirty(models.Model):
    """A (union, month) whose records changed after the tallies were computed; written
    by database triggers. ``union_id`` and ``month`` NULL: recompute everything (a
    union moved in the tree)."""

    union_id = models.BigIntegerField(null=True, blank=True)
    month = models.DateField(null=True, blank=True)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("changed summary key")
        verbose_name_plural = _("changed summary keys")

    def __str__(self) -> str:
        return f"{self.union_id} {self.month}"


class SummaryState(models.Model):
    """The single row (pk 1) with the time the tallies were last brought up to date."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("summary state")
        verbose_name_plural = _("summary state")

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at}"

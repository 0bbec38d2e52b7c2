"""Compile the translations without GNU gettext: every
``src/gonghui/locale/<lang>/LC_MESSAGES/django.po`` to the ``django.mo`` beside it, with
``polib``. Run ``python -m gonghui.core.compile_messages`` (the Makefile's ``messages``
target) after editing a ``.po`` file, and commit both files.

As with GNU ``msgfmt``, fuzzy, obsolete and untranslated entries are left out of the
``.mo`` (Django then shows the English msgid).
"""

from __future__ import annotations

import argparse
import gettext
import io
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def _polib():
    try:
        import polib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "polib is not installed: pip install polib (it is in the 'test' extra)"
        ) from exc
    return polib


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every ``*/LC_MESSAGES/django.po`` under ``locale_dir``, sorted."""
    return sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po"))


def compile_bytes(po_path: Path) -> bytes:
    """The ``.mo`` content of ``po_path``. Raises ``ValueError`` naming the file and
    line when the ``.po`` file cannot be parsed."""
    polib = _polib()
    try:
        catalog = polib.pofile(str(po_path), encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise ValueError(f"{po_path}: {exc}") from exc
    return catalog.to_binary()


def catalog_of(mo_bytes: bytes) -> dict:
    """The translations of a ``.mo`` file as Python's gettext reads them (msgid, or
    ``(msgid, n)`` for plural forms, with ``context\\x04`` prefixed), header excluded."""
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    return {k: v for k, v in translations._catalog.items() if k != ""}


def compile_po(po_path: Path) -> Path:
    """Write the ``django.mo`` beside ``po_path``; returns its path."""
    mo_path = po_path.with_suffix(".mo")
    mo_path.write_bytes(compile_bytes(po_path))
    return mo_path


def is_up_to_date(po_path: Path) -> bool:
    """True when the ``.mo`` beside ``po_path`` exists and holds exactly the
    translations of the ``.po`` (compared as catalogues, so a file compiled by GNU
    ``msgfmt`` with the same content counts as up to date)."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    return catalog_of(mo_path.read_bytes()) == catalog_of(compile_bytes(po_path))


def main(argv: list[str] | None = None) -> int:
    """Compile (or with ``--check`` only verify) every catalogue; exit status 1 when a
    check fails or a ``.po`` file is malformed."""
    parser = argparse.ArgumentParser(prog="python -m gonghui.core.compile_messages")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    parser.add_argument(
        "--check", action="store_true", help="only report .mo files older than their .po"
    )
    args = parser.parse_args(argv)
    files = po_files(args.locale_dir)
    if not files:
        print(f"no django.po files under {args.locale_dir}")
        return 0
    status = 0
    for po in files:
        try:
            if args.check:
                fresh = is_up_to_date(po)
                print(f"{'ok' if fresh else 'STALE'}  {po.with_suffix('.mo')}")
                status |= not fresh
            else:
                mo = compile_po(po)
                print(f"compiled {po} -> {mo.name} ({len(catalog_of(mo.read_bytes()))} messages)")
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Translations compile without GNU gettext, and every committed .mo matches its .po."""

from __future__ import annotations

import gettext
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gonghui.core import compile_messages as cm

PO = textwrap.dedent(
    r"""
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: zh_Hans\n"
    "Plural-Forms: nplurals=1; plural=0;\n"

    msgid "closed out"
    msgstr "已销号"

    msgctxt "item kind"
    msgid "need"
    msgstr "需求"

    msgid "%(n)d item"
    msgid_plural "%(n)d items"
    msgstr[0] "%(n)d 件"

    #, fuzzy
    msgid "assigned"
    msgstr "已交办？"

    msgid "not yet translated"
    msgstr ""
    """
).lstrip()


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    po = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return tmp_path


def test_compiled_catalogue_is_read_by_python_gettext(locale):
    po = cm.po_files(locale)[0]
    mo = cm.compile_po(po)
    with mo.open("rb") as fh:
        t = gettext.GNUTranslations(fh)
    assert t.gettext("closed out") == "已销号"
    assert t.pgettext("item kind", "need") == "需求"
    assert t.ngettext("%(n)d item", "%(n)d items", 3) == "%(n)d 件"
    # Like msgfmt: fuzzy and untranslated entries fall back to the msgid.
    assert t.gettext("assigned") == "assigned"
    assert t.gettext("not yet translated") == "not yet translated"


def test_up_to_date_check_notices_an_edited_po(locale):
    po = cm.po_files(locale)[0]
    assert cm.is_up_to_date(po) is False  # no .mo yet
    cm.compile_po(po)
    assert cm.is_up_to_date(po) is True
    po.write_text(PO.replace("已销号", "已销号（核销）"), encoding="utf-8")
    assert cm.is_up_to_date(po) is False
    assert cm.main(["--locale-dir", str(locale), "--check"]) == 1
    assert cm.main(["--locale-dir", str(locale)]) == 0
    assert cm.main(["--locale-dir", str(locale), "--check"]) == 0


def test_a_malformed_po_is_reported_with_its_file(locale, capsys):
    po = cm.po_files(locale)[0]
    po.write_text('msgid "x"\nnot a keyword\n', encoding="utf-8")
    assert cm.main(["--locale-dir", str(locale)]) == 1
    assert str(po) in capsys.readouterr().err
    assert not po.with_suffix(".mo").exists()


def test_runs_as_a_module(locale):
    done = subprocess.run(
        [sys.executable, "-m", "gonghui.core.compile_messages", "--locale-dir", str(locale)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(Path(cm.__file__).resolve().parents[2])},
    )
    assert done.returncode == 0, done.stderr
    assert "(3 messages)" in done.stdout
    assert (locale / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.parametrize("po", cm.po_files() or [None], ids=lambda p: p and p.parts[-3])
def test_committed_mo_files_are_up_to_date(po):
    if po is None:
        pytest.skip(f"no django.po under {cm.LOCALE_DIR} yet: nothing to check")
    assert cm.is_up_to_date(po), (
        f"{po.with_suffix('.mo')} does not match {po.name}: run `make messages` and commit it"
    )

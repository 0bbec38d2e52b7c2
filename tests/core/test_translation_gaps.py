"""Chinese where English showed through: event units (人, 毫升) in figures and in errors,
the log's object types and export summaries, and each language named in itself in the
language switch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from gonghui.assistance import services as assistance
from gonghui.audit.models import AuditEntry
from gonghui.events.models import EventFigure, figure_errors
from gonghui.events.services import event_create

from ..factories import UserFactory


def test_event_units_in_chinese(people):
    with translation.override("zh-hans"):
        errors = figure_errors("blood_volume", Decimal(80000), "persons")
        assert errors == {"unit": "献血量的单位是毫升，不是人。"}
    event = event_create(actor=people.officer, union=people.officer.union, kind="blood_drive",
                         name="献血", date=dt.date(2026, 11, 12), figures={"donors": (86, "persons")})
    figure = EventFigure.objects.get(event=event)
    with translation.override("zh-hans"):
        assert f"{figure.value_display} {figure.get_unit_display()}" == "86 人"


def test_log_names_exports_in_chinese(people, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # a log entry is written in the platform's language
    assistance.log_export(actor=people.officer, what="hardship file list", rows=22)
    entry = AuditEntry.objects.get(kind="export")
    assert entry.summary.startswith("导出困难职工档案清单（22 行）")
    with translation.override("zh-hans"):
        assert AuditEntry(object_type="reports.Report").object_type_label == "报表"
        assert entry.object_type_label == "困难职工档案清单"


def test_language_switch_names_each_language_in_itself(client, tree):
    client.force_login(UserFactory(union=tree.county, language="zh-hans"))
    html = client.get("/").content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in html
    assert "英语" not in html

"""The generated work brief (工作简报): a Chinese paragraph in the style of the seed page,
every number computed from the records.

The services sentence follows the page word for word ("目前，德清县总工会已走访企业57家，
职工群众29户，排摸涉及企业职工具体困难26人次，掌握民生服务和精神文化类具体需求11件次，
其中解决34件次，提交反映3件次。"): enterprises and households visited are counted once
each, difficulties in person-times, needs in items, resolved and escalated by outcome
(:func:`gonghui.services.selectors.service_figures`, or the summary tables for a county
and above: :func:`gonghui.reports.rollup.brief_services`); the need categories named are
the top-level categories of the needs found (:func:`gonghui.reports.rollup.need_categories`).
Each other registered report with a ``brief`` function adds its sentence when the period
has figures for it (:attr:`gonghui.core.reports.Report.brief`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone

from gonghui.core.reports import Report, available_reports

from .periods import Period, cn_date
from .rollup import brief_services


def period_phrase(period: Period, today: dt.date) -> str:
    """How the brief opens: "目前，" for a period running until today or open-ended;
    "2026年1月1日至2026年3月31日，" for a closed one; "…以来，" / "截至…，" for half-open."""
    ends_now = period.date_to is None or period.date_to >= today
    if period.date_from is None:
        return "目前，" if ends_now else f"截至{cn_date(period.date_to)}，"
    if period.date_to is None:
        return f"{cn_date(period.date_from)}以来，"
    return f"{cn_date(period.date_from)}至{cn_date(period.date_to)}，"


def join_cn(words: list[str]) -> str:
    """``["甲"]`` → 甲; ``["甲", "乙"]`` → 甲和乙; ``["甲", "乙", "丙"]`` → 甲、乙和丙."""
    if len(words) <= 1:
        return "".join(words)
    return "、".join(words[:-1]) + "和" + words[-1]


def services_sentence(name: str, figures: Mapping, categories: list[str], opening: str) -> str:
    """The services sentence of the brief from :func:`service_figures` figures."""
    kinds = f"{join_cn(categories)}类" if categories else ""
    return (
        f"{opening}{name}已走访企业{figures['enterprises_visited']}家，"
        f"职工群众{figures['households_visited']}户，"
        f"排摸涉及企业职工具体困难{figures['difficulty_person_times']}人次，"
        f"掌握{kinds}具体需求{figures['needs']}件次，"
        f"其中解决{figures['resolved']}件次，提交反映{figures['escalated']}件次。"
    )


def compose_brief(
    name: str,
    period: Period,
    today: dt.date,
    services: Mapping,
    categories: list[str],
    modules: list[tuple[Report, Mapping]],
) -> str:
    """The brief from figures already computed: ``services`` has the keys of
    :func:`service_figures`, ``modules`` pairs each other report with its figures."""
    phrase = period_phrase(period, today)
    opening = services_sentence(name, services, categories, phrase)
    parts = []
    for report, figures in modules:
        if report.brief is None or not report.has_any(figures):
            continue
        sentence = report.brief(figures)
        if sentence:
            parts.append(sentence if sentence.startswith(name) else f"{name}{sentence}")
    # A union whose services have nothing to report, but other work has, starts with that
    # work rather than with a sentence of zeros.
    # It keeps the period, which the services sentence would have opened with.
    if parts and not (services.get("visits") or services.get("items")):
        return phrase + "".join(parts)
    return opening + "".join(parts)


def generate_brief(union, period: Period | None = None, *, today: dt.date | None = None) -> str:
    """The brief of ``union``'s subtree for ``period``: the services sentence, then one
    sentence per other module that has figures in the period (in report-name order),
    each opened by the union's name. The services sentence is left out when the subtree
    has no visits or items but other work; a union without any records gets the services
    sentence with zeros."""
    today = today or timezone.localdate()
    period = period or Period()
    figures, categories = brief_services(union, period, today=today)
    modules = [
        (report, report.compute(union, today=today, **period.as_kwargs()))
        for name, report in available_reports().items()
        if name != "services" and report.brief is not None
    ]
    return compose_brief(union.name, period, today, figures, categories, modules)

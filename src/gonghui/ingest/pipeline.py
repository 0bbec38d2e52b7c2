"""Run the parsers over a text: split into articles, then per article the figures,
organisations, regions, dates and kind of work. The result is plain data
(:func:`analyse` → :class:`Analysis`, ``as_dict()`` for ``--json``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import DatabaseError

from .dates import DateMention, find_dates
from .entities import (
    OrgMention,
    RegionMention,
    find_org_names,
    find_regions,
    is_group,
    known_organisations,
    match_organisations,
    same_bodies,
)
from .kinds import score_kinds
from .numbers import Figure, find_figures
from .split import Article, Repair, split_page


@dataclass
class ArticleAnalysis:
    """One article and what was read from it. Figures, dates and organisations carry
    ``paragraph`` (index into ``article.paragraphs``) with their offsets in it; the
    headline is paragraph ``-1``."""

    article: Article
    figures: list[tuple[int, Figure]] = field(default_factory=list)
    orgs: list[tuple[int, OrgMention]] = field(default_factory=list)
    dates: list[tuple[int, DateMention]] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    kinds: list[tuple[str, int]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.kinds[0][0] if self.kinds else ""

    def unique_figures(self) -> list[tuple[int, Figure]]:
        """Figures without repeats: the same value and unit counting the same thing (one
        thing written inside the other, 帮扶志愿者 / 工会帮扶志愿者) is one figure. A
        follow-up count (解决的具体需求, see ``numbers._follow_up_thing``) repeats only the
        same follow-up: 收集需求5件，已解决5件 are two figures. A headline's figure with the
        value and unit of one in the body is that figure (the body names its thing)."""
        out: list[tuple[int, Figure]] = []
        body = [f for para, f in self.figures if para != -1]
        for para, fig in self.figures:
            if para == -1 and any(f.value == fig.value and f.unit == fig.unit for f in body):
                continue  # 晋江：…，326名学子受益 / 资助困难职工子女326名: the body's figure
            if any(f.value == fig.value and f.unit == fig.unit
                   and (f.thing == fig.thing or ("的" not in f.thing + fig.thing
                                                 and (f.thing in fig.thing or fig.thing in f.thing)))
                   for _p, f in out):
                continue
            out.append((para, fig))
        return out

    def org_names(self) -> list[str]:
        """The article's organisations, each once under its fullest name (a short form,
        ``same_as``, is not another organisation) and without delegations or teams
        (``group``), in the order first written."""
        out: list[str] = []
        for _para, org in self.orgs:
            name = org.same_as or org.name
            if not org.group and name not in out:
                out.append(name)
        return out

    def mark_same_bodies(self) -> None:
        """Fill ``same_as`` and ``group`` of the article's organisation mentions."""
        full = same_bodies([o.name for _p, o in self.orgs])
        for _para, org in self.orgs:
            org.same_as = full.get(org.name, "")
            org.group = is_group(org.name)

    def as_dict(self) -> dict:
        a = self.article
        return {
            "index": a.index,
            "headline": a.headline,
            "kicker": a.kicker,
            "subheadline": a.subheadline,
            "byline": {"text": a.byline.text, "reporters": a.byline.reporters,
                       "correspondents": a.byline.correspondents,
                       "photographers": a.byline.photographers},
            "kind": self.kind,
            "kinds": [{"kind": k, "score": s} for k, s in self.kinds],
            "paragraphs": a.paragraphs,
            "figures": [{"paragraph": p, **f.as_dict()} for p, f in self.unique_figures()],
            "organisations": [{"paragraph": p, **o.as_dict()} for p, o in self.orgs],
            "regions": [r.as_dict() for r in self.regions],
            "dates": [{"paragraph": p, **d.as_dict()} for p, d in self.dates],
        }


@dataclass
class Analysis:
    """A whole text: its page date, layout repairs and articles."""

    page_date: dt.date | None
    repairs: list[Repair]
    articles: list[ArticleAnalysis]

    def as_dict(self) -> dict:
        return {
            "page_date": self.page_date.isoformat() if self.page_date else None,
            "repairs": [r.as_dict() for r in self.repairs],
            "articles": [a.as_dict() for a in self.articles],
        }


def analyse(text: str, page_date: dt.date | None = None, *, use_database: bool = True) -> Analysis:
    """Split and read ``text``. With ``use_database`` organisations are matched to the
    union tree and enterprises and regions to region codes (needs the database)."""
    page = split_page(text)
    known: dict = {}
    if use_database:
        try:
            known = known_organisations()
        except DatabaseError:  # not migrated: read the text without matching
            use_database = False
    out: list[ArticleAnalysis] = []
    for article in page.articles:
        result = ArticleAnalysis(article=article)
        parts = [(-1, article.headline)] + list(enumerate(article.paragraphs))
        for index, para in parts:
            result.figures += [(index, f) for f in find_figures(para)]
            result.orgs += [(index, o) for o in match_organisations(find_org_names(para), known)]
            result.dates += [(index, d) for d in find_dates(para, page_date)]
        result.mark_same_bodies()
        if use_database:
            result.regions = find_regions(article.headline + "\n" + article.text)
        result.kinds = score_kinds(article.text, article.headline)
        out.append(result)
    return Analysis(page_date=page_date, repairs=page.repairs, articles=out)

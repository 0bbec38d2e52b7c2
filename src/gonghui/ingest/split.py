"""Splitting a page (or a report) into articles: headline, kicker or subheadline,
byline (reporters 记者, correspondents 通讯员, photographers 摄) and paragraphs.

An article starts at a run of heading blocks (short lines without a sentence end, see
:func:`gonghui.ingest.repair.is_heading`). With two heading blocks the longer is the
headline: a shorter first one is the kicker (引题), a shorter-or-equal second one the
subheadline (副题). A credit line on its own (``通讯员毛才传 摄``) closes a photo item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .repair import Repair, is_byline_only, is_heading, repair_layout

NAME = r"[\u4e00-\u9fff]{2,4}"
LAZY = r"[\u4e00-\u9fff]{2,4}?"
CREDIT_RE = re.compile(
    rf"(?P<role>记者|通讯员)\s*(?P<names>{LAZY}(?:、{LAZY})*?)\s*(?P<how>报道|/文|/摄|摄)?"
    rf"(?=、?\s|/|报道|$)"
)
LEAD_RE = re.compile(
    rf"^(?:本报讯\s*)?(?P<credits>(?:(?:记者|通讯员)\s*{NAME}(?:、{NAME})*\s*)+)报道\s*"
    rf"|^本报讯\s*(?P<bare>(?:(?:记者|通讯员)\s*{LAZY}(?:、{LAZY})*\s+)+)"
)


@dataclass
class Byline:
    """Who wrote and photographed an article: lists of names, and the line as printed."""

    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    text: str = ""

    def add(self, line: str, photo: bool = False) -> None:
        """Read the credits of one byline ``line`` into the lists."""
        self.text = (self.text + " " + line.strip()).strip()
        for m in CREDIT_RE.finditer(line):
            names = [n for n in m.group("names").split("、") if n]
            target = self.reporters if m.group("role") == "记者" else self.correspondents
            for name in names:
                if name not in target:
                    target.append(name)
            if m.group("how") in ("/摄", "摄") or (photo and m.group("how") is None and False):
                self.photographers.extend(n for n in names if n not in self.photographers)

    def people(self) -> list[tuple[str, str]]:
        """``(role, name)`` pairs: role ``reporter``, ``correspondent`` or ``photographer``."""
        return ([("reporter", n) for n in self.reporters]
                + [("correspondent", n) for n in self.correspondents]
                + [("photographer", n) for n in self.photographers])


@dataclass
class Article:
    """One article: ``headline``, ``kicker`` (above), ``subheadline`` (below),
    ``byline``, body ``paragraphs`` (one line each; a subhead inside the body is a
    paragraph of its own) and its ``index`` on the page (0-based)."""

    index: int
    headline: str = ""
    kicker: str = ""
    subheadline: str = ""
    byline: Byline = field(default_factory=Byline)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Page:
    """A split page: its articles and the layout repairs made."""

    articles: list[Article]
    repairs: list[Repair]


def _set_headings(article: Article, headings: list[str]) -> None:
    if len(headings) == 1:
        article.headline = headings[0]
    elif len(headings) >= 2:
        first, second = headings[0], headings[1]
        if len(second) > len(first):
            article.kicker, article.headline = first, second
        else:
            article.headline, article.subheadline = first, second


def split_page(text: str) -> Page:
    """Repair ``text`` and split it into articles. A text with no heading at all (a
    short report) is one article without a headline."""
    blocks, repairs = repair_layout(text)
    articles: list[Article] = []
    headings: list[str] = []
    current: Article | None = None
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if is_heading(block, nxt):
            headings.append(block.strip())
            continue
        if is_byline_only(block):
            target = current or Article(index=len(articles))
            target.byline.add(block, photo=True)
            continue
        if headings or current is None:
            current = Article(index=len(articles))
            _set_headings(current, headings)
            headings = []
            articles.append(current)
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            lead = LEAD_RE.match(line)
            if lead and not current.paragraphs:
                current.byline.add(lead.group(0))
                line = line[lead.end():].strip()
                if not line:
                    continue
            current.paragraphs.append(line)
    if headings:  # headings at the very end with no body
        art = Article(index=len(articles))
        _set_headings(art, headings)
        articles.append(art)
    return Page(articles=articles, repairs=repairs)

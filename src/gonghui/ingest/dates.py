"""Dates in a text: absolute (2019年4月3日, 2019年, 4月底) and relative (近日, 日前,
近期, 去年7月, 今年年初, 当天) resolved against the page date.

A resolved date is a ``(start, end)`` range of :class:`datetime.date`: 近日 and 日前
mean "in the days before the page date" (the 7 days up to it); 去年7月 is the whole of
July of the year before; 今年年初 the first quarter of the page's year (a convention, so
it is marked ``approximate``). Without a page date a relative date is ``flagged`` and
left unresolved; a month or day without a year (4月底) too. A day without a year is of
the page's year, or of the year before when that would put it more than a month after
the page date (12月28日 on a page of 6 January).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass

from .numbers import normalise_digits, parse_number

_N = r"[0-9]+|[零〇一二两三四五六七八九十]+"
DATE_RE = re.compile(
    rf"(?P<y>[0-9]{{4}})年(?:(?P<m>{_N})月(?:(?P<d>{_N})日)?(?P<mpart>底|初|中旬|上旬|下旬)?)?"
    rf"|(?P<rely>去年|今年|明年|前年)(?:(?P<rm>{_N})月(?P<rd>{_N}日)?|(?P<ypart>年初|年底|年中|上半年|下半年))?"
    rf"|(?P<m2>[0-9]{{1,2}})月(?:(?P<d2>[0-9]{{1,2}})日|(?P<m2part>底|初|中旬))?"
    r"|(?P<rel>近日|日前|近期|当日|当天|连日来|近年来|目前|昨天|昨日|今天|今日)"
)
REL_YEARS = {"去年": -1, "今年": 0, "明年": 1, "前年": -2}


@dataclass
class DateMention:
    """One date as written (``text``, ``start``, ``end``), its ``kind`` (``absolute`` or
    ``relative``), the resolved range ``date_from``/``date_to`` (ISO strings or ``None``),
    ``approximate`` and ``flag`` (why it could not be resolved, or ``""``)."""

    text: str
    kind: str
    start: int
    end: int
    date_from: str | None = None
    date_to: str | None = None
    approximate: bool = False
    flag: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _month_range(year: int, month: int, part: str | None = None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    if part == "底" or part == "下旬":
        return dt.date(year, month, 21), dt.date(year, month, last)
    if part == "初" or part == "上旬":
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part == "中旬":
        return dt.date(year, month, 11), dt.date(year, month, 20)
    return dt.date(year, month, 1), dt.date(year, month, last)


def _year_part(year: int, part: str | None) -> tuple[dt.date, dt.date, bool]:
    if part == "年初":
        return dt.date(year, 1, 1), dt.date(year, 3, 31), True
    if part == "年底":
        return dt.date(year, 10, 1), dt.date(year, 12, 31), True
    if part == "年中":
        return dt.date(year, 5, 1), dt.date(year, 8, 31), True
    if part == "上半年":
        return dt.date(year, 1, 1), dt.date(year, 6, 30), False
    if part == "下半年":
        return dt.date(year, 7, 1), dt.date(year, 12, 31), False
    return dt.date(year, 1, 1), dt.date(year, 12, 31), False


def find_dates(text: str, page_date: dt.date | None = None) -> list[DateMention]:
    """Every date in ``text``, resolved against ``page_date`` where relative."""
    norm = normalise_digits(text)
    out: list[DateMention] = []
    for m in DATE_RE.finditer(norm):
        mention = DateMention(text=text[m.start():m.end()], kind="absolute",
                              start=m.start(), end=m.end())
        rng: tuple[dt.date, dt.date] | None = None
        try:
            if m.group("y"):
                year = int(m.group("y"))
                if m.group("m"):
                    month = int(parse_number(m.group("m")))
                    if m.group("d"):
                        day = dt.date(year, month, int(parse_number(m.group("d"))))
                        rng = (day, day)
                    else:
                        rng = _month_range(year, month, m.group("mpart"))
                else:
                    rng = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            elif m.group("rely"):
                mention.kind = "relative"
                if page_date is None:
                    mention.flag = "no page date"
                else:
                    year = page_date.year + REL_YEARS[m.group("rely")]
                    if m.group("rm"):
                        month = int(parse_number(m.group("rm")))
                        if m.group("rd"):
                            day = dt.date(year, month, int(parse_number(m.group("rd")[:-1])))
                            rng = (day, day)
                        else:
                            rng = _month_range(year, month)
                    else:
                        start, end, approx = _year_part(year, m.group("ypart"))
                        rng, mention.approximate = (start, end), approx
            elif m.group("m2"):
                month = int(m.group("m2"))
                if not 1 <= month <= 12:
                    continue
                mention.kind = "relative"
                if page_date is None:
                    mention.flag = "no year and no page date"
                else:
                    if m.group("d2"):
                        day = dt.date(page_date.year, month, int(m.group("d2")))
                        if day > page_date + dt.timedelta(days=31):
                            # 12月28日 on a page of 2025年1月5日: the December before
                            day = dt.date(page_date.year - 1, month, int(m.group("d2")))
                        rng = (day, day)
                    else:
                        rng = _month_range(page_date.year, month, m.group("m2part"))
            else:
                mention.kind = "relative"
                word = m.group("rel")
                if page_date is None:
                    mention.flag = "no page date"
                elif word in ("当日", "当天", "今天", "今日", "目前"):
                    rng = (page_date, page_date)
                    mention.approximate = word in ("当日", "当天")
                elif word in ("昨天", "昨日"):
                    rng = (page_date - dt.timedelta(days=1),) * 2
                elif word == "近年来":
                    rng = (dt.date(page_date.year - 3, 1, 1), page_date)
                    mention.approximate = True
                else:  # 近日, 日前, 近期, 连日来: the days before the page date
                    rng = (page_date - dt.timedelta(days=7), page_date)
                    mention.approximate = True
        except ValueError:
            mention.flag = "not a calendar date"
        if rng:
            mention.date_from, mention.date_to = rng[0].isoformat(), rng[1].isoformat()
        out.append(mention)
    return out

"""Figures in Chinese text: a number (any numeral form), its qualifier, its unit
(the classifier: 名, 家, 人次, 毫升 ...) and the thing it counts.

Numerals are converted by the maintained ``cn2an`` package (``57``, ``十万``, ``8万``,
``两``, full-width ``５７``); this module only finds them, reads the qualifier
(余/多/近/约/逾 → ``over`` or ``about``) and the counted thing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

import cn2an

from .segment import posseg

# Classifier → normalised English unit. Longest first in the regex.
UNITS: dict[str, str] = {
    "人次": "person-times",
    "件次": "item-times",
    "场次": "sessions",
    "毫升": "mL",
    "万元": "yuan",
    "元": "yuan",
    "名": "persons",
    "人": "persons",
    "位": "persons",
    "户": "households",
    "家": "organisations",
    "件": "items",
    "项": "items",
    "个": "units",
    "封": "letters",
    "场": "sessions",
    "天": "days",
    "次": "times",
    "支": "teams",
    "所": "institutions",
    "条": "items",
    "期": "sessions",
    "小时": "hours",
    "大": "items",
}
# Numbers followed directly by one of these nouns count people (30万职工).
PERSON_NOUNS = ("职工", "工人", "会员", "劳模", "志愿者", "农民工")

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUM = rf"(?:[0-9]+(?:\.[0-9]+)?[万亿千]?|[{CN_DIGITS}]+)"
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
FIGURE_RE = re.compile(
    rf"(?P<pre>不少于|不低于|至少|近|约|逾|超过|将近|大约)?(?P<num>{_NUM})(?P<post>余|多)?"
    rf"(?:(?P<unit>{_UNIT})|(?=(?P<noun>{'|'.join(PERSON_NOUNS)})))"
)
QUALIFIER = {"不少于": "over", "不低于": "over", "至少": "over", "余": "over", "多": "over", "逾": "over", "超过": "over",
             "近": "about", "将近": "about", "约": "about", "大约": "about"}
# A number is not a count when followed by these (dates, ordinals, durations of a plan).
_NOT_AFTER = ("年", "月", "日", "周年", "届", "号")
_VERBS_AFTER = ("参加", "参与", "参赛", "获得", "报名", "受益")
_PUNCT = "，,。；;、：:！？!?（）()“”\"《》 \n—"
_LEAD_STRIP = ("其中", "已", "共有", "共", "累计", "直接", "排摸", "涉及", "掌握", "走访",
               "开展", "组织", "安排", "惠及", "达", "有", "了", "为", "的")


@dataclass
class Figure:
    """One figure: ``value`` (int or float), ``unit`` (normalised English),
    ``classifier`` (the Chinese unit as written), ``thing`` counted, ``qualifier``
    (``""``, ``"over"`` or ``"about"``), ``text`` as written and its ``start``/``end``
    offsets in the paragraph passed to :func:`find_figures`."""

    value: float | int
    unit: str
    classifier: str
    thing: str
    qualifier: str
    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return asdict(self)


def normalise_digits(text: str) -> str:
    """Full-width digits and letters to ASCII (NFKC on those characters only; Chinese
    punctuation such as ，is kept)."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ" else ch
        for ch in text
    )


def parse_number(numeral: str) -> float | int:
    """The value of one numeral: ``"57"`` → 57, ``"十万"`` → 100000, ``"8万"`` → 80000,
    ``"两"`` → 2, ``"５７"`` → 57, ``"1.5万"`` → 15000. Raises ``ValueError`` if it is
    not a numeral."""
    numeral = normalise_digits(numeral)
    if numeral[:1] in "十百千万":  # 千人, 百余名: an implied 一
        numeral = "一" + numeral
    value = cn2an.cn2an(numeral, "smart")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


_AFTER_STOPS = ("让", "使", "给", "被", "把", "将", "在", "提供", "参加", "参与", "开展", "建立",
                "围绕", "受益", "进行", "感受")


def _thing_after(text: str, *, raw_fallback: bool = True) -> str:
    rest = text
    for verb in _VERBS_AFTER:
        if rest.startswith(verb):
            rest = rest[len(verb):]
            break
    rest = rest.lstrip("的了")
    for adverb in ("已经", "已", "均", "都"):
        if rest.startswith(adverb):
            rest = rest[len(adverb):]
    clause = rest
    for i, ch in enumerate(rest):
        if ch in _PUNCT:
            clause = rest[:i]
            break
    out: list[tuple[str, str]] = []
    for word, flag in posseg(clause):
        if word == "的" or word in _AFTER_STOPS or flag.startswith(("p", "u", "c", "r", "d", "m")):
            break
        out.append((word, flag))
        if sum(len(w) for w, _ in out) >= 10:
            break
    words = list(out)
    while out and not out[-1][1].startswith(("n", "vn", "j", "an")):
        out.pop()
    if not out and raw_fallback:
        return "".join(w for w, _ in words)[:8]
    return "".join(w for w, _ in out)


def _thing_before(text: str) -> str:
    cut = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] in _PUNCT:
            cut = i + 1
            break
    clause = text[cut:]
    words = list(posseg(clause))
    nouns: list[str] = []
    for word, flag in reversed(words):
        if flag.startswith(("n", "an", "vn", "j")) and word not in _LEAD_STRIP:
            nouns.insert(0, word)
            if len("".join(nouns)) >= 6:
                break
            continue
        break
    if nouns:
        joined = "".join(nouns)
        for lead in _LEAD_STRIP:
            if joined.startswith(lead) and len(joined) > len(lead):
                joined = joined[len(lead):]
                break
        return joined
    # No noun (其中解决34件次): the last verb phrase counts the thing.
    tail = clause
    for lead in _LEAD_STRIP:
        if tail.startswith(lead):
            tail = tail[len(lead):]
    return tail[-4:]


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (one paragraph), left to right. Years, dates, ordinals
    (第九次) and the numeral 一 used as an article are not figures."""
    norm = normalise_digits(text)
    figures: list[Figure] = []
    for m in FIGURE_RE.finditer(norm):
        num = m.group("num")
        start, end = m.start(), m.end()
        if start > 0 and norm[start - 1] in "第初":
            continue
        if num in ("一", "两", "十") and m.group("unit") in (None, "次", "天", "场", "期"):
            continue
        if num == "一" or (m.group("unit") == "次" and not num[0].isdigit()):
            continue
        if norm[end:end + 2].startswith(_NOT_AFTER):
            continue
        # 两地, 三年: a bare Chinese numeral before a noun is not a figure unless a person noun.
        try:
            value = parse_number(num)
        except (ValueError, KeyError):
            continue
        classifier = m.group("unit") or ""
        if classifier == "大" and num[0].isdigit():
            continue
        if classifier == "万元":
            value = value * 10000
        if classifier:
            unit = UNITS[classifier]
            after = norm[end:]
            thing = _thing_after(after)
            if not thing or after[:1] in _PUNCT or after.startswith(_VERBS_AFTER):
                if after.startswith(_VERBS_AFTER):
                    thing = _thing_after(after, raw_fallback=True) or _thing_before(norm[:start])
                else:
                    thing = _thing_before(norm[:start])
        else:
            unit = "persons"
            thing = _thing_after(norm[end:])
        qualifier = QUALIFIER.get(m.group("post") or "", "") or QUALIFIER.get(m.group("pre") or "", "")
        figures.append(Figure(value=value, unit=unit, classifier=classifier, thing=thing,
                              qualifier=qualifier, text=text[start:end], start=start, end=end))
    return figures

"""Normalise a text's layout before it is split into blocks (eighth round).

Three kinds of layout debris are mended on the whole text, each reported as a
:class:`gonghui.ingest.repair.Repair` like the other repairs:

* **letter-spaced lines** (``工 会 工 作 简 报``, ``职　工　之　家``): a run of three or
  more single Chinese characters each separated by one to three spaces is one word
  (``letter_spaced``); credit lines (``记者 王 芳``) are left as written;
* **page furniture**: rule lines (``━━━━``, ``------``; read as a blank line), page-number lines (``— 4 —``, ``-12-``, ``第4页``, ``第 3 页 共 8 页``,
  ``Page 2``, ``4/8``; a bare ``4`` only when the text's bare numbers form no sequence of
  item markers 01, 02 …), and Latin header lines of two or more words (``NINGBO WORKERS
  DAILY``) are dropped (``page_furniture``);
* **hard-wrapped lines** of a PDF page (:func:`unwrap`): when most lines of the text have
  about the same width and end without a sentence end, a full-width line is joined to
  the line below it (also across blank lines, as a page or column break leaves them),
  so that each paragraph is one line again (``unwrapped``); short lines stand alone, and
  two short title lines in a row (a headline printed over two lines: ``鄞州推动企业`` /
  ``签订工资专项集体合同``) are one headline (``joined_heading``), set apart from the
  paragraph above by a blank line.

Since the tenth round, **two columns merged line by line** (:func:`split_columns`): two or
more lines in a row each holding prose, a wide gap (four or more spaces) and more text are
two columns side by side; the left parts stay where they are and the right parts are set
after the left column's paragraph as a block of their own (``columns``).
"""

from __future__ import annotations

import re
from collections import Counter

CJK = r"\u4e00-\u9fff"
SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’」』）)"
_SPACED = re.compile(rf"(?<![{CJK}])[{CJK}](?:[ \u3000]{{1,3}}[{CJK}]){{2,}}(?![{CJK}])")
_CREDIT_CUE = re.compile(r"记者|通讯员|摄|文\s*[/／：:]|图\s*[/／：:]|编辑|审核")
_PAGE_LINE = re.compile(
    r"^[\s—\-–－~～_·•]*(?:第\s*[0-9０-９]{1,3}\s*页(?:\s*[,，/／]?\s*共\s*[0-9０-９]{1,3}\s*页)?"
    r"|[Pp](?:age|AGE)\.?\s*[0-9]{1,3}(?:\s*(?:/|of)\s*[0-9]{1,3})?"
    r"|[0-9０-９]{1,3}\s*[/／]\s*[0-9０-９]{1,3})[\s—\-–－~～_·•]*$")
_DASHED_NUMBER = re.compile(r"^\s*[—\-–－~～_·•]+\s*[0-9０-９]{1,3}\s*[—\-–－~～_·•]+\s*$")
_RULE_LINE = re.compile(r"^\s*[━─—\-=＝_~～*＊·•．.…]{4,}\s*$")
_MARKER_ALONE = re.compile(r"^(?:[0-9０-９]{1,2}|(?:NO|No|no)\.?\s*[0-9]{1,2}|[一二三四五六七八九十]{1,3}、?)$")
_BARE_NUMBER = re.compile(r"^\s*([0-9０-９]{1,3})\s*$")
_LATIN_HEADER = re.compile(r"^\s*(?:[A-Za-z][A-Za-z'&.\-]*(?:[ \t]+[A-Za-z][A-Za-z'&.\-]*)+|[A-Z]{3,16}|[A-Z][a-z]{2,15})\s*$")


FULL_SLACK = 2.0  # a line this much narrower than the wrap width still counts as full


def _width(line: str) -> float:
    """Printed width of ``line`` in Chinese characters (a Latin letter or digit is half)."""
    return sum(0.5 if ord(ch) < 256 else 1.0 for ch in line.rstrip())


def _ends(line: str) -> bool:
    tail = line.rstrip()
    while tail and tail[-1] in CLOSERS:
        if len(tail) > 1 and tail[-2] in SENTENCE_END:
            return True
        tail = tail[:-1]
    return bool(tail) and tail[-1] in SENTENCE_END


def despace_letters(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with letter-spaced runs closed up (``工 会 工 作 简 报`` → ``工会工作简报``)
    and the list of ``(before, after)`` changed."""
    changes: list[tuple[str, str]] = []
    out = []
    for line in text.split("\n"):
        if not _CREDIT_CUE.search(line):
            def close(m: re.Match) -> str:
                joined = re.sub(r"[ \u3000]", "", m.group(0))
                changes.append((m.group(0), joined))
                return joined
            line = _SPACED.sub(close, line)
        out.append(line)
    return "\n".join(out), changes


_SIDE_BY_SIDE = re.compile(r"^[ \u3000]*(\S.*?\S)[ \u3000]{4,}(\S.*?)[ \u3000]*$")


def _prose(left: str) -> bool:
    return len(left) >= 12 and bool(re.search(rf"[{CJK}]", left))


def split_columns(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with two columns merged line by line taken apart, and the list of
    ``(line, right part)`` moved. A run of two or more lines each matching
    ``left␣␣␣␣right`` whose left parts are prose (12 letters or more, one of them with
    ``，`` or ``。``) is two columns (a masthead's items, ``安徽工人日报      综合新闻`` /
    ``2025年11月20日 星期四    A3``, are short or without punctuation and stay). The left
    parts stay in place; the right parts, one a line, follow the left column's paragraph
    (up to the next blank line) as a block set apart by blank lines."""
    lines = text.split("\n")
    moved: list[tuple[str, str]] = []
    out: list[str] = []
    i = 0
    while i < len(lines):
        k = i
        parts = []
        while k < len(lines) and (m := _SIDE_BY_SIDE.match(lines[k])) and _prose(m.group(1)):
            parts.append((m.group(1), m.group(2)))
            k += 1
        if len(parts) < 2 or not any(ch in left for left, _r in parts for ch in "，,。"):
            out.append(lines[i])
            i += 1
            continue
        out += [left for left, _r in parts]
        while k < len(lines) and lines[k].strip():  # the rest of the left column's paragraph
            out.append(lines[k])
            k += 1
        out += [""] + [right for _l, right in parts] + [""]
        moved += [(lines[n], parts[n - i][1]) for n in range(i, i + len(parts))]
        i = k
    return "\n".join(out), moved


def _marker_numbers(lines: list[str]) -> set[int]:
    """Indexes of bare-number lines that are item markers: two or more of them in the
    text counting up (01, 02 …), or one written with a leading zero."""
    found = [(i, m.group(1)) for i, ln in enumerate(lines) if (m := _BARE_NUMBER.match(ln))]
    values = [int(v.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) for _i, v in found]
    markers: set[int] = set()
    for k, (i, raw) in enumerate(found):
        v = values[k]
        if raw.startswith(("0", "０")) and len(raw) > 1:
            markers.add(i)
        elif (v - 1) in values[:k] or (v + 1) in values[k + 1:]:
            markers.add(i)
    return markers


def drop_page_furniture(text: str) -> tuple[str, list[str]]:
    """``text`` without page-number lines and Latin header lines; the lines dropped."""
    lines = text.split("\n")
    markers = _marker_numbers(lines)
    has_chinese = bool(re.search(rf"[{CJK}]", text))
    out, dropped = [], []
    for i, line in enumerate(lines):
        if _RULE_LINE.match(line):
            dropped.append(line.strip())
            out.append("")  # a rule between articles parts them like a blank line
            continue
        bare = _BARE_NUMBER.match(line)
        if (_PAGE_LINE.match(line) or _DASHED_NUMBER.match(line)
                or (bare and i not in markers)
                or (has_chinese and _LATIN_HEADER.match(line) and not re.search(r"END|End", line))):
            dropped.append(line.strip())
            continue
        out.append(line)
    return "\n".join(out), dropped


def _is_title(line: str, width: float) -> bool:
    """A short line that can be (part of) a headline in a hard-wrapped text."""
    s = line.strip()
    return (bool(s) and not line[:1].isspace() and _width(s) < width - FULL_SLACK and len(s) <= 24
            and not _ends(s) and not any(ch in s for ch in "，,、：:；;") and not _CREDIT_CUE.search(s)
            and not re.search(r"[0-9０-９]{4}年", s))


def wrap_width(lines: list[str]) -> float | None:
    """The width at which ``lines`` were hard-wrapped, or None when they were not: the
    most common width (lines of eight characters or more) must hold six lines or more,
    at least 40 % of those lines, and most of them must end without a sentence end; no
    more than a tenth of the lines may be wider (else the paragraphs run on as long lines
    and lines of one width are headlines)."""
    widths = [round(_width(ln)) for ln in lines if _width(ln) >= 8]
    if len(widths) < 6:
        return None
    counts = Counter(widths)
    best, _n = max(counts.items(), key=lambda kv: (sum(c for w, c in counts.items() if abs(w - kv[0]) <= 1), kv[0]))
    near = [ln for ln in lines if _width(ln) >= 8 and abs(_width(ln) - best) <= 1.5]
    if len(near) < 6 or len(near) < 0.4 * len(widths) or best > 60:
        return None
    wider = [w for w in widths if w > best + 3]
    if len(wider) > 0.1 * len(widths):
        return None  # paragraphs run on as long lines: headlines of one width are no wrap
    open_ends = sum(1 for ln in near if not _ends(ln))
    if open_ends < 0.6 * len(near):
        return None
    return float(best)


def unwrap(text: str, is_kept=lambda line: False) -> tuple[str, list[tuple[str, str, str]]]:
    """Rejoin a hard-wrapped text (see the module's docstring). ``is_kept(line)`` marks
    lines never joined (masthead, staff and credit lines). Returns the text and the joins
    made as ``(kind, before, after)``."""
    lines = text.split("\n")
    width = wrap_width([ln for ln in lines if not is_kept(ln)])
    if width is None:
        return text, []
    joins: list[tuple[str, str, str]] = []
    out: list[str] = []
    open_line = False  # the last line written is a full body line that goes on below
    heading_joined = False  # a headline over two lines takes no third
    gap = False  # blank lines skipped after an open line
    below_marker = False  # the line before is an item's number alone (01, NO.3)
    for line in lines:
        s = line.strip()
        if not s:
            if not open_line:
                out.append(line)
            else:
                gap = True
            continue
        if gap and not any(ch in out[-1] for ch in "，,、；;：:。"):
            out.append("")  # a title wide as the column (…工作总结) above a blank line: no body going on
            open_line = False
        gap = False
        kept = is_kept(line)
        title = not kept and _is_title(line, width)
        if open_line and not line[:1].isspace() and not kept and (not title or _ends(s)):
            joins.append(("unwrapped", out[-1].rstrip()[-6:], s[:6]))
            out[-1] = out[-1].rstrip() + s
        elif (title and not heading_joined and out and not is_kept(out[-1]) and _is_title(out[-1], width)
              and " " not in out[-1].strip() and " " not in s
              and not out[-1].strip().startswith(("—", "－")) and not s.startswith(("—", "－"))
              and len(out[-1].strip()) + len(s) <= 30):
            joins.append(("joined_heading", out[-1].strip(), s))
            out[-1] = out[-1].rstrip() + s
            heading_joined = True
            open_line = False
            continue
        else:
            if title and out and out[-1].strip():
                out.append("")  # a title stands apart from the paragraph above
            out.append(line)
        heading_joined = False
        open_line = (not kept and not title and not _ends(s) and not below_marker
                     and width - FULL_SLACK <= _width(line) <= width + 1)  # wider: not a wrapped line
        below_marker = kept and bool(_MARKER_ALONE.match(s))  # 01 / its headline on the next line
    return "\n".join(out), joins

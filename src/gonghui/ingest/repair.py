"""Repairs of text broken by a newspaper page's layout.

* A sentence split across blank lines (a column or page gap): ``"帮\\n\\n扶资源"`` is
  joined to ``"帮扶资源"`` when the block before is body text (not a headline) that
  does not end a sentence.
* A word split by a column gap inside a line (two or more spaces between Chinese
  characters) is joined; so is a sentence hard-wrapped across lines of one block (a line
  of body text ending mid-sentence and a next line that is not indented).
* A stray Latin word inside Chinese text (``"工作思路 and 要点"``) is replaced by its
  Chinese when it is a known conjunction (and → 和) and flagged either way; a Latin word
  alone on a line inside a Chinese block (``News`` left by a page's layout) is left out
  and flagged.
* A page that ends mid-sentence is flagged (``truncated``), never completed.
* Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) pasted from web pages and WeChat
  are dropped before anything is read (``"\u200b3\u200b0户"`` → ``"30户"``), and reported
  once (``zero_width``). Offsets of figures and source sentences are in the repaired
  paragraphs, so they stay right.

Every repair is reported as a :class:`Repair` so an officer can check it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .head import (
    is_contents_label,
    is_credit_line,
    is_dateline,
    is_post_dateline,
    is_staff_line,
    item_marker,
    masthead_cue,
    masthead_span,
)
from .normalise import despace_letters, drop_page_furniture, split_columns, unwrap

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’」』）)"
CJK = r"\u4e00-\u9fff"
STRAY_LATIN = re.compile(rf"(?<=[{CJK}，。、”“])\s*\b([A-Za-z]{{1,12}})\b\s*(?=[{CJK}“])")
LATIN_TO_CHINESE = {"and": "和", "or": "或", "with": "与", "of": "的", "to": "至"}
CAPTION_START = re.compile(r"^(?:[▲△↑☝]|图为)")
LATIN_LINE = re.compile(r"[A-Za-z]{2,12}")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
COLUMN_GAP = re.compile(rf"(?<=[{CJK}，、])[ \u3000\t]{{2,}}(?=[{CJK}])")
BYLINE_START = re.compile(r"^(?:本报讯|本报记者|(?:记者|通讯员)[\u4e00-\u9fff、]{2,20}(?:报道|/文|/摄| 摄))")


@dataclass
class Repair:
    """One repair: ``kind`` (``zero_width``, ``joined_blocks``, ``joined_lines``, ``column_gap``,
    ``stray_latin``, ``truncated``; since the eighth round ``letter_spaced``, ``page_furniture``,
    ``unwrapped``, ``joined_heading`` from :mod:`gonghui.ingest.normalise` (since the tenth round
    also ``columns``) and ``fallback_split`` (since the tenth round also ``teaser``)
    from the splitter; since the eleventh round ``notice_head``), the ``before`` and ``after`` text around the spot, and a ``note``."""

    kind: str
    before: str
    after: str
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


_DATE = r"[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
_ISSUE = r"(?:[0-9０-９]{4}年)?第[0-9０-９零〇一二三四五六七八九十百]+期(?:[（(]总第[0-9０-９]+期[）)])?"
MASTHEAD_RES = (
    # 浙江工人日报　2025年2月18日　星期二　第2版　县域·基层
    re.compile(rf"^\S{{2,12}}报\s*{_DATE}.*(?:星期|周)[一二三四五六日天].*$"),
    re.compile(rf"^.*{_DATE}\s*(?:星期|周)[一二三四五六日天]\s*第\S{{1,3}}版.*$"),
    # 2024年第11期（总第136期）, 第1期
    re.compile(rf"^{_ISSUE}$"),
    # 仙居县总工会编　　　2024年6月21日
    re.compile(rf"^\S{{2,24}}(?:编|编印|主办|印发|主编)\s+{_DATE}$"),
    # a date alone (a signature's or a masthead's)
    re.compile(rf"^{_DATE}$"),
)
# The title of a numbered brief above its issue line (工 作 简 报 / 工作信息).
BRIEF_TITLE = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:简报|信息|动态|通讯|快报|专报)$")


def is_masthead(line: str) -> bool:
    """Whether ``line`` is part of a page's masthead, not an article: the newspaper's
    name with the date, weekday and page (``浙江工人日报　2025年2月18日　星期二　第2版``),
    a brief's issue line (``2024年第11期（总第136期）``), its editor-and-date line
    (``仙居县总工会编　　2024年6月21日``) or a date alone."""
    line = line.strip().replace("\u3000", " ")
    return any(r.match(line) for r in MASTHEAD_RES) or masthead_cue(line) == "strong"


def masthead_lines(block: str) -> int:
    """How many leading lines of ``block`` are masthead lines (a brief's title counts
    when an issue line follows it in the block: ``工 作 简 报`` / ``第1期``)."""
    lines = [ln.strip() for ln in block.strip().splitlines()]
    n = 0
    while n < len(lines):
        squeezed = "".join(lines[n].split())
        if is_masthead(lines[n]):
            n += 1
        elif (BRIEF_TITLE.match(squeezed) and n + 1 < len(lines)
              and re.match(rf"^{_ISSUE}$", lines[n + 1].replace(" ", ""))):
            n += 2
        else:
            break
    return max(n, masthead_span(lines))


def is_heading(block: str, next_block: str | None) -> bool:
    """Whether ``block`` (one blank-line-separated block) reads as a headline, kicker or
    caption title: one short line, no sentence end, not an issuer's dateline (name and
    date); with commas only when a byline follows (``扶贫路上,我们都是追梦人`` then ``通讯员…报道``)."""
    block = block.strip()
    if "\n" in block or len(block) > 34 or not block:
        return False
    if (block[-1] in SENTENCE_END or BYLINE_START.match(block) or is_byline_only(block)
            or is_masthead(block) or is_dateline(block)):
        return False
    if block.startswith(("——", "—", "－－")):
        return True  # a subheadline: ——2000余名职工参赛，决出个人奖项96个
    marked = item_marker(block)
    if any(ch in (marked[1] if marked and marked[1] else block) for ch in "，,、"):
        nxt = next_block.strip() if next_block else ""
        return bool(nxt and (BYLINE_START.match(nxt) or is_byline_only(nxt.splitlines()[0])))
    return True


_NAMES = r"[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*"
_CREDIT = (rf"(?:(?:本报|特约|见习)*(?:记者|通讯员)\s*{_NAMES}\s*(?:/\s*[文摄]|摄|报道)?"
           rf"|(?:文|图|摄影|摄)\s*[/／：:]\s*{_NAMES}"
           rf"|{_NAMES}(?:\s+|\s*/\s*)摄)")
BYLINE_LINE = re.compile(rf"\s*{_CREDIT}(?:\s+{_CREDIT})*\s*")


def is_byline_only(block: str) -> bool:
    """A credit line on its own: ``通讯员毛才传 摄``, ``通讯员 郑丽 摄``,
    ``记者张浩呈/文 通讯员周迎朝/摄``, ``本报记者 何晓燕 通讯员 楼佳琪、宣一鸣``,
    ``文/王芳 图/李强``, ``陈明 摄``."""
    return (bool(BYLINE_LINE.fullmatch(block.strip().replace("\u3000", " ")))
            or is_credit_line(block))


def _wrapped(prev: str, line: str, *, first: bool = False) -> bool:
    """Whether ``line`` goes on the sentence ``prev`` left open, a hard wrap of pasted or
    damaged text (``…已在全市建成“蓝领驿站”`` / ``326个，实现…``): ``prev`` is body text
    (20 characters or more with a comma or stop inside) that ends mid-sentence, and
    ``line`` is not indented (a new paragraph), an item, a credit or a staff line. The
    first line of a block may be a headline with a comma (``晋江：…发放到位，326名学子受益``):
    it is body only when longer than a headline, holds a stop or opens with 本报讯."""
    body = prev.strip()
    if (len(body) < 20 or not any(ch in body for ch in "，。；") or _ends_sentence(body)
            or body[-1] in "：:" or not line.strip()):
        return False
    if first and not (len(body) > 34 or "。" in body or body.startswith("本报讯")):
        return False
    if line[:1].isspace() or item_marker(line) or is_byline_only(line) or is_staff_line(line):
        return False
    return not (CAPTION_START.match(line.strip()) or BYLINE_START.match(line.strip()))


def _heading_run(block: str) -> bool:
    """Whether ``block`` is two or three heading lines and nothing else (a kicker above
    its headline: ``东西部协作·川浙一家亲`` / ``山海情深　工会帮扶架起连心桥``): never a
    sentence that goes on in the next block."""
    lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
    return 2 <= len(lines) <= 3 and all(is_heading(ln, None) for ln in lines)


def _staff_only(block: str) -> bool:
    """Whether every line of ``block`` is a staff or distribution line (``编辑：陈雨婷``)
    or a credit line among them (``文字：周敏`` / ``图片：舟山市总工会`` / ``编辑：李娜``)."""
    lines = [ln for ln in block.splitlines() if ln.strip()]
    return (bool(lines) and all(is_staff_line(ln) or is_credit_line(ln) for ln in lines)
            and any(is_staff_line(ln) for ln in lines))


_CLOSING_NAME = re.compile(rf"(?<=[{SENTENCE_END}])\s*[（(][{CJK}、\s]{{2,12}}[）)]$")


def _ends_sentence(block: str) -> bool:
    """Whether ``block`` ends a sentence (a closing quote or bracket after the stop counts,
    and so does a brief's author in brackets after it: ``…发放助学金36万元。（杨柳）``)."""
    tail = _CLOSING_NAME.sub("", block.rstrip())
    while tail and tail[-1] in CLOSERS:
        if len(tail) > 1 and tail[-2] in SENTENCE_END:
            return True
        return tail[-1] in "”’" and False
    return bool(tail) and tail[-1] in SENTENCE_END


_CREDIT_TAIL = re.compile(rf"(?:^|[{SENTENCE_END}\s])\s*[（(]?\s*(?:{_CREDIT})\s*[）)]?$")


def _closes_with_credit(block: str) -> bool:
    """Whether ``block`` ends with a credit (a caption's ``…献血。  通讯员 郑可欣 摄``, ``…
    （记者 X）``): what follows is no rest of its sentence."""
    return bool(_CREDIT_TAIL.search(block.rstrip().splitlines()[-1]))


def _opens_with_heading(block: str) -> bool:
    """Whether ``block`` opens with one to three heading lines right above an indented
    paragraph or a credit line (``湖州第五届职工职业技能大赛落幕`` / ``  本报讯　11月16日，…``):
    a new article, never the rest of the block before."""
    lines = [ln for ln in block.strip("\n").splitlines() if ln.strip()]
    k = 0
    while k < min(3, len(lines) - 1) and is_heading(lines[k], None) and not is_byline_only(lines[k]):
        k += 1
    if k == 0 or k >= len(lines):
        return False
    below = lines[k]
    return is_byline_only(below) or (below[:1].isspace() and len(below.strip()) > len(lines[k - 1].strip()))


def _kept_line(line: str) -> bool:
    """A line :func:`gonghui.ingest.normalise.unwrap` never joins: masthead, staff,
    dateline, credit and item-marker lines."""
    s = line.strip()
    return bool(masthead_cue(s) or is_staff_line(s) or is_dateline(s) or is_credit_line(s)
                or is_byline_only(s) or _item_title(s))


def _item_title(line: str) -> bool:
    """A numbered item's marker alone (``01``) or with a headline without punctuation
    (``一、县总工会举办专场招聘会``, ``■宁德举办职工篮球赛``): a line of its own."""
    marked = item_marker(line)
    return marked is not None and not any(ch in marked[1] for ch in "，,。；;：:！？!?")


def _normalise(text: str, repairs: list[Repair]) -> str:
    """Letter-spaced lines closed up, page furniture dropped and hard-wrapped lines
    rejoined (:mod:`gonghui.ingest.normalise`), each change reported; then full-width
    spaces read as spaces."""
    text, columns = split_columns(text)
    for line, right in columns:
        repairs.append(Repair("columns", line, right,
                              "two columns merged line by line were taken apart; the right one follows"))
    text, spaced = despace_letters(text)
    for before, after in spaced:
        repairs.append(Repair("letter_spaced", before, after, "a letter-spaced line was closed up"))
    text, dropped = drop_page_furniture(text)
    for line in dropped:
        if LATIN_LINE.fullmatch(line):  # one stray word (News), reported as before
            repairs.append(Repair("stray_latin", line, "", f"stray Latin line '{line}' left out"))
        else:
            repairs.append(Repair("page_furniture", line, "", f"page header, rule or number '{line}' left out"))
    text, joins = unwrap(text, _kept_line)
    for kind, before, after in joins:
        note = ("a headline printed over two lines was joined" if kind == "joined_heading"
                else "a hard-wrapped line of a PDF page was joined")
        repairs.append(Repair(kind, before, after, note))
    return text.replace("\u3000", " ")


def repair_layout(text: str) -> tuple[list[str], list[Repair]]:
    """Split ``text`` into blocks at blank lines and repair them. Returns the repaired
    blocks (each a list of lines joined by ``\\n``) and the repairs made."""
    text = text.replace("\r\n", "\n")
    repairs: list[Repair] = []
    hidden = ZERO_WIDTH.findall(text)
    if hidden:
        m = ZERO_WIDTH.search(text)
        spot = text[max(0, m.start() - 6):m.start() + 8]
        text = ZERO_WIDTH.sub("", text)
        shown = ZERO_WIDTH.sub(lambda z: f"[U+{ord(z.group(0)):04X}]", spot)
        repairs.append(Repair("zero_width", shown, ZERO_WIDTH.sub("", spot),
                              f"{len(hidden)} zero-width character(s) removed"))
    text = _normalise(text, repairs)
    raw = [b.strip("\n") for b in re.split(r"\n\s*\n", text)]
    raw = [b for b in raw if b.strip()]
    blocks: list[str] = []
    for i, block in enumerate(raw):
        if blocks:
            prev = blocks[-1]
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            if (not _ends_sentence(prev) and not is_heading(prev, block)
                    and not _staff_only(prev) and not is_staff_line(block.strip().splitlines()[0])
                    and not is_dateline(prev.splitlines()[-1]) and not is_contents_label(block)
                    and masthead_lines(prev) == 0 and masthead_lines(block) == 0
                    and not is_byline_only(prev) and not is_byline_only(block)
                    and not is_byline_only(prev.splitlines()[-1]) and not _heading_run(prev)
                    and not is_heading(block, nxt)
                    and not BYLINE_START.match(block.strip())
                    and not _closes_with_credit(prev) and not _opens_with_heading(block)
                    and not is_post_dateline(prev.splitlines()[-1])
                    and item_marker(block.strip().splitlines()[0]) is None
                    and (len(prev.splitlines()[-1]) >= 20 or "。" in prev) and prev.rstrip()[-1] not in "”’：:"):
                repairs.append(Repair("joined_blocks", prev.rstrip()[-6:], block.lstrip()[:6],
                                      "a sentence split across blank lines was joined"))
                blocks[-1] = prev.rstrip() + block.lstrip()
                continue
        blocks.append(block)
    out: list[str] = []
    for block in blocks:
        lines = []
        has_chinese = bool(re.search(rf"[{CJK}]", block))
        for line in block.splitlines():
            if has_chinese and LATIN_LINE.fullmatch(line.strip()):
                # a stray word on a line of its own inside Chinese text (layout debris: News)
                repairs.append(Repair("stray_latin", line.strip(), "",
                                      f"stray Latin line '{line.strip()}' left out"))
                continue
            def gap(m: re.Match) -> str:
                whole = m.string
                if BYLINE_START.match(whole) and is_credit_line(whole[:m.start()]):
                    return "  "  # 本报讯 记者 X 通讯员 Y  今年以来: the gap ends the credit
                repairs.append(Repair("column_gap", whole[max(0, m.start() - 4):m.start()],
                                      whole[m.end():m.end() + 4],
                                      "a word split by a column gap was joined"))
                return ""
            if not (masthead_cue(line) or is_staff_line(line)):
                # a masthead's or staff line's items stand apart (安徽工人日报    综合新闻)
                line = COLUMN_GAP.sub(gap, line)

            def latin(m: re.Match) -> str:
                word = m.group(1)
                chinese = LATIN_TO_CHINESE.get(word.lower())
                note = (f"stray Latin word '{word}' replaced by '{chinese}'" if chinese
                        else f"stray Latin word '{word}' left as written")
                repairs.append(Repair("stray_latin", m.group(0), chinese or m.group(0), note))
                return chinese if chinese else m.group(0)
            if not BYLINE_START.match(line):
                line = STRAY_LATIN.sub(latin, line)
            # where a headline may stand: a block's first line, or the line below a marker alone (01)
            marked = item_marker(lines[-2]) if len(lines) >= 2 else None
            heading_place = len(lines) == 1 or (marked is not None and marked[1] == "")
            if lines and _wrapped(lines[-1], line, first=heading_place):
                repairs.append(Repair("joined_lines", lines[-1].rstrip()[-6:], line.lstrip()[:6],
                                      "a sentence hard-wrapped across lines was joined"))
                lines[-1] = lines[-1].rstrip() + line.strip()
                continue
            lines.append(line)
        out.append("\n".join(lines))
    # a footer (来源：… 编辑：…) or a signature (嘉善县总工会 / 2025年12月1日) is no text
    text_blocks = [b for b in out if not _staff_only(b)
                   and masthead_lines(b) < len(b.strip().splitlines())
                   and not all(is_dateline(ln) for ln in b.splitlines() if ln.strip())]
    if text_blocks and not _ends_sentence(text_blocks[-1]) and not is_byline_only(text_blocks[-1]) \
            and not is_byline_only(text_blocks[-1].splitlines()[-1]) \
            and not is_heading(text_blocks[-1], None):
        repairs.append(Repair("truncated", text_blocks[-1].rstrip()[-10:], "",
                              "the page ends mid-sentence; the text was not completed"))
    return out, repairs

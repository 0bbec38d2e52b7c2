"""Splitting a page (or a report) into articles: headline, kicker or subheadline,
byline (reporters 记者, correspondents 通讯员, photographers 摄) and paragraphs.

An article starts at a run of heading blocks (short lines without a sentence end, see
:func:`gonghui.ingest.repair.is_heading`). With two heading blocks the longer is the
headline: a shorter first one is the kicker (引题), a shorter-or-equal second one the
subheadline (副题). A credit line on its own (``通讯员毛才传 摄``) closes a photo item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .entities import find_org_names
from .head import (
    DATE_RE,
    ISSUE_RE,
    is_contents_label,
    is_credit_line,
    is_dateline,
    is_post_dateline,
    is_post_end,
    is_staff_line,
    item_marker,
    read_credits,
)
from .repair import Repair, is_byline_only, is_heading, masthead_lines, repair_layout
from .segment import posseg, tokens

NAME = r"[\u4e00-\u9fff]{2,4}"
LAZY = r"[\u4e00-\u9fff]{2,4}?"
CREDIT_RE = re.compile(
    rf"(?P<role>记者|通讯员)\s*(?P<names>{LAZY}(?:、{LAZY})*?)\s*(?P<how>报道|/文|/摄|摄)?"
    rf"(?=、?\s|/|报道|[）)]|$)"
)
# 文/王芳 图/李强 (writer, photographer) and 陈明 摄 without a role.
WRITER_RE = re.compile(rf"(?:^|(?<=\s))文\s*[/／：:]\s*(?P<names>{NAME}(?:、{NAME})*)")
PHOTO_RE = re.compile(rf"(?:图|摄影|摄)\s*[/／：:]\s*(?P<names>{NAME}(?:、{NAME})*)"
                      rf"|(?:^|(?<=\s))(?P<bare>{NAME}(?:、{NAME})*)(?:\s+|\s*/\s*)摄")
LEAD_RE = re.compile(
    rf"^(?:本报讯\s*)?(?P<credits>(?:(?:本报)?(?:记者|通讯员)\s*{NAME}(?:、{NAME})*\s*)+)报道\s*"
    rf"|^(?:本报讯\s*)?[（(](?P<paren>(?:(?:记者|通讯员)\s*{NAME}(?:(?:、|\s+)(?!记者|通讯员){NAME})*\s*)+)[）)]\s*"
    rf"|^本报讯\s*(?P<bare>(?:(?:记者|通讯员)\s*{LAZY}(?:、{LAZY})*\s+)+)"
)
# 本报讯 then a credit closed by a gap of two or more spaces before the body (本报讯 通讯员
# 白雪梅 刘亮  中秋将至，…): names may be separated by single spaces.
LEAD_GAP_RE = re.compile(r"^(?P<credit>本报讯[^，。,；;：:]{2,40}?)[ \t]{2,}(?=\S)")
# A photo's caption in a WeChat post or a page (▲慰问组…, △…, ↑…, 图为…): a paragraph of
# the article it stands in, never a headline (a round-up's marked items are read first).
CAPTION_RE = re.compile(r"^(?:[▲△↑☝]\s*|(?=图为))")
# Reporters credited in brackets closing a paragraph: …发言。（记者 钱程 通讯员 孙悦）
CLOSING_CREDIT_RE = re.compile(r"(?<=[。！？!?])\s*[（(](?P<credit>(?:本报|特约|见习)*(?:记者|通讯员)[^（）()]{2,36})[）)]$")
# A photo credit closing a caption or paragraph: …。（通讯员 陈明 摄）; since the tenth
# round also 图/ before the names: …。（图/马骏）, …。  图/通讯员 刘洋
CAPTION_CREDIT_RE = re.compile(
    rf"(?<=[。！？!?])\s*[（(]?(?P<credit>(?:(?:记者|通讯员)\s*)?{NAME}(?:、{NAME})*\s*/?\s*摄"
    rf"|图\s*[/／:：]\s*(?:(?:本报)?(?:记者|通讯员)\s*)?{NAME}(?:[、\s]{NAME})*)[）)]?$")


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
        credits = read_credits(line)
        if any(credits.values()):
            for key, target in (("reporter", self.reporters), ("correspondent", self.correspondents),
                                ("photographer", self.photographers)):
                target.extend(n for n in credits[key] if n not in target)
            return
        for m in CREDIT_RE.finditer(line):
            names = [n for n in m.group("names").split("、") if n]
            target = self.reporters if m.group("role") == "记者" else self.correspondents
            for name in names:
                if name not in target:
                    target.append(name)
            if m.group("how") in ("/摄", "摄") or (photo and m.group("how") is None and False):
                self.photographers.extend(n for n in names if n not in self.photographers)
        rest = CREDIT_RE.sub(" ", line)
        for m in WRITER_RE.finditer(rest):
            self.reporters.extend(n for n in m.group("names").split("、") if n not in self.reporters)
        for m in PHOTO_RE.finditer(rest):
            names = (m.group("names") or m.group("bare")).split("、")
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


def _couplet(line: str) -> bool:
    """Two or more parallel phrases of the same length split by spaces (春送岗位 暖心留工):
    the shape of a kicker."""
    parts = line.split()
    return len(parts) >= 2 and len({len(p) for p in parts}) == 1 and len(parts[0]) <= 6


def _starts_with_place(line: str) -> bool:
    words = list(posseg(line.lstrip("“\"")))
    return bool(words) and words[0][1] == "ns" and len(words[0][0]) >= 2


def _opens_with_subject(line: str) -> bool:
    """Whether a heading line opens with who acts: a place (广丰区…, 瑞安启动…) or an
    organisation's name (三门工会上门忙, 中天建设集团工会开展…). A news headline names its
    actor first; a kicker (深化“三服务” 工会在行动, 2025年"两节"送温暖, “师带徒”结对传技艺)
    opens with a verb, a date or a slogan."""
    line = line.strip().lstrip("“\"")
    return (_starts_with_place(line) or any(o.start == 0 for o in find_org_names(line))
            or bool(_UNION_ACTOR.match(line)))


# A union named by its place first (莲都工会…, 青田县总工会…): the actor even where jieba
# does not tag the place.
_UNION_ACTOR = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:市|县|区|镇|乡|街道)?(?:总工会|工会)(?![\u4e00-\u9fff]{0,2}(?:人|干部|工作))")


def _set_headings(article: Article, headings: list[str]) -> None:
    """Kicker, headline and subheadline from a run of heading lines: a line opening
    with a dash (——…) is a subheadline; of two lines, a couplet of parallel phrases is
    the kicker above or the subheadline below the other; else when only one of them
    opens with its subject (a place or an organisation, :func:`_opens_with_subject`)
    that one is the headline; else the longer one. Three lines are kicker, headline,
    subheadline."""
    headings = [h.strip() for h in headings if h.strip()]
    if len(headings) == 1:
        article.headline = headings[0]
        return
    if len(headings) >= 3:
        article.kicker, article.headline, article.subheadline = headings[0], headings[1], headings[2]
        return
    if len(headings) < 2:
        return
    first, second = headings
    if second.startswith(("—", "－", "-")):
        article.headline, article.subheadline = first, second
    elif _couplet(first) and not _couplet(second):
        article.kicker, article.headline = first, second
    elif _couplet(second) and not _couplet(first):
        article.headline, article.subheadline = first, second
    elif _opens_with_subject(first) != _opens_with_subject(second):
        if _opens_with_subject(first):
            article.headline, article.subheadline = first, second
        else:
            article.kicker, article.headline = first, second
    elif len(second) > len(first):
        article.kicker, article.headline = first, second
    else:
        article.headline, article.subheadline = first, second


def _heading_lines(block: str, next_block: str | None) -> list[str]:
    """The lines of ``block`` when it is a run of headings: one heading line, or two or
    three short lines without a sentence end followed by more text (a kicker above
    or a subheadline below its headline); else ``[]``."""
    if is_heading(block, next_block):
        return [block.strip()]
    lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
    if 2 <= len(lines) <= 3 and next_block is not None and all(
            is_heading(ln, None) and not is_byline_only(ln) for ln in lines):
        return lines
    return []


def _take_credit(article: Article, line: str) -> str:
    """Move a photo credit (``…。（通讯员 陈明 摄）``) or a reporters' credit in brackets
    (``…作了交流发言。（记者 钱程 通讯员 孙悦）``) closing ``line`` into the byline; the line
    without it."""
    m = CAPTION_CREDIT_RE.search(line)
    if m:
        article.byline.add(m.group("credit"), photo=True)
        return line[:m.start()].rstrip()
    m = CLOSING_CREDIT_RE.search(line)
    if m and is_credit_line(m.group("credit")):
        article.byline.add(m.group("credit"))
        return line[:m.start()].rstrip()
    return line


def _lead_credit(line: str) -> tuple[str, str] | None:
    """``(credit, body)`` of a paragraph opening with 本报讯 and its credits separated from
    the body by a space (``本报讯 本报记者 林海 本报通讯员 王珏 截至6月底，…``): the longest
    run of space-separated words after 本报讯 that reads as a credit line with a role,
    the body being what follows it (its first word holds more than a name: ``截至6月底，``)."""
    if not line.startswith("本报讯") or line[3:].lstrip().startswith(("（", "(")):
        return None  # 本报讯（记者 X 通讯员 Y）: LEAD_RE reads the bracket
    parts = line.split()
    for k in range(len(parts) - 1, 1, -1):
        credit, body = " ".join(parts[:k]), " ".join(parts[k:])
        if (is_credit_line(credit) and re.search(r"记者|通讯员", credit)
                and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", parts[k - 1])
                and not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", parts[k])):
            return credit, body
    return None


def _item_heading(line: str, *, below_marker: bool = False) -> bool:
    """A line that can be a round-up item's headline: short, no sentence end, no credit.
    Below a marker alone on its line (``01`` / ``晋江：助学金发放到位，326名学子受益``) the
    headline may hold commas: the marker already says an item starts."""
    line = line.strip()
    if not line or is_byline_only(line):
        return False
    if below_marker and len(line) <= 34 and line[-1] not in "。！？!?；;" and not is_dateline(line):
        return True
    return is_heading(line, None)


# A news item's lead opens with its date or a near time (9月20日, 9月17日至19日, 10月以来,
# 9月中旬, 近日, 日前): a report's section goes on with what was done (全年…, 春节期间…).
NEWS_LEAD_RE = re.compile(
    r"^(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9０-９]{1,2}日|[上中下]旬|以来|初|底|份|末)"
    r"|^(?:近日|日前|近期|连日来)[，,]?")


# The title of a report, whose numbered sections are parts of one text (…2025年工作总结,
# …职工帮扶工作情况, …情况报告, …工作要点).
REPORT_TITLE_RE = re.compile(r"(?:总结|报告|情况|汇报|要点|计划|综述|述职|回顾)$")


def _news_lead(line: str) -> bool:
    """Whether ``line`` opens a news story of its own: a body sentence (long, a stop in
    it) that opens with a date or near time (:data:`NEWS_LEAD_RE`) or with who acts (a
    place or an organisation: ``柯桥区总工会联合…``)."""
    line = line.strip()
    if len(line) < 20 or not any(ch in line for ch in "。！？!?；;"):
        return False
    return bool(NEWS_LEAD_RE.match(line)) or _opens_with_subject(line[:20])


def _body_line(line: str) -> bool:
    """Whether ``line`` is a body paragraph (long, holding a stop), not a heading or marker."""
    line = line.strip()
    return (len(line) >= 20 and any(ch in line for ch in "。！？!?；;")
            and item_marker(line) is None and not is_byline_only(line))


def _first_line(block: str) -> str:
    lines = block.strip().splitlines()
    return lines[0] if lines else ""


def _split_items(blocks: list[str], item_heads: set[str] | None = None, *,
                 brief: bool = False) -> list[str]:
    """Blocks cut at the numbered items of a round-up (a WeChat post of ten short news
    items, a brief's list of news): an item marker (:func:`gonghui.ingest.head.item_marker`:
    ``01`` alone on its line, ``1.``, ``一、``, ``（一）``, ``①``, ``▲``, ``■``) opening a
    headline starts an article; the marker is dropped and the headline becomes a block of
    its own. Markers count only when two or more of the same style open items in the
    text (one ▲ before a caption is not a round-up). A marker alone on its line opens an
    item when a headline follows it; a marker before the headline on the same line only
    when the headline opens with who acts (a place or an organisation, as news headlines
    do: ``一、晋江市总工会金秋助学金发放到位``), or when the line below it opens a news story
    of its own (:func:`_news_lead`: ``一、区总工会启动“十大行动”`` / ``9月以来，…``; ``二、“暖心
    帮扶”送温暖`` / ``柯桥区总工会联合…``), or, in a ``brief`` (a masthead with an issue number
    ``第18期``) whose text opens with its first item, when a body paragraph follows it. Once two items of a style are found
    that way, every heading line of the style above a body paragraph opens one
    (``■宁德举办第三届职工篮球联赛`` in a round-up of ■ items). A report's section heads
    (``一、深化“三服务”，倾听职工心声``, ``二、做实帮扶救助`` / ``春节期间…``,
    ``一、建档管理更加精准。全年…``) stay inside the report: in a text titled as a report
    (:data:`REPORT_TITLE_RE`: ``…2025年工作总结``) a news lead below a section head opens
    no item, and neither does one below a head of fewer than ten characters (a report's
    slogan heads: ``二、做实帮扶救助``; a news item's headline says who did what). The headlines found are added
    to ``item_heads`` (read as headlines even with commas)."""
    established: set[str] = set()
    first = blocks[0].strip().splitlines()[0].strip() if blocks and blocks[0].strip() else ""
    report = bool(REPORT_TITLE_RE.search(first))
    # a brief of news items opens with its first item; one that carries a single article
    # (its title, an introduction, then numbered sections) does not
    brief = brief and item_marker(first) is not None

    def opens_item(lines: list[str], i: int, after: str = "") -> tuple[str, int] | None:
        """``(headline, lines used)`` when line ``i`` opens an item; ``after`` is the
        first line of the next block, read as the line below the last line (a brief's
        ``一、县总工会召开…`` / blank line / ``11月12日，…``)."""
        marked = item_marker(lines[i])
        if not marked:
            return None
        style, rest = marked
        if not rest:
            if i + 1 < len(lines) and _item_heading(lines[i + 1], below_marker=True):
                return lines[i + 1].strip(), 2
            return "", 1
        if not _item_heading(rest):
            return None
        if _opens_with_subject(rest):
            return rest, 1
        below = lines[i + 1] if i + 1 < len(lines) else after
        if style in established and _body_line(below):
            return rest, 1
        if not report and ((len(rest) >= 10 and _news_lead(below)) or (brief and _body_line(below))):
            return rest, 1
        return None

    styles: dict[str, int] = {}
    for b, block in enumerate(blocks):
        lines = block.splitlines()
        nxt_first = _first_line(blocks[b + 1]) if b + 1 < len(blocks) else ""
        for i in range(len(lines)):
            found = opens_item(lines, i, nxt_first if i == len(lines) - 1 else "")
            if found and not found[0] and i == len(lines) - 1 and b + 1 < len(blocks):
                # 01 / (blank line) / 晋江市总工会…: the headline opens the next block
                found = opens_item([lines[i], blocks[b + 1].splitlines()[0]], 0)
            if found and found[0]:
                style = item_marker(lines[i])[0]
                styles[style] = styles.get(style, 0) + 1
    if not any(n >= 2 for n in styles.values()):
        return blocks
    established.update(style for style, n in styles.items() if n >= 2)
    out: list[str] = []
    pending = False  # a marker alone closed the block before: this block opens with its headline
    for b, block in enumerate(blocks):
        lines = block.splitlines()
        nxt_first = _first_line(blocks[b + 1]) if b + 1 < len(blocks) else ""
        current: list[str] = []
        i = 0
        if pending and lines and _item_heading(lines[0], below_marker=True):
            out.append(lines[0].strip())
            if item_heads is not None:
                item_heads.add(lines[0].strip())
            i = 1
        pending = False
        while i < len(lines):
            found = opens_item(lines, i, nxt_first if i == len(lines) - 1 else "")
            if found and styles.get(item_marker(lines[i])[0], 0) >= 2:
                if current:
                    out.append("\n".join(current))
                    current = []
                headline, used = found
                if headline:
                    out.append(headline)
                    if item_heads is not None:
                        item_heads.add(headline)
                pending = not headline and i + used == len(lines)
                i += used
                continue
            current.append(lines[i])
            i += 1
        if current:
            out.append("\n".join(current))
    return out


def _colon_not_headline(line: str) -> bool:
    """Whether a colon makes ``line`` a label rather than a headline: a headline may open
    with its place and a colon (平湖：“暖心驿站”温暖户外劳动者, 襄阳：…), a label has a
    longer lead (联系人：…) or nothing after the colon."""
    for colon in "：:":
        if colon in line:
            lead, _c, rest = line.partition(colon)
            return not (2 <= len(lead) <= 6 and _starts_with_place(lead) and len(rest) >= 4)
    return False


def _split_leading_heading(block: str) -> list[str]:
    """A block whose first line is a headline printed right above its body (no blank
    line between): ``[headline, body]``; else ``[block]``. The first line must read as a
    heading on its own (short, no sentence end, no credit, no full date: an editor's
    dateline is not a headline) and the next line as body: an
    indented paragraph, or a long one closing a sentence."""
    lines = block.strip("\n").splitlines()
    if len(lines) < 2:
        return [block]
    first, second = lines[0].strip(), lines[1]
    body = second.strip()
    if (first and is_heading(first, None) and not is_byline_only(first)
            and is_byline_only(body) and not DATE_RE.search(first)):
        # 宝鸡工匠服务队进企“把脉问诊” / □本报记者 韩雪 with no blank line between
        return [first, body] + (["\n".join(lines[2:])] if lines[2:] else [])
    indented = second[:1].isspace() and len(body) > len(first) and body[-1] in "。！？!?”"
    long_body = len(body) >= max(40, 2 * len(first)) and "。" in body
    # 本报讯（记者 X 通讯员 Y）11月 / 13日，…: a news lead opening with its credit, hard-wrapped
    long_body = long_body or (bool(LEAD_RE.match(body) or re.match(r"^(?:本报讯|本刊讯|讯)[\s（(]", body))
                              and len(lines) >= 3)
    if (first and is_heading(first, None) and not any(ch in first for ch in "，,、")
            and not _colon_not_headline(first)
            and not DATE_RE.search(first)
            and not is_byline_only(first) and not is_byline_only(body) and (indented or long_body)):
        return [first, "\n".join(lines[1:])]
    return [block]


# The head of a speech or a work report printed as a speech: the speaker's line (organisation,
# posts, then the name: 赣州市总工会党组书记、常务副主席　钟立群), a date in brackets
# (（2025年12月16日）) and the salutation (同志们：, 各位代表、同志们：). None of them is a
# headline or a body sentence.
_POST = (r"(?:书记|主席|主任|部长|局长|厅长|会长|理事长|秘书长|市长|县长|区长|州长|镇长|乡长|"
         r"经理|董事长|院长|校长|委员|成员|组长|代表)")
SPEAKER_RE = re.compile(rf"^[\u4e00-\u9fff、（）()“”\"]{{2,40}}?{_POST}[\s　]*(?:[:：][\s　]*)?"
                        r"[\u4e00-\u9fff·]{2,4}$")
BRACKET_DATE_RE = re.compile(rf"^\s*[（(]\s*(?:{DATE_RE.pattern})\s*[）)]\s*$")
SALUTATION_RE = re.compile(r"^\s*(?:(?:各位|尊敬的)[\u4e00-\u9fff、，,]{0,24}|同志们|朋友们|同事们)[：:]\s*$")


def is_speech_head_line(line: str, *, after_title: bool) -> bool:
    """Whether ``line`` belongs to a speech's title block and carries no article text: a
    date in brackets alone (``（2026年1月8日）``), a salutation alone (``同志们：``), or —
    when ``after_title`` (the line stands below a headline or a —— subtitle) — the
    speaker's line of posts and name without any sentence punctuation
    (``县总工会党组书记、主席 王晓东``). A speaker's line must have a space or colon before the
    name, so a headline naming a chairman (``县总工会主席走访困难职工``) is not one."""
    s = line.strip()
    if BRACKET_DATE_RE.match(s) or SALUTATION_RE.match(s):
        return True
    if not after_title or any(ch in s for ch in "，。；！？,;!?"):
        return False
    return bool(SPEAKER_RE.match(s)) and bool(re.search(rf"{_POST}[\s　:：]+[\u4e00-\u9fff·]{{2,4}}$", s))


# A date alone on its line (an item's dateline in a round-up: 2025-11-24, 2025年11月24日 星期一).
DATE_ONLY_RE = re.compile(rf"^\s*(?:{DATE_RE.pattern}|[0-9０-９]{{4}}[-./][0-9０-９]{{1,2}}[-./][0-9０-９]{{1,2}})"
                          r"\s*(?:(?:星期|周)[一二三四五六日天])?\s*$")


def _split_heading_run(block: str) -> list[str]:
    """A block opening with two or three heading lines (kicker / headline / subheadline)
    right above a credit line or an indented paragraph: ``[headings, credit, rest]`` or
    ``[headings, rest]``, so that the kicker never swallows the article below it (a
    single heading line is :func:`_split_leading_heading`'s)."""
    lines = block.strip("\n").splitlines()
    k = 0
    while k < min(3, len(lines) - 1) and is_heading(lines[k], None) and not is_byline_only(lines[k]) \
            and not DATE_RE.search(lines[k]):
        k += 1
    if k < 2 or k >= len(lines):
        return [block]
    head, below, rest = "\n".join(ln.strip() for ln in lines[:k]), lines[k], lines[k + 1:]
    if is_byline_only(below):
        return [head, below.strip()] + (["\n".join(rest)] if rest else [])
    if below[:1].isspace() and len(below.strip()) > 20:
        return [head, "\n".join(lines[k:])]
    return [block]


def split_page(text: str) -> Page:
    """Repair ``text`` and split it into articles. Masthead lines (paper, date, page;
    a brief's title, issue and editor lines) are dropped. A text with no heading at all
    (a short report) is one article without a headline. A credit line (``记者 X/文
    通讯员 Y/摄``, ``X 摄``) goes to the byline of the article it closes."""
    raw_blocks, repairs = repair_layout(text)
    blocks = []
    for k, block in enumerate(raw_blocks):  # a WeChat post ends at - END - or 往期推荐
        ends = [i for i, ln in enumerate(block.splitlines()) if is_post_end(ln)]
        if ends:
            raw_blocks = raw_blocks[:k] + ["\n".join(block.splitlines()[:ends[0]])]
            break
    raw_blocks = _notice_head(raw_blocks, repairs)
    width = column_width(text)
    raw_blocks = [_join_broken_headline(block, width, repairs) for block in raw_blocks]
    brief = False
    post_title = ""
    for block in raw_blocks:
        if is_contents_label(block):
            continue  # 【本期要目】 and the headlines it lists
        lines = block.strip().splitlines()
        head = masthead_lines(block)
        brief = brief or any(ISSUE_RE.search(ln) for ln in lines[:head])
        lines = lines[head:]
        if not blocks and not post_title and len(lines) >= 2 and is_post_dateline(lines[1]) \
                and (is_heading(lines[0], None) or _post_title_line(lines[0])):
            # a WeChat post's title above its account and time (工会动态丨一周要闻速览 /
            # 柯桥工会 2025年11月28日 18:05 浙江): the title of a round-up, or the headline
            # of a post carrying one article (put back below when no item is found)
            post_title, lines = lines[0].strip(), lines[2:]
        lines = [ln for ln in lines if not is_staff_line(ln)]  # 责任编辑：…, 来源：…, 报：…
        lines = _drop_speech_head(lines, after_title=bool(blocks) and _ends_with_title(blocks[-1]))
        lines = [ln for ln in lines if not DATE_ONLY_RE.match(ln)]  # an item's dateline
        if not blocks:  # an issuer's dateline in the page head, before any article
            lines = [ln for ln in lines if not is_dateline(ln)]
        if lines:
            blocks.append("\n".join(lines))
    item_heads: set[str] = set()
    blocks = _split_items(blocks, item_heads, brief=brief)
    if post_title and not item_heads:
        blocks.insert(0, post_title)
    blocks = [part for block in blocks for part in _split_heading_run(block)]
    blocks = [part for block in blocks for part in _split_leading_heading(block)]
    articles = _build_articles(blocks, item_heads)
    if _headless(articles):
        # one article without a headline (or a headless first one holding most of the
        # text): the layout's cues were missed; try the other splitting cues
        fallback_heads: set[str] = set()
        retried = _fallback_blocks(blocks, fallback_heads)
        if fallback_heads:
            retried = [part for block in retried for part in _split_leading_heading(block)]
            again = _build_articles(retried, item_heads | fallback_heads)
            if sum(1 for art in again if art.headline) >= 2:
                repairs.append(Repair("fallback_split", "", "",
                                      f"no headline found by the layout; split at {len(fallback_heads)} "
                                      "title lines above a news lead or credit"))
                articles = again
    if _teaser(articles):
        # 【工会周讯】本周苏州工会大事记，速览→: a post's teaser above its items, no article
        repairs.append(Repair("teaser", articles[0].paragraphs[0], "",
                              "a post's one-line teaser above its headed items was left out"))
        articles = [replace(art, index=n) for n, art in enumerate(articles[1:])]
    return Page(articles=articles, repairs=repairs)


_TITLE_END = "。！？；，、：:;,!?…”）)"
_MID_PHRASE_TAGS = ("ad", "d", "p", "c", "u", "uj", "ul", "f")


def column_width(text: str) -> int:
    """The width of a laid-out column in letters: the commonest length of the text's lines
    of at least 12 letters (0 when no length is shared by three lines)."""
    counts: dict[int, int] = {}
    for line in text.splitlines():
        n = len(line.strip())
        if n >= 12:
            counts[n] = counts.get(n, 0) + 1
    if not counts:
        return 0
    n, seen = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return n if seen >= 3 else 0


def _join_broken_headline(block: str, width: int, repairs: list[Repair]) -> str:
    """A headline broken over two lines (``…开展对口帮`` / ``扶``, ``武汉职工踊跃`` /
    ``无偿献血``) is joined when the second line is short (at most 8 letters, no space,
    no credit), neither line
    ends with punctuation, an indented body line follows, and the first line is as wide as
    the column (``width`` letters, less one), ends mid-word (a word runs across the break:
    帮|扶) or ends mid-phrase (an adverb, preposition, conjunction or particle)."""
    lines = block.splitlines()
    if len(lines) < 3 or lines[0][:1].isspace() or lines[1][:1].isspace():
        return block
    first, second = lines[0].strip(), lines[1].strip()
    if not first or not second or len(second) > 8 or len(first) < 4 or len(first) > 40:
        return block
    if re.search(r"\s", second) or is_byline_only(second) or _lead_credit(second):
        return block  # 记者 王思涵: a credit below the headline
    if first[-1] in _TITLE_END or second[-1] in _TITLE_END or not lines[2][:1].isspace():
        return block
    wide = width > 0 and len(first) >= width - 1
    cut = any(start < len(first) < start + len(word) for word, _, start in tokens(first + second))
    tag = list(posseg(first))[-1][1]
    if not (wide or cut or tag in _MID_PHRASE_TAGS):
        return block
    repairs.append(Repair("joined_heading", f"{first}\n{second}", first + second,
                          "a headline broken over two lines was joined"))
    return "\n".join([first + second, *lines[2:]])


_TEASER_END = ("→", "↓", "👇", "⬇", "：", ":", "~", "～")


def _teaser(articles: list[Article]) -> bool:
    """Whether the first article is a post's teaser: no headline, no byline, one short
    paragraph (40 letters or fewer) without a number, ending with a pointer or a colon
    (``本周苏州工会大事记，速览→``, ``一起来看：``), and two or more headed articles after it."""
    if len(articles) < 3 or articles[0].headline or len(articles[0].paragraphs) != 1:
        return False
    first = articles[0]
    if first.byline.reporters or first.byline.correspondents or first.byline.photographers:
        return False
    para = first.paragraphs[0].strip()
    return (len(para) <= 40 and not re.search(r"[0-9０-９]", para) and para.endswith(_TEASER_END)
            and sum(1 for art in articles[1:] if art.headline) >= 2)


# An official notice's title (关于…的通报, 关于…的通知, 关于…情况的报告, …的决定).
NOTICE_TITLE_RE = re.compile(
    r"^\s*关于[^。；;！？!?]{2,70}(?:的)?(?:通报|通知|报告|情况汇报|汇报|意见|决定|请示|函|复函|批复|通告|公告|实施方案|方案)\s*$")
# A 文号 line (X工发〔2026〕12号), alone or after the issuer.
DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff\s]{0,30}[〔\[［(（][0-9０-９]{4}[〕\]］)）]\s*[0-9０-９]{1,4}\s*号\s*$")
# The issuer's line above a notice's title, or its signature at the end: a body's name alone.
ISSUER_RE = re.compile(r"^[\u4e00-\u9fff（）()\s]{2,40}(?:工会|委员会|办公室|办公厅|局|厅|部|中心|协会|政府|党委|党组|组)\s*$")


def _notice_head(blocks: list[str], repairs: list[Repair]) -> list[str]:
    """``blocks`` with an official notice's head and foot lines left out when one of the
    first three blocks holds a notice title (:data:`NOTICE_TITLE_RE`): the issuer's line
    and the 文号 line above the title, the addressee line below it (ending with ：, as
    ``各区县总工会，市直各基层工会：``), and the signature at the end (the issuer's name
    alone above a date). The title stays as the article's headline."""
    for k, block in enumerate(blocks[:3]):
        lines = block.strip("\n").splitlines()
        t = next((i for i, ln in enumerate(lines) if NOTICE_TITLE_RE.match(ln)), None)
        if t is None:
            continue
        dropped = [ln for ln in lines[:t] if ISSUER_RE.match(ln.strip()) or DOC_NUMBER_RE.match(ln.strip())]
        if len(dropped) < t:
            return blocks  # something else above the title: not a notice's head
        below = lines[t + 1:]
        out = blocks[:k] + ["\n".join([lines[t]] + below)] + blocks[k + 1:]
        n = k if below else k + 1  # the block holding the addressee line
        if n < len(out):
            body = out[n].strip("\n").splitlines()
            a = 1 if n == k else 0
            if a < len(body) and _addressee(body[a]):
                dropped.append(body[a])
                out[n] = "\n".join(body[:a] + body[a + 1:])
        last = out[-1].strip("\n").splitlines()
        if len(last) >= 2 and DATE_ONLY_RE.match(last[-1]) and ISSUER_RE.match(last[-2].strip()):
            dropped.append(last[-2])  # the signature: the issuer above the date
            out[-1] = "\n".join(last[:-2] + last[-1:])
        if dropped:
            repairs.append(Repair("notice_head", " / ".join(ln.strip() for ln in dropped), "",
                                  "an official notice's issuer, number, addressee and signature lines left out"))
        return [b for b in out if b.strip()]
    return blocks


def _addressee(line: str) -> bool:
    """Whether ``line`` is a notice's addressee line: bodies ending with a colon, no sentence."""
    s = line.strip()
    return bool(s) and s.endswith(("：", ":")) and len(s) <= 80 and not any(ch in s for ch in "。！？!?")


def _post_title_line(line: str) -> bool:
    """Whether ``line``, above a post's dateline, is the post's title although no headline
    by layout (``南宁工会这一周｜金秋助学、热血接力、气排球开赛……``): one line of at most 64
    letters that is no sentence (no 。！？, not ending with a colon)."""
    s = line.strip()
    return 4 <= len(s) <= 64 and not any(ch in s for ch in "。！？!?") and not s.endswith(("：", ":"))


def _ends_with_title(block: str) -> bool:
    """Whether ``block``'s last line is a headline or a —— subtitle (a speaker's line may follow)."""
    last = block.strip().splitlines()[-1].strip() if block.strip() else ""
    return bool(last) and (last.startswith(("——", "—", "－－", "--")) or is_heading(last, None))


def _drop_speech_head(lines: list[str], *, after_title: bool) -> list[str]:
    """``lines`` without a speech's head lines (:func:`is_speech_head_line`): the speaker's
    line only right below a title line, a —— subtitle or another head line (the block's
    previous line, or the previous block's last line when ``after_title``)."""
    out: list[str] = []
    prev_title = after_title
    for ln in lines:
        if is_speech_head_line(ln, after_title=prev_title):
            prev_title = True  # a date below the speaker, a speaker below the date
            continue
        out.append(ln)
        s = ln.strip()
        prev_title = s.startswith(("——", "—", "－－", "--")) or (is_heading(s, None) and not is_byline_only(s))
    return out


def _build_articles(blocks: list[str], item_heads: set[str]) -> list[Article]:
    """Articles from the page's blocks: a run of heading blocks opens an article, credit
    lines go to its byline, the rest are its paragraphs."""
    articles: list[Article] = []
    headings: list[str] = []
    current: Article | None = None
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        caption = CAPTION_RE.match(block.strip())
        if caption and current is not None and not headings and "\n" not in block.strip():
            # ▲慰问组为环卫工人送上节日慰问品: a photo's caption inside the article, no headline
            text = block.strip()[caption.end():].strip()
            if text:
                current.paragraphs.append(_take_credit(current, text))
            continue
        heads = [block.strip()] if block.strip() in item_heads else _heading_lines(block, nxt)
        if heads:
            headings.extend(heads)
            continue
        if is_byline_only(block):
            if headings:  # a byline under the headline, before the body
                current = Article(index=len(articles))
                _set_headings(current, headings)
                headings = []
                articles.append(current)
            target = current or Article(index=len(articles))
            target.byline.add(block, photo=True)
            continue
        if headings or current is None:
            current = Article(index=len(articles))
            _set_headings(current, headings)
            headings = []
            articles.append(current)
        for line in _join_wrapped_lead(block.splitlines(), first=not current.paragraphs):
            line = line.strip()
            if not line:
                continue
            if is_byline_only(line):
                current.byline.add(line, photo=True)
                continue
            gap = LEAD_GAP_RE.match(line)
            if gap and not current.paragraphs and is_credit_line(gap.group("credit")):
                # 本报讯 通讯员 白雪梅 刘亮  中秋将至，…: the credit ends at the wide gap
                current.byline.add(gap.group("credit"))
                line = line[gap.end():].strip()
                if not line:
                    continue
            lead_credit = _lead_credit(line) if not current.paragraphs else None
            if lead_credit:
                # 本报讯 本报记者 林海 本报通讯员 王珏 截至6月底，…
                current.byline.add(lead_credit[0])
                line = lead_credit[1]
            if not current.paragraphs and re.match(r"^本报讯[\s　]+(?![（(]|记者|通讯员|本报)", line):
                line = line[3:].strip()  # 本报讯　5月1日前夕，…: the credit, if any, closes the text
            lead = LEAD_RE.match(line)
            if lead and not current.paragraphs:
                current.byline.add(lead.group(0))
                line = line[lead.end():].strip()
                if not line:
                    continue
            line = _take_credit(current, line)
            current.paragraphs.append(line)
    if headings:  # headings at the very end with no body
        art = Article(index=len(articles))
        _set_headings(art, headings)
        articles.append(art)
    return articles


def _join_wrapped_lead(lines: list[str], *, first: bool) -> list[str]:
    """``lines`` with a hard-wrapped news lead rejoined: when the article's first line opens
    with its credit (``本报讯（记者 X）3月``) and what follows the credit is a short piece
    without a sentence end, it goes on in the next unindented line (``12日，…``)."""
    if not first or len(lines) < 2:
        return lines
    head = lines[0].strip()
    lead = LEAD_RE.match(head)
    rest = head[lead.end():] if lead else ""
    nxt = lines[1]
    if (lead and rest and len(rest) <= 12 and not any(ch in rest for ch in "。！？；，,")
            and nxt.strip() and not nxt[:1].isspace()):
        return [head + nxt.strip()] + lines[2:]
    return lines


def _headless(articles: list[Article]) -> bool:
    """Whether the split failed at the head: one article without a headline, or a
    headless first article holding most of the text."""
    if not articles or articles[0].headline:
        return False
    total = sum(len(p) for art in articles for p in art.paragraphs) or 1
    return len(articles) == 1 or sum(len(p) for p in articles[0].paragraphs) >= 0.6 * total


def _title_line(line: str) -> bool:
    """A line that can be a headline standing in the text: short, no sentence end, no
    credit, no date, six characters or more."""
    line = line.strip()
    return (6 <= len(line) <= 34 and is_heading(line, None) and not is_byline_only(line)
            and not DATE_RE.search(line) and not DATE_ONLY_RE.match(line))


def _fallback_blocks(blocks: list[str], heads: set[str]) -> list[str]:
    """Blocks cut before every title-like line (a numbered item's ``一、…``, ``01``, ``■…``,
    ``【…】`` with its marker dropped, or a short line alone) that stands right above a news
    lead (a body sentence opening with its date or its actor, :func:`_news_lead`) or a
    credit line. Used only when the layout's cues found no headline; the titles are added
    to ``heads``. Fewer than two such titles cut nothing."""
    cuts: list[tuple[int, int, str]] = []
    for b, block in enumerate(blocks):
        lines = block.splitlines()
        nxt_first = _first_line(blocks[b + 1]) if b + 1 < len(blocks) else ""
        for i, line in enumerate(lines):
            below = lines[i + 1] if i + 1 < len(lines) else nxt_first
            marked = item_marker(line)
            if marked and not marked[1]:
                continue  # 01 alone: the next line is the title
            title = marked[1] if marked else line.strip()
            title = re.sub(r"^[【\[]\s*(.+?)\s*[】\]]$", r"\1", title)
            if _title_line(title) and not line[:1].isspace() and (_news_lead(below) or is_byline_only(below)):
                cuts.append((b, i, title))
    if len(cuts) < 2:
        return blocks
    out: list[str] = []
    at = {(b, i): title for b, i, title in cuts}
    for b, block in enumerate(blocks):
        current: list[str] = []
        for i, line in enumerate(block.splitlines()):
            if (b, i) in at:
                if current and not all(item_marker(c) and not item_marker(c)[1] for c in current):
                    out.append("\n".join(current))
                current = []
                out.append(at[(b, i)])
                heads.add(at[(b, i)])
                continue
            current.append(line)
        if current:
            out.append("\n".join(current))
    return out

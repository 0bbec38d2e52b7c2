"""Page-head and credit cues: which lines of a page are its masthead, which are credit
(byline) lines, and which short line opens a block as its headline.

Each line is read on several cues at once rather than one pattern per layout:

* masthead cues: a date in Arabic or Chinese numerals (``2024年11月6日``,
  ``二〇二五年一月八日``), a weekday (``星期三``), a page number with its section
  (``第3版　基层传真``, ``第２版``, ``第3版·权益帮扶``), an issue line (``第18期（总第236期）``),
  an editor line (``XX办公室编　2024年9月20日``); a paper's or brief's name (``钱江工人报``,
  ``每周职工``, ``工会工作信息``) counts only beside such a line. A masthead spans 1–4
  leading lines.
* account headers of a WeChat post: the account's name above a date with the time and
  place of posting (``泉州工会`` / ``2025年11月20日 18:05 福建``) and a follow prompt
  (``点击蓝字 关注我们``);
* staff and distribution lines, dropped wherever they stand (:func:`is_staff_line`):
  ``责任编辑：刘敏  版式：吴芳``, ``来源：各县（市、区）总工会``, ``编辑：陈雨婷``, a brief's
  ``报：湖州市总工会…`` / ``送：…`` / ``发：…``; they name no article and no byline;
* numbered items of a round-up (:func:`item_marker`): ``01`` … ``10``, ``1.``, ``一、``,
  ``（一）``, ``①``, ``▲``, ``■`` opening an item;
* credit cues: 本报讯, 记者, 通讯员, 摄, 文/, 图/, □ and ■ markers, 供稿; names separated by
  ``、`` or spaces, in any order (``通讯员 汪丽娟 记者 徐可``).
"""

from __future__ import annotations

import re

CJK = r"\u4e00-\u9fff"
_DIGIT = r"0-9０-９"
_CN = "〇○零一二三四五六七八九十"
DATE_RE = re.compile(
    rf"[{_DIGIT}]{{4}}\s*年\s*[{_DIGIT}]{{1,2}}\s*月\s*[{_DIGIT}]{{1,2}}\s*日"
    rf"|[{_CN}]{{4}}年[{_CN}]{{1,3}}月[{_CN}]{{1,3}}日")
WEEKDAY_RE = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
# 第3版, 第２版, 第三版 with an optional section name after it (第3版·权益帮扶, 第3版　基层传真);
# a lettered page (A3, B02版, 第A3版) as many papers number their sections
PAGE_RE = re.compile(rf"第\s*[{_DIGIT}{_CN}]{{1,3}}\s*版(?:\s*[·•・:：\s]\s*[{CJK}·]{{2,8}})?"
                     rf"|(?<![A-Za-zＡ-Ｚ{_DIGIT}])第?[A-HＡ-Ｈ][{_DIGIT}]{{1,2}}(?:版|(?=[\s/／|｜·]|$))")
# Separators printed between masthead items (2025年4月9日 / 星期三 / A3 职工天地).
_SEPARATORS = re.compile(r"[/／|｜·•・]")
# An issuer's dateline: a name, then the full date, nothing else (沧州市总工会办公室　2025年7月3日).
DATELINE_RE = re.compile(rf"^[{CJK}（）()]{{2,30}}\s+(?:{DATE_RE.pattern})$")
ISSUE_RE = re.compile(rf"(?:[{_DIGIT}]{{4}}年)?第[{_DIGIT}{_CN}百]+期(?:\s*[（(]总第[{_DIGIT}]+期[）)])?")
EDITOR_RE = re.compile(rf"^[{CJK}（）()]{{2,24}}(?:编印|主办|印发|主编|编)(?=\s|$)")
PAPER_RE = re.compile(rf"^[{CJK}]{{2,10}}(?:报|职工|工人|周刊|简报|信息|动态|通讯|快报|专报|工会|发布|之声|在线|网)$")
# The time of a post beside its date (2025年11月20日 18:05 福建).
TIME_RE = re.compile(rf"(?<![{_DIGIT}])[0-2]?[{_DIGIT}]\s*[:：]\s*[0-5][{_DIGIT}](?![{_DIGIT}])")
# A follow prompt under a WeChat account header (点击蓝字 关注我们, 点击上方“泉州工会”关注).
PROMPT_RE = re.compile(r"^[▲△↑☝\s]*(?:点击|长按|扫码|扫描)?[^，。！？]{0,16}?(?:关注我们|关注|订阅)[^，。]{0,6}$")
_PROMPT_CUES = ("点击", "长按", "扫码", "扫描", "蓝字", "关注我们", "上方")
_SECTION_REST = re.compile(rf"^[{CJK}·•・]{{0,8}}$")


def masthead_cue(line: str) -> str:
    """``"strong"`` for a line made only of masthead items (a date, weekday, page number
    with its section, issue number, editor; separated by spaces, ``/``, ``|`` or ``·``), at
    least one of them a date, page or issue; ``"paper"`` for a paper's or brief's name
    alone on its line; ``"dateline"`` for an issuer's name and date (:func:`is_dateline`);
    else ``""``."""
    text = line.strip().replace("\u3000", " ")
    if not text:
        return ""
    if is_post_dateline(text):
        return "strong"
    squeezed = "".join(text.split())
    bracketed = re.fullmatch(r"[（(〔\[【]\s*总?\s*(.+?)\s*[）)〕\]】]", text)
    if bracketed and (ISSUE_RE.fullmatch(bracketed.group(1)) or DATE_RE.fullmatch(bracketed.group(1))):
        return "strong"  # an issue number alone in brackets: （第18期）, (2026年第3期), 〔第7期〕, （总第45期）
    found = False
    rest = text
    m = EDITOR_RE.match(rest)
    if m and DATE_RE.search(rest):
        rest = rest[m.end():]
    for pattern in (DATE_RE, PAGE_RE, ISSUE_RE):
        rest, n = pattern.subn(" ", rest)
        found = found or n > 0
    rest = WEEKDAY_RE.sub(" ", rest)
    if found:
        rest = TIME_RE.sub(" ", rest)
    rest = "".join(_SEPARATORS.sub(" ", rest).split())
    if found and _SECTION_REST.match(rest):
        return "strong"
    if is_follow_prompt(text):
        return "strong"
    if PAPER_RE.match(squeezed) and len(squeezed) <= 10:
        return "paper"
    staff = STAFF_RE.search(text)
    if staff and staff.start() > 0 and is_staff_line(text[staff.start():]):
        # 2025年11月20日 星期四  A3  责任编辑：孙海燕: masthead items, then a staff line
        if masthead_cue(text[:staff.start()]) == "strong":
            return "strong"
        if re.fullmatch(rf"[{CJK}]{{2,8}}\s{{2,}}", text[:staff.start()]):
            # 工会视点　　　　责任编辑：孙晓冬: a page's section name, a wide gap, the page's editor
            return "strong"
    parts = [p for p in re.split(r"[\s/／|｜·•・]+", text) if p]
    if (len(parts) >= 2 and PAPER_RE.match(parts[0]) and len(parts[0]) <= 10
            and all(re.fullmatch(rf"[{CJK}]{{2,8}}", p) for p in parts[1:3]) and len(parts) <= 3):
        return "paper"  # 福建工会网 · 基层动态, 安徽工人日报    综合新闻: a paper and its section
    if is_dateline(text):
        return "dateline"
    return ""


# A WeChat post's date and time (2025年11月20日 18:05, 2025-11-20 18:05).
POST_TIME_RE = re.compile(rf"(?:{DATE_RE.pattern}|[{_DIGIT}]{{4}}[-./][{_DIGIT}]{{1,2}}[-./][{_DIGIT}]{{1,2}})"
                          rf"\s*[0-2]?[{_DIGIT}]\s*[:：]\s*[0-5][{_DIGIT}]")


def is_post_dateline(line: str) -> bool:
    """Whether ``line`` is a WeChat post's header line: its date with the time of posting,
    and at most the account's or author's name, 原创 and the place (``2025年11月20日 18:05
    福建``, ``原创 泉州工会 2025-11-20 18:05 福建``)."""
    text = " ".join(line.replace("\u3000", " ").split())
    m = POST_TIME_RE.search(text)
    if not m:
        return False
    rest = "".join((text[:m.start()] + text[m.end():]).split())
    return bool(re.fullmatch(rf"[{CJK}A-Za-z·]{{0,24}}", rest))


def _post_account(line: str) -> str:
    """The account's name printed on a post's dateline before the date (``余杭工会　2026年
    7月26日 18:05　浙江`` → 余杭工会; ``原创`` is no name): with it, the line above the
    dateline is the post's title, not the account."""
    text = " ".join(line.replace("\u3000", " ").split())
    m = POST_TIME_RE.search(text)
    if not m:
        return ""
    return "".join(text[:m.start()].replace("原创", "").split())


def is_follow_prompt(line: str) -> bool:
    """Whether ``line`` is a WeChat follow prompt (``点击蓝字 关注我们``, ``▲点击上方蓝字关注``,
    ``长按二维码关注``): part of the account header, never an article."""
    text = line.strip()
    return (len(text) <= 24 and bool(PROMPT_RE.match(text))
            and any(cue in text for cue in _PROMPT_CUES))


# The end of a WeChat post's text: what follows is other posts' headlines (往期推荐) or
# buttons (阅读原文, 在看), not the post's articles.
POST_END_RE = re.compile(r"^[\s\-—–·•]*(?:END|End|end|完|全文完)[\s\-—–·•]*$"
                         r"|^(?:往期推荐|往期回顾|推荐阅读|热文推荐|精彩回顾|更多精彩|猜你喜欢|点击阅读原文|阅读原文)"
                         r"[：:\s]*$")


def is_post_end(line: str) -> bool:
    """Whether ``line`` ends a WeChat post's own text (``- END -``, ``往期推荐``, ``阅读原文``);
    everything after it is left out."""
    return bool(POST_END_RE.match(line.strip()))


# A brief's table of contents: its label, then the headlines it lists (repeated below).
CONTENTS_RE = re.compile(r"^[【\[〔（(]?\s*(?:本期要目|本期导读|本期目录|要目|目录|导读)\s*[】\]〕）)]?[：:]?$")


def is_contents_label(block: str) -> bool:
    """Whether ``block`` opens with a table of contents' label (``【本期要目】``,
    ``本期导读``); the block (the label and the headlines it lists) is no article."""
    lines = [ln for ln in block.strip().splitlines() if ln.strip()]
    return bool(lines) and bool(CONTENTS_RE.match("".join(lines[0].split())))


_STAFF_LABELS = ("图片", "文字", "责任编辑", "值班编辑", "美术编辑", "文字编辑", "编辑", "责编", "美编", "主编", "编审",
                 "版式设计", "版式", "排版", "校对", "审核", "审校", "审签", "终审", "初审", "复审",
                 "签发", "监制", "出品人", "出品", "统筹", "策划", "图片来源", "来源")
STAFF_RE = re.compile(rf"(?:本版|本期|本刊|本文)?(?:{'|'.join(_STAFF_LABELS)})\s*[：:]")
# A brief's distribution list: 报：上级, 送：同级, 发：下级 (抄送, 抄报, 主送 ...).
# A brief's print run: （共印60份）, 共印发120份, 印数：200份.
PRINT_RUN_RE = re.compile(rf"^[（(]?\s*(?:共印(?:发|制)?|印数\s*[：:]|印\s*)\s*[{_DIGIT}]+\s*(?:份|册)\s*[）)]?$")
DISTRIBUTION_RE = re.compile(r"^(?:报|送|发|抄报|抄送|报送|分送|主送|印发)\s*[：:]\s*\S")


def is_staff_line(line: str) -> bool:
    """Whether ``line`` is a staff or distribution line and nothing else: one or more
    ``label：value`` pairs with labels of editors, reviewers and sources (``责任编辑：刘敏
    版式：吴芳``, ``来源：各县（市、区）总工会``, ``审核：王建华``), or a brief's distribution
    list (``报：湖州市总工会，县委、县政府领导``, ``送：县委办、县府办``). Such lines name no
    article and no byline (the conventions record reporters, correspondents and
    photographers only); ``文字：周敏`` and ``图片：李强`` are credits, not staff lines, but
    ``图片：舟山市总工会`` (a body as the source of the pictures) is one."""
    text = " ".join(line.replace("\u3000", " ").split())
    if not text or is_credit_line(text):  # 文字：周敏, 图片：李强 are credits
        return False
    if DISTRIBUTION_RE.match(text):
        return not any(ch in text for ch in "。！？!?")
    if PRINT_RUN_RE.match(text):
        return True  # （共印60份）, 印数：200份 under a brief's distribution list
    labels = list(STAFF_RE.finditer(text))
    if not labels or labels[0].start() != 0:
        return False
    ends = [m.start() for m in labels[1:]] + [len(text)]
    for m, end in zip(labels, ends, strict=True):
        value = text[m.end():end].strip()
        if not value or len(value) > 30 or any(ch in value for ch in "。！？!?；;，,"):
            return False
    return True


_ITEM_PATTERNS = (
    ("number", re.compile(rf"^[{_DIGIT}]{{1,2}}$|^(?:NO|No|no)\.?\s*[{_DIGIT}]{{1,2}}$")),
    ("number.", re.compile(rf"^[{_DIGIT}]{{1,2}}\s*[.、．)）](?![{_DIGIT}])\s*")),
    ("number ", re.compile(rf"^[{_DIGIT}]{{1,2}}\s*[｜|丨]?\s+(?=[{CJK}“])|^[{_DIGIT}]{{1,2}}\s*[｜|丨]\s*(?=[{CJK}“])")),
    ("【1】", re.compile(rf"^[【\[]\s*[{_DIGIT}]{{1,2}}\s*[】\]]\s*")),
    ("一、", re.compile(r"^[一二三四五六七八九十]{1,3}\s*、\s*")),
    ("（一）", re.compile(rf"^[（(]\s*[一二三四五六七八九十{_DIGIT}]{{1,3}}\s*[）)]\s*")),
    ("①", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
    ("▲", re.compile(r"^[▲△■◆◇●○★☆▶►◉◎]\s*")),
)


def item_marker(line: str) -> tuple[str, str] | None:
    """``(style, rest)`` when ``line`` opens with the number or symbol of a numbered item
    (``01`` alone on its line, ``1.``, ``一、``, ``（一）``, ``①``, ``▲``, ``■``; ``rest`` is
    the text after it, ``""`` for a marker alone), else None. A decimal (``1.2万名职工``)
    is no marker, and neither is a credit line's □ (``□本报记者 韩雪``)."""
    text = line.strip().replace("\u3000", " ")
    if not text or is_credit_line(text):
        return None
    for style, pattern in _ITEM_PATTERNS:
        m = pattern.match(text)
        if m:
            return style, text[m.end():].strip()
    return None


def is_dateline(line: str) -> bool:
    """Whether ``line`` is an issuer's dateline and nothing else: a name (2–30 characters)
    then a full date (``沧州市总工会办公室　　２０２５年７月３日``, ``新昌县总工会 2025年1月8日``).
    Never a headline; part of a masthead only below another masthead line."""
    return bool(DATELINE_RE.match(" ".join(line.replace("\u3000", " ").split())))


def masthead_span(lines: list[str]) -> int:
    """How many leading ``lines`` form a masthead: the longest run (at most four lines) of
    masthead lines holding at least one strong line, a paper's name counting only
    when a strong line follows it in the run, an issuer's dateline only below a strong
    line (``工会工作信息`` / ``２０２５年第１４期`` / ``沧州市总工会办公室　２０２５年７月３日``).
    0 when the first line is no masthead."""
    cues = [masthead_cue(ln) for ln in lines[:4]]
    if (len(cues) > 1 and cues[0] == "" and is_post_dateline(lines[1])
            and not _post_account(lines[1])
            and re.fullmatch(rf"[{CJK}A-Za-z0-9·]{{2,16}}", "".join(lines[0].split()))):
        cues[0] = "paper"  # any account's name above its post's date and time (工会e家)
    best = 0
    for end in range(1, len(cues) + 1):
        run = cues[:end]
        if "" in run:
            break
        if run[-1] == "strong" or (run[-1] == "dateline" and "strong" in run[:-1]):
            best = end
    return best


_ROLE = r"(?:本报|特约|见习|实习)*(?:记者|通讯员)"
_NAME = rf"(?:(?!报道|供稿|记者|通讯员)[{CJK}]){{2,4}}(?<!摄)"
TOKEN_RE = re.compile(
    rf"(?P<lead>本报讯)|(?P<role>{_ROLE})"
    rf"|(?P<both>(?:文\s*[/／]\s*图|图\s*[/／]\s*文|图文|文并摄|文并图|摄并文)(?:\s*[/／：:])?)"
    rf"|(?P<text>文字?\s*[/／：:])|(?P<photo>(?:图片|图|摄影|摄)\s*[/／：:])"
    rf"|(?P<shot>/?\s*摄(?:影)?)(?![{CJK}])|(?P<wrote>/\s*文)|(?P<end>报道|供稿)"
    rf"|(?P<name>{_NAME})|(?P<sep>[、，,\s□■◆●（）()]+)")
_BODY_WORDS = re.compile(r"工会|公司|集团|中心|办公室|委员会|协会|学校|医院|政府")
_ORG_CREDIT = re.compile(rf"^[（(]?\s*[{CJK}]{{2,20}}\s*供稿\s*[）)]?$")


def _tokens(line: str) -> list[tuple[str, str]] | None:
    """The credit tokens of ``line`` (``(kind, text)``), or None when some part of it is
    not a credit."""
    out, pos = [], 0
    text = line.strip().replace("\u3000", " ")
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            return None
        if m.lastgroup != "sep":
            out.append((m.lastgroup, m.group(0)))
        pos = m.end()
    return out


def is_credit_line(line: str) -> bool:
    """Whether ``line`` is a credit line and nothing else: ``通讯员毛才传 摄``, ``□通讯员
    毛晓燕 徐航``, ``文/本报记者 何静 图/通讯员 杨帆``, ``本报记者　刘建国``,
    ``（区总工会组织部 供稿）``, ``陈明 摄`` (lines joined by newlines are read together)."""
    text = " ".join(line.split())
    if not text:
        return False
    if _ORG_CREDIT.match(text):
        return True
    if _BODY_WORDS.search(text):
        return False  # 图片：舟山市总工会 names a body, not a person
    toks = _tokens(text)
    if not toks or not any(k == "name" for k, _ in toks):
        return False
    kinds = [k for k, _ in toks]
    if not any(k in ("role", "text", "photo", "shot", "both") for k in kinds):
        return False
    # a bare name must be credited: after a role or 文/图, or before 摄
    return kinds[0] != "name" or "shot" in kinds or "both" in kinds


def read_credits(line: str) -> dict[str, list[str]]:
    """The people a credit line names: ``{"reporter": [...], "correspondent": [...],
    "photographer": [...]}``. Names follow their role word (记者, 通讯员) in any order; a
    name before 摄 is a photographer and keeps its role (``通讯员 X 摄`` is both); so is a
    name after 图/ (``图/通讯员 杨帆`` is both, ``图/陆骏`` a photographer only); names after 文/
    without a role are reporters. Returns empty lists for a line with no credit."""
    out: dict[str, list[str]] = {"reporter": [], "correspondent": [], "photographer": []}
    toks = _tokens(" ".join(line.split()))
    if toks is None:
        return out
    role: str | None = None
    mode: str | None = None
    names: list[str] = []  # names since the last marker

    def add(key: str, name: str) -> None:
        if name not in out[key]:
            out[key].append(name)

    for kind, text in toks:
        if kind == "role":
            if not (mode == "photo" and not names):
                mode = None if mode == "photo" else mode  # 图/通讯员 杨帆 stays a photo credit
            role = "reporter" if "记者" in text else "correspondent"
            names = []
        elif kind == "both" and names:
            for name in names:  # 本报记者 王丽 文/图: wrote and took the pictures
                if not role:
                    add("reporter", name)
                add("photographer", name)
            names, role, mode = [], None, None
        elif kind in ("text", "photo", "both"):
            mode, role, names = kind, None, []
        elif kind == "name":
            names.append(text)
            if role:
                add(role, text)
            if mode in ("photo", "both"):
                add("photographer", text)
            if mode in ("text", "both") and not role:
                add("reporter", text)
        elif kind == "shot":
            for name in names:
                add("photographer", name)
            names, role, mode = [], None, None
        elif kind in ("end", "lead", "wrote"):
            names = []
            if kind == "end":
                role = None
    return out

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
    "批次": "batches",
    "毫升": "mL",
    "亿元": "yuan",
    "万元": "yuan",
    "千元": "yuan",
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
    "课时": "class hours",
    "学时": "class hours",
    "个月": "months",
    "处": "places",
    "台": "machines",
    "辆": "vehicles",
    "套": "sets",
    "份": "copies",
    "本": "copies",
    "册": "copies",
    "张": "sheets",
    "篇": "articles",
    "批": "batches",
    "轮": "rounds",
    "吨": "t",
    "公斤": "kg",
    "千克": "kg",
    "公里": "km",
    "平方米": "m²",
    "亩": "mu",
    "对": "pairs",
    "大": "items",
    "成": "percent",
    "%": "percent",
}
# 个 takes its unit from what it counts (annotation conventions, docs/ingest.md): bodies
# (基层工会41个, 5个产业工会, 6个区、县(市)总工会) are organisations, groups (五个联系服务
# 小组, 十余个工作组, 疗休养团队36个) teams, anything else (岗位, 驿站, 领域) units.
COUNTED_BODIES = ("工会", "企业", "公司", "单位", "组织", "集团", "协会", "商会", "合作社")
COUNTED_GROUPS = ("组", "队", "专班")


def unit_of_ge(thing: str) -> str:
    """The unit of a count written with 个: ``organisations`` when ``thing`` ends with a
    body (:data:`COUNTED_BODIES`), ``teams`` when with a group (:data:`COUNTED_GROUPS`),
    else ``units``. Closing quotes are looked through (“红旗班组”)."""
    thing = thing.rstrip("”’\"》」")
    if thing.endswith(COUNTED_BODIES):
        return "organisations"
    if thing.endswith(COUNTED_GROUPS):
        return "teams"
    return "units"


# A classifier that multiplies the number (12万元 → 120000 yuan).
UNIT_FACTORS = {"亿元": 100_000_000, "万元": 10_000, "千元": 1_000, "成": 10}
# Numbers followed directly by one of these nouns count people (30万职工).
PERSON_NOUNS = ("职工", "工人", "会员", "劳模", "志愿者", "农民工")

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUM = (rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?[万亿千百]?"
        rf"|[0-9]+(?:\.[0-9]+)?[万亿千百]?|[{CN_DIGITS}]+)")
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_PRE = "不少于|不低于|不足|不到|至少|将近|接近|近|约|逾|超过|超|大约|上"
FIGURE_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<num>{_NUM})(?P<post>余|多)?"
    rf"(?:(?P<unit>{_UNIT})|(?=(?P<noun>{'|'.join(PERSON_NOUNS)})))(?P<after>以上|左右|上下)?"
)
QUALIFIER = {"不少于": "over", "不低于": "over", "至少": "over", "余": "over", "多": "over", "逾": "over",
             "超过": "over", "超": "over", "上": "over", "以上": "over",
             "近": "about", "将近": "about", "接近": "about", "约": "about", "大约": "about",
             "左右": "about", "上下": "about", "不足": "under", "不到": "under"}
# A number is not a count when followed by these (dates, ordinals, durations of a plan).
_NOT_AFTER = ("年", "月", "日", "周年", "届", "号")
# A minus sign written right before a number (-5万元, −3%, －12户): a change or a loss,
# not a count; such a number is not a figure. A dash between two numbers (3-5人) is a
# range, not a sign.
MINUS_SIGNS = "-−－﹣"
# What 对 counts as pairs when a noun follows it (5对新人); else only before punctuation.
_PAIR_NOUNS = ("夫妻", "新人", "夫妇", "情侣", "师徒", "父子", "母子", "母女", "父女", "结对", "帮扶对子")
# Before a number these make it vague (数十家, 几百名): not a figure.
_VAGUE_BEFORE = ("数", "几", "若干")
_VERBS_AFTER = ("参加", "参与", "参赛", "获得", "报名", "受益")
_PUNCT = "，,。；;、：:！？!?（）()“”\"《》 \n—"
_CLAUSE_END = "，,。；;、：:！？!?（）()—\n"
_QUOTES = "“”‘’\"《》「」"
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
    punctuation such as ，is kept), and a full-width point between digits to ``.``
    (８６．４万元 → 86.4万元), and a full-width comma between full-width digits to ``,``
    when three digits follow it (１，２５６名 → 1,256名); "over" before a magnitude goes after it (三十余万人次 →
    三十万余人次, 10多万人 → 10万多人). The length of the text is kept."""
    # １，２５６名: a full-width comma between full-width digit groups of a laid-out brief
    # is a thousands separator (read before the digits are made ASCII)
    text = _FULL_THOUSANDS.sub(lambda m: m.group(0).replace("，", ","), text)
    out = "".join(
        unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ" or ch == "％" else ch
        for ch in text
    )
    out = _FULL_POINT.sub(".", out)
    # 百分之九十五 → 九十五% (padded before with word joiners to keep the length)
    out = _PER_HUNDRED.sub(lambda m: _PAD * 2 + m.group(1) + "%", out)
    # 三十余万人次 → 三十万余人次: "over" written before the magnitude (same length)
    return _OVER_MAGNITUDE.sub(r"\1\3\2", out)


_FULL_THOUSANDS = re.compile(r"(?<![０-９，])[１-９][０-９]{0,2}(?:，[０-９]{3})+(?![０-９．，])")
_PAD = "\u2060"  # a word joiner, read as nothing before a figure
_PER_HUNDRED = re.compile(r"百分之([零〇一二两三四五六七八九十]{1,3}|[0-9]{1,3}(?:\.[0-9]+)?)(?![0-9零〇一二两三四五六七八九十百千万])")
_FULL_POINT = re.compile(r"(?<=[0-9])．(?=[0-9])")
_OVER_MAGNITUDE = re.compile(r"([0-9零〇一二两三四五六七八九十百千]+)(余|多)(万|亿)(?!元)")


def parse_number(numeral: str) -> float | int:
    """The value of one numeral: ``"57"`` → 57, ``"十万"`` → 100000, ``"8万"`` → 80000,
    ``"两"`` → 2, ``"５７"`` → 57, ``"1.5万"`` → 15000, ``"1,200"`` → 1200. Raises ``ValueError`` if it is
    not a numeral."""
    numeral = normalise_digits(numeral).replace(",", "")
    if numeral[:1] in "十百千万":  # 千人, 百余名: an implied 一
        numeral = "一" + numeral
    value = cn2an.cn2an(numeral, "smart")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


# Words that end the counted thing after a number (86名劳动者|办理了会员卡), and verbs
# that act on it before one (走访|企业57家). Any other verb before a noun is taken as a
# modifier of it (就业形态劳动者, 降温用品).
_THING_STOPS = frozenset((
    "让", "使", "给", "被", "把", "将", "在", "提供", "参加", "参与", "开展", "建立", "围绕", "受益",
    "进行", "感受", "办理", "免费", "获得", "享受", "送去", "送上", "得到", "加入", "完成", "同台",
    "共同", "一起", "分别", "参观", "体检", "签订", "通过", "取得", "实现", "走进", "来到",
))
_ACTION_VERBS = frozenset((
    "发放", "走访", "慰问", "组织", "表彰", "培训", "接待", "提供", "建成", "新建", "建设", "举办",
    "开展", "召开", "救助", "资助", "覆盖", "涉及", "排摸", "掌握", "收集", "解决", "办结", "代理",
    "挽回", "发现", "督促", "设立", "筹集", "下拨", "投入", "捐赠", "募集", "送去", "送上", "签订",
    "吸引", "带动", "节约", "完成", "考取", "取得", "获得", "推出", "安排", "举行", "参加", "参与",
    "惠及", "受理", "调解", "化解", "追回", "培养", "选树", "评选", "命名", "授予", "邀请", "发展",
    "指导", "建立", "成立", "组建", "实施", "落实", "购买", "采购", "帮助", "支持", "征集", "招聘",
    "吸纳", "安置", "培育", "认定", "发出", "印发", "制作", "开通", "服务于", "达到",
    "共有", "拥有", "累计", "新增", "增加", "减少", "看望", "走进", "来到", "决出", "评出",
    "表扬", "推荐", "选拔", "录取", "考入", "就读", "撰写", "动员", "发动", "号召", "提交", "反映",
    "容纳", "吸收", "带领", "联系", "对接", "享受", "受理", "赠送", "捐献", "送出", "发送",
))
# Verbs that jieba may tag as nouns but that act on the noun after them when they open the
# clause before a number (检查企业215家, 服务企业1,860家, 走访企业…).
_OPENING_VERBS = frozenset(("检查", "服务", "走访", "慰问", "培训", "指导", "调研", "排查", "巡查", "体检"))
# Verbs that qualify a noun before a number (就业形态劳动者, 防暑降温用品, 退休职工).
_MODIFIER_VERBS = frozenset((
    "就业", "务工", "退休", "留守", "参赛", "获奖", "受助", "在职", "下岗", "失业", "返乡", "创业",
    "参保", "入会", "来访", "帮扶", "降温", "防暑", "救助", "维权", "参训", "参会", "与会",
    "志愿", "结对", "送温暖", "困难", "外出", "进城", "新增", "受益",
))
# Words that bound the counted thing on the left (全县|退休职工).
_SCOPE_WORDS = frozenset(("全市", "全县", "全区", "全省", "全国", "全镇", "全乡", "全体", "现有", "目前",
                          "今年", "去年", "上半年", "下半年", "全年", "其余", "另", "另有"))
# Words between a thing and its number that are not the thing (慰问品价值共计12万元).
_FILLERS = frozenset(("价值", "共计", "合计", "总计", "累计", "计", "共", "约", "达", "达到", "为",
                      "是", "有", "超过", "近", "逾", "突破", "已", "均", "都", "分别", "分别为",
                      "每人", "人均", "各", "的", "了", "总额", "金额", "共有", "其中", "已有", "已达",
                      "大约", "将近", "接近", "不少于", "至少", "多达", "高达", "计有", "共达",
                      "折合", "人民币", "总价值", "总金额",
                      "一般", "通常", "平均", "一律", "原则上"))  # 疗休养时间|一般为|5天
# Words of a money clause that name no thing (金额达|120万元, 折合人民币|48.5万元): the money
# is the worth of what the clause before names.
_WORTH_WORDS = ("价值", "金额", "总额", "总价值", "总金额", "折合", "人民币")
_ADVERBS_AFTER = ("已经", "已", "均", "都", "全部", "共")
_RAW_LEADS = ("其中", "已", "共有", "共", "累计", "直接", "排摸", "涉及", "掌握", "走访", "开展",
              "组织", "安排", "惠及", "达", "有", "了", "为", "的")
_NOUNISH = ("n", "vn", "j", "an", "l", "nz", "ng", "nr", "ns", "nt", "zg", "eng", "g")
_MODIFIERS = ("a", "b", "f", "s")
# Heads of counted nouns that jieba may tag as a phrase (困难职工 is ``l``).
_NOUN_TAILS = ("职工", "工人", "家庭", "子女", "会员", "劳模", "工匠", "群众", "人员", "学生", "代表",
               "选手", "运动员", "求职者", "志愿者", "农民工", "干部")
_NUMERAL_WORD = re.compile(rf"^[0-9０-９.,{CN_DIGITS}余多几数第]+$")


_TIME_WORD = re.compile(r"^(今|去|明|前|同|当|全|每|近|往|本|上半|下半)(年|月|日|天|季度|周)"
                        r"|[月日时]$|(期间|以来|年底|年初|年末)$|^(近日|日前|近期|目前)$")


def _words(text: str) -> list[tuple[str, str]]:
    """jieba's words of ``text``, with X之Y joined into one noun (职工之家)."""
    out: list[tuple[str, str]] = []
    words = list(posseg(text))
    k = 0
    while k < len(words):
        word, flag = words[k]
        if (word == "之" and out and out[-1][1].startswith("n") and k + 1 < len(words)
                and len(words[k + 1][0]) == 1):
            out[-1] = (out[-1][0] + word + words[k + 1][0], "n")
            k += 2
            continue
        out.append((word, flag))
        k += 1
    return out


def _nounish(word: str, flag: str) -> bool:
    if word in _NOUN_TAILS and word != "代表":
        return True  # 选手 and 干部 are people, whatever jieba tags them
    if flag == "t":  # 青年 is a noun here, 今年 a time
        return not _TIME_WORD.search(word)
    return flag.startswith(_NOUNISH) and word not in _THING_STOPS and word not in _ACTION_VERBS


def _modifier(word: str, flag: str) -> bool:
    """一线, 困难, 外来, 新: words that qualify the counted noun."""
    if word in _THING_STOPS or word in _FILLERS:
        return False
    if flag == "m":  # 一线, 一对一; not 多名, 两名 (a number and its measure word)
        return (not _NUMERAL_WORD.match(word) and len(word) > 1
                and not (_NUMERAL_WORD.match(word[:-1]) and word[-1] in UNITS))
    return flag.startswith(_MODIFIERS) and word not in ("上", "下", "中", "内", "后", "前")


_PART = r"[\u4e00-\u9fff]{1,4}(?:[（(][\u4e00-\u9fff、]{1,6}[）)])?"
# Short parts joined by 、 or carrying a bracket, before the noun they share.
_COORDINATED = re.compile(rf"^(?:{_PART}、)*[\u4e00-\u9fff]{{1,4}}[（(][\u4e00-\u9fff、]{{1,6}}[）)](?=[\u4e00-\u9fff])"
                          rf"|^(?:{_PART}、)+(?=[\u4e00-\u9fff])")


def _parts_nounish(text: str) -> bool:
    """Whether the coordinated parts ``text`` (区、县(市), 乡镇（街道）, 省、) open with a
    noun, place or modifier: 以及棉被、 and 及米、 (a conjunction first) do not."""
    words = _words(re.split(r"[、（(]", text)[0])
    return bool(words) and not words[0][1].startswith(("c", "p", "r", "d", "u", "v"))


def _thing_after(text: str, *, raw_fallback: bool = True) -> str:
    """The noun phrase that starts ``text`` (what follows a number and its measure word),
    with its modifiers (一线职工, 外来务工人员, 工会帮扶志愿者), ending before a verb,
    adverb, preposition or punctuation; ``""`` if none. With ``raw_fallback`` the words
    up to the first such stop when they hold no noun (参加|无偿献血, 七大|创新举措). Short
    parts joined by 、 or with a bracket before a shared noun are kept with it
    (区、县(市)总工会, 乡镇（街道）总工会, 省、市级劳模工匠)."""
    rest = text
    for verb in _VERBS_AFTER:
        if rest.startswith(verb):
            rest = rest[len(verb):]
            break
    rest = rest.lstrip("的之了")
    for adverb in _ADVERBS_AFTER:
        if rest.startswith(adverb):
            rest = rest[len(adverb):]
    bracketed = re.match(r"^[\u4e00-\u9fff]{1,4}[（(][\u4e00-\u9fff、]{1,6}[）)](?=[，,。；;：:！？!?\s]|$)", rest)
    if bracketed:
        return bracketed.group(0)  # 12个|县（市、区）
    joined = _COORDINATED.match(rest)
    if joined and _parts_nounish(joined.group(0)):  # 6个|区、县(市)总工会, 20个|乡镇（街道）总工会, 32名|省、市级劳模工匠
        tail = _thing_after(rest[joined.end():], raw_fallback=False)
        if tail:
            return joined.group(0) + tail
    clause = rest
    for i, ch in enumerate(rest):
        if ch in _PUNCT:
            clause = rest[:i]
            break
    words = _words(clause)
    out: list[tuple[str, str]] = []
    described = _described(clause)
    if described:
        return described
    for k, (word, flag) in enumerate(words):
        if word in _THING_STOPS or word == "的":
            break
        nxt = words[k + 1] if k + 1 < len(words) else ("", "x")
        has_noun = any(_nounish(w, f) for w, f in out)
        if has_noun and flag in ("l", "i", "an") and not word.endswith(_NOUN_TAILS):
            break  # 志愿者|受益匪浅 (but 深度|困难职工|子女 goes on)
        conjoined = word in ("和", "及") and _nounish(*nxt)
        if ((not _nounish(word, flag) and word not in _MODIFIER_VERBS and not conjoined
             or word in _VERBS_AFTER)
                and "".join(w for w, _ in out).endswith(_NOUN_TAILS + COUNTED_BODIES + COUNTED_GROUPS)):
            break  # 32名大病职工|申请…, 16个基层工会|结成对子: after those counted, what they do
        if _nounish(word, flag) or _modifier(word, flag):
            out.append((word, flag))
        elif word in ("和", "及") and out and _nounish(*out[-1]) and _nounish(*nxt):
            out.append((word, flag))  # 312名|工会干部和职工|报名参加
        elif (flag.startswith("v") and word not in _ACTION_VERBS and len(word) >= 2
              and (_nounish(*nxt) or (not has_noun and nxt[1].startswith("v")))):
            out.append((word, flag))  # 焊接技术高手, 工会帮扶志愿者, 提交县有关部门
        elif flag.startswith("v") and not has_noun and _nounish(*nxt):
            out.append((word, flag))
        else:
            break
        if sum(len(w) for w, _ in out) >= 12:
            break
    while out and not _nounish(*out[-1]):
        out.pop()
    if out or not raw_fallback:
        return "".join(w for w, _ in out)
    raw: list[str] = []
    for word, flag in words:
        if word in _THING_STOPS or word == "的" or flag.startswith(("p", "u", "c", "r", "d", "m")):
            break
        raw.append(word)
    return "".join(raw)[:8]


# Nouns that measure what their verb did (献血|总量, 捐款|总额): the verb is part of the thing.
_MEASURE_NOUNS = ("总量", "总额", "总数", "数量", "人数", "次数", "金额")
_PEOPLE_RE = re.compile(rf"^.*(?:{'|'.join(_NOUN_TAILS)})")
_BODY_TAIL_RE = re.compile(rf"^[^和与及、]{{0,6}}?(?:{'|'.join(COUNTED_BODIES)})")
_TAILS_RE = re.compile(rf"^.*?(?:{'|'.join(_NOUN_TAILS)})(?:{'|'.join(_NOUN_TAILS)})*")


def _described(clause: str) -> str:
    """The people a number counts when a short description and 的 stand between them
    (两名|身患重病的职工 → 身患重病的职工, 30户|生活困难的职工家庭): the description, 的, and
    the noun phrase up to its head (职工, 家庭, 子女 ...); ``""`` when the part before 的 is
    itself the counted people (1200名|职工的子女 counts 职工) or holds a verb that ends
    the counted thing (参加, 获得 ...)."""
    de = clause.find("的")
    if not 0 < de <= 8:
        return ""
    head = clause[:de]
    if head.endswith(_NOUN_TAILS) or any(w in _THING_STOPS for w, _f in _words(head)):
        return ""
    if any(ch.isdigit() or ch in CN_DIGITS for ch in head):
        return ""
    after = _thing_after(clause[de + 1:], raw_fallback=False)
    tail = _TAILS_RE.match(after) or _BODY_TAIL_RE.match(after)  # 10个|工作突出的单位
    return head + "的" + tail.group(0) if tail else ""


def _as_written(thing: str, text: str) -> str:
    """``thing`` (read without quotation marks) as ``text`` writes it, with a quoted name
    inside it kept in its quotes (“春风行动”专场招聘会); a thing that is all one quoted
    word is given without them (爱心驿站)."""
    if not thing:
        return thing
    pattern = "[“”‘’\"《》「」]?".join(re.escape(ch) for ch in thing)
    found = None
    for m in re.finditer(pattern, text):
        found = m
    if found is None:
        return thing
    written = found.group(0)
    start = found.start()
    if written.count("”") > written.count("“") and start > 0 and text[start - 1] == "“":
        written = "“" + written
    if written.count("》") > written.count("《") and start > 0 and text[start - 1] == "《":
        written = "《" + written
    if written.count("“") != written.count("”") or written.count("《") != written.count("》"):
        return thing
    return thing if written.endswith(("”", "》")) else written


def _np_before(clause: str) -> tuple[str, str]:
    """``(noun phrase, verbs)`` ending ``clause`` (fillers such as 价值 or 共计 left
    out): the noun phrase with its modifiers and coordinated nouns (困难职工和劳模), and
    when there is none the last one or two verbs (解决, 督促整改)."""
    words = _words(clause)
    while words and (words[-1][0] in _FILLERS or words[-1][1].startswith(("d", "u", "p"))):
        words.pop()
    taken: list[tuple[str, str]] = []
    k = len(words) - 1
    while k >= 0:
        word, flag = words[k]
        if word in _FILLERS or word in _SCOPE_WORDS:
            break
        if _nounish(word, flag) or (taken and _modifier(word, flag)):
            taken.insert(0, (word, flag))
        elif taken and word in _MODIFIER_VERBS:
            taken.insert(0, (word, flag))  # 就业形态劳动者, 降温用品
        elif taken and word in ("和", "与", "及") and k > 0 and _nounish(*words[k - 1]):
            taken.insert(0, (word, flag))  # 困难职工和劳模
        else:
            break
        k -= 1
        if sum(len(w) for w, _ in taken) >= 10:
            break
    while taken and not _nounish(*taken[0]) and not _modifier(*taken[0]) and not (
            taken[0][1].startswith("v")):
        taken.pop(0)
    if (len(taken) >= 2 and k < 0 and taken[0][1] in ("v", "vn") and taken[0][0] in _OPENING_VERBS
            and _nounish(*taken[1])):
        taken.pop(0)  # 检查|企业215家, 服务|企业1,860家: the verb opening the clause acts on it
    if (len(taken) == 1 and (len(taken[0][0]) == 1 or taken[0][0] in _MEASURE_NOUNS) and k >= 0
            and words[k][1].startswith("v") and len(words[k][0]) >= 2 and words[k][0] not in _FILLERS):
        taken.insert(0, words[k])  # 献血|量, 献血|总量, 捐款|额: a measure noun is its verb's
    if taken:
        return "".join(w for w, _ in taken), ""
    verbs: list[str] = []
    while (k >= 0 and (words[k][1].startswith("v") or words[k][0] in _ACTION_VERBS)
           and words[k][0] not in _FILLERS and len(verbs) < 2):
        verbs.insert(0, words[k][0])
        k -= 1
    return "", "".join(verbs)


_QUOTED_AT_END = re.compile(r"“([^“”，。；、]{1,10})”([\u4e00-\u9fff]{0,8})$")
_COUNT_AT_END = re.compile(rf"(?:{_PRE})?{_NUM}(?:余|多)?(?:{_UNIT})?(?:以上|左右)?$")


def _thing_before(text: str, *, money: bool = False) -> tuple[str, str, str]:
    """``(noun phrase, verbs, raw)`` written before a number (走访企业57家 → 企业; 其中
    解决34件次 → verbs 解决; 服务时长约120小时 → raw 服务时长). For money that is the worth
    (价值) of what the clause before gave, that clause's noun phrase (送去慰问品，价值
    共计12万元 → 慰问品)."""
    clean = "".join(ch for ch in text if ch not in _QUOTES)
    cut = max((i for i, ch in enumerate(clean) if ch in _CLAUSE_END), default=-1)
    clause = clean[cut + 1:]
    np, verbs = _np_before(clause)
    end = cut
    core = clause
    while core and any(core.endswith(f) and core != f for f in _FILLERS):
        core = core[:-max(len(f) for f in _FILLERS if core.endswith(f))]
    while np and end >= 0 and clean[end] == "、" and core == np and np.count("、") < 4:
        # 收集职工困难、需求和问题|392个: the parts joined by 、 before the noun phrase
        pcut = max((i for i, ch in enumerate(clean[:end]) if ch in _CLAUSE_END), default=-1)
        part = clean[pcut + 1:end]
        part_np = _np_before(part)[0]
        if not part_np or not part.endswith(part_np):
            break
        np, core, end = part_np + "、" + np, part_np + "、" + core, pcut
        if part != part_np:
            break
    np = _as_written(np, text)
    quoted = _QUOTED_AT_END.search(text)
    if np and quoted and (quoted.group(1) + quoted.group(2)).endswith(np) and len(quoted.group(2)) < len(np) < len(quoted.group(1) + quoted.group(2)):
        # 组建“三服务”工作组|四十二个: a quoted name cut inside (at its numeral) is taken whole
        np = f"“{quoted.group(1)}”{quoted.group(2)}"
    total_only = clause.strip() in ("共计", "合计", "总计", "累计", "计", "共", "总额", "总额达", "共计约", "合计约")
    if not np and money and (any(w in clause for w in _WORTH_WORDS) or total_only) and cut >= 0:
        prev = clean[:cut]
        pcut = max((i for i, ch in enumerate(prev) if ch in "，,。；;：:！？!?\n"), default=-1)
        # 发放暖心包500份，总价值约6万元: the worth of the things counted, not of the count
        given = _COUNT_AT_END.sub("", prev[pcut + 1:]) or prev[pcut + 1:]
        found_np, found_verbs = _np_before(given)
        np = found_np or (found_verbs if total_only else "") or np  # 发放生活补助，共计3.6万元
    if not np and money:
        words = _words(clause)
        if words and ((_nounish(*words[-1]) and not words[-1][1].startswith("v"))
                      or (words[-1][1] in ("i", "l") and len(words[-1][0]) >= 3)):
            np = words[-1][0]  # 追回拖欠|工资1.05亿元: the money is the wages
    raw = clause
    for lead in _RAW_LEADS:
        if raw.startswith(lead) and len(raw) > len(lead):
            raw = raw[len(lead):]
    while raw and raw[-1] in "约近逾达共计为有已":
        raw = raw[:-1]
    return np, verbs, raw[-6:]


def _subject_before(text: str) -> str:
    """The noun phrase a clause opens with when it ends in an adverb or 了 with its verb
    (治疗费|已经花了 → 治疗费; 带动企业|增效 has none: the verb is what the money is);
    ``""`` if none."""
    cut = max((i for i, ch in enumerate(text) if ch in _CLAUSE_END), default=-1)
    words = _words(text[cut + 1:])
    tail: list[tuple[str, str]] = []
    while words and (words[-1][1].startswith(("v", "d", "u", "p")) or words[-1][0] in _FILLERS):
        tail.append(words.pop())
    if not any(f.startswith(("d", "u")) for _w, f in tail):
        return ""
    return _np_before("".join(w for w, _f in words))[0] if words else ""


_COMPARED = re.compile(r"(?:较|比|同比|环比)(?:去年|上年|前年|上月|上半年|年初|上一年)?(?:同期)?$")
_RATE_VERBS = ("增加", "减少", "高达", "达到", "达", "约占", "占", "为", "近", "约", "下降", "上升", "提高", "降低",
               "增长", "超过", "超", "不到", "不足", "已")


# Verbs setting a rate at a level (办结率|保持在|95%, 调解成功率|提高到|80%, 覆盖率|稳定在|九成).
_RATE_LEVEL_VERBS = ("保持在", "稳定在", "控制在", "维持在", "提高到", "提高至", "提升到", "提升至", "上升到",
                     "上升至", "下降到", "下降至", "降低到", "降低至", "增长到", "增长至", "增加到", "增加至",
                     "升至", "降至", "增至", "提至")


def _rate_before(text: str) -> str:
    """What a percentage is of: the noun phrase ending the clause before it once the verb
    is taken off (流失率|高达, 不良率|下降近, 本地线路|约占, 绑扎效率|提高了近); a share
    opening its clause is of the group the clause before ends with (200多名员工|中，近
    三成); ``""`` if none."""
    cut = max((i for i, ch in enumerate(text) if ch in _CLAUSE_END), default=-1)
    clause = text[cut + 1:]
    leveled = clause.endswith(_RATE_LEVEL_VERBS)
    changed = True
    while changed:
        changed = False
        for verb in _RATE_LEVEL_VERBS + _RATE_VERBS + ("了",):
            if clause.endswith(verb) and len(clause) > len(verb):
                clause, changed = clause[:-len(verb)], True
    # 资助人数|较去年|增加近两成: the comparison with an earlier time is not the thing
    clause = _COMPARED.sub("", clause)
    if not clause.strip(_CLAUSE_END + " 近约") and cut >= 0:
        # 200多名员工中，近三成…: a share of the group the clause before ends with
        prev = text[:cut].rstrip()
        for word in ("之中", "当中", "中", "里"):
            if prev.endswith(word):
                pcut = max((i for i, ch in enumerate(prev) if ch in _CLAUSE_END), default=-1)
                return _np_before(prev[pcut + 1:-len(word)])[0]
        return ""
    if leveled and clause.endswith(_RATE_NOUNS):
        return _rate_phrase(clause) or _np_before(clause)[0]
    np = _np_before(clause)[0]
    if not np and clause.endswith(_RATE_NOUNS):
        return _rate_phrase(clause)  # 职工|入会|率|达到: a rate whose name jieba read as verbs
    return np


# What a rate is called (办结率, 满意度, 占比) and verbs opening the clause before its name
# (确保|职工诉求办结率, 力争|覆盖率): the name is a run of nouns and verbs (劳动争议|调解|成功率).
_RATE_NOUNS = ("率", "度", "比例", "比重", "占比")
_RATE_OPENERS = frozenset(("确保", "力争", "争取", "保证", "推动", "促进", "实现", "努力", "使", "让", "将",
                           "力促", "全年", "今年", "去年", "明年", "其中", "目前", "当年"))


def _rate_phrase(clause: str) -> str:
    """The name of a rate ending ``clause``: the words back from its end (at most 12
    characters) while they are nouns or verbs and not a clause opener (``确保职工诉求办结率``
    → ``职工诉求办结率``; ``劳动争议调解成功率`` whole); ``""`` if the last word is no noun or verb."""
    taken: list[str] = []
    for word, flag in reversed(_words(clause)):
        if (word in _RATE_OPENERS or word in _FILLERS or word in _SCOPE_WORDS
                or not (_nounish(word, flag) or flag.startswith("v"))
                or sum(len(w) for w in taken) + len(word) > 12):
            break
        taken.insert(0, word)
    return "".join(taken)


# Words opening a follow-up count's clause that are not what was done (其余|23条, 已|解决).
# Verbs that raise a money amount to a level (职工月工资最低标准|提高到|2600元): the level is
# the clause's subject.
_RAISED_TO = ("提高到", "提高至", "提升到", "提升至", "调整为", "调整到", "调整至", "上调至", "上调到", "增加到",
              "增加至", "增至", "提至")
# A visiting party counted by its members (考察学习团一行15人, 调研组一行6人, 慰问团一行20余人).
_PARTY_RE = re.compile(r"(?P<group>[\u4e00-\u9fff]{0,10}(?:团|组|队|班))(?:成员)?一行$")
# A body followed by its officers (23个基层工会负责人): 个 counts the bodies.
_BODY_ROLE = re.compile(rf"^(.*(?:{'|'.join(COUNTED_BODIES)}))(?:负责人|主席|副主席|书记|代表|干部|会长)$")


# Words of lasting read as a duration's thing when no noun is near (持续4天, 每期5天).
_LASTING = ("持续", "每期", "历时", "为期", "每批", "每次")
_LASTING_RE = re.compile(r"(?:将|还|共|已|要)?(?:持续|每期|历时|为期|每批|每次)(?:了|约|近|达)?$")


def _lasting_activity(before: str) -> str:
    """The activity a duration written only with a word of lasting counts
    (``比赛将持续|4天`` → 比赛; ``开展疗休养，每期|5天`` → 疗休养, the clause before when
    the lasting word opens its own); ``""`` when none is found."""
    lasting = _LASTING_RE.search(before)
    if not lasting:
        return ""
    head = before[: lasting.start()].rstrip()
    if not head.strip("，,"):
        return ""
    if head.endswith(("，", ",")):
        head = head[:-1]  # 开展疗休养，|每期: the activity the clause before names
        if any(ch in _CLAUSE_END for ch in head[-1:]):
            return ""
    clause = _clause_of(head)
    np, verbs = _np_before(clause)
    word = np or verbs
    activities = _SESSION_ACTIVITIES + _LASTING_ACTIVITIES
    found = next((a for a in activities if word.endswith(a)), "") if word else ""
    if not found and head.endswith(tuple("个场次家名人处件支项")):
        # 活动在全市设立献血点12个，|持续3天: the activity the sentence opens with
        sentence = re.split(r"[。！？；]", head)[-1].lstrip()
        found = next((a for a in activities if sentence.startswith(a)), "")
    return found or (np if np and len(np) <= 6 else "")


# Activities that last days (疗休养, 集训) beyond :data:`_SESSION_ACTIVITIES`.
_LASTING_ACTIVITIES = ("疗休养", "集训", "休养", "活动", "联赛", "赛事", "展览", "研修", "夏令营")


def _clause_of(text: str) -> str:
    cut = max((i for i, ch in enumerate(text) if ch in _CLAUSE_END), default=-1)
    return text[cut + 1:]


# People jieba tags as verbs (选手, 运动员): a noun written after a count.
_PEOPLE_WORDS = ("选手", "运动员", "求职者", "参赛者", "志愿者", "队员", "学员", "干部")
# Activities counted in sessions that jieba reads as verbs (开展现场培训|两场).
_SESSION_ACTIVITIES = ("培训", "讲座", "比赛", "演出", "宣讲", "义诊", "招聘", "宣传", "授课", "辅导")
# Endings of nouns for people beyond :data:`_NOUN_TAILS` (技术骨干, 专家, 党员, 技术人员).
_PEOPLE_TAILS = ("骨干", "专家", "党员", "员", "者", "师", "手", "匠")
# What may follow a share written with a digit (占比超过8成。, 8成以上, 近9成的职工).
_DIGIT_SHARE_END = re.compile(r"(?:$|[，,。；;！？!?）)、]|以上|左右|多|的)")
# A share then what it is (其中六成以上|是一线职工, 三成|为女职工).
_SHARE_IS = re.compile(r"(?:以上|以下|左右|多)?(?:均|都)?(?:是|为|来自)")
_FOLLOW_LEADS = ("其中", "其余", "另有", "另外", "另", "已经", "已", "均", "共", "累计", "并", "还", "再", "目前")
_SENTENCE_END = "。！？!?；;\n"


_DEED_OPENERS = ("成功", "顺利", "实现", "累计", "先后")


def _people_for_deed(before: str, thing: str) -> str:
    """The people a count of persons stands for when its counted thing is what they did
    (``转移就业``, ``成功献血``): the last of :data:`PERSON_NOUNS` named earlier in the same
    sentence (``帮助当地职工实现转移就业3千多人`` → 职工; ``职工踊跃参加，共有386人成功献血``
    → 职工), or ``""`` when the thing is no deed or no such people were named."""
    if not thing or any(noun in thing for noun in PERSON_NOUNS + _NOUN_TAILS):
        return ""
    words = _words(thing)
    if not words:
        return ""
    deed = (thing.startswith(_DEED_OPENERS)
            or (words[0][1].startswith("v") and all(flag.startswith(("v", "d")) for _, flag in words)))
    if not deed:
        return ""
    sentence = re.split(r"[。！？；]", before)[-1]
    best, where = "", -1
    for noun in PERSON_NOUNS:
        k = sentence.rfind(noun)
        if k > where:
            best, where = noun, k
    return best


def _opens_with_verb(text: str) -> bool:
    words = _words(text)
    return bool(words) and words[0][1].startswith("v") and words[0][1] != "vn"


def _follow_up_thing(before: str, after: str, np: str, classifier: str,
                     figures: list[Figure]) -> str:
    """The counted thing of a follow-up count whose noun is elided (annotation conventions,
    docs/ingest.md): ``收集问题诉求186条，已协调解决163条，其余23条已提交市政府相关部门`` —
    163 and 23 count 问题诉求 too. Such a count has no noun before or after it, only what
    was done (协调解决, 提交…); it counts the thing of the last figure before it in the
    same sentence with the same measure word. Returns ``"<what was done>的<that thing>"``
    (协调解决的问题诉求, 提交市政府相关部门的问题诉求), or ``""`` when the count is no follow-up."""
    if np:
        return ""
    sentence = max((i for i, ch in enumerate(before) if ch in _SENTENCE_END), default=-1)
    unit = UNITS.get(classifier, "")

    def antecedent_after(start: int) -> Figure | None:
        return next((f for f in reversed(figures)
                     if (f.classifier == classifier or (unit == "persons" and f.unit == unit))
                     and f.start > start and f.thing
                     and "的" not in f.thing and f.thing != f.classifier), None)

    antecedent = antecedent_after(sentence)
    clause_cut = max((i for i, ch in enumerate(before) if ch in _CLAUSE_END), default=-1)
    marked = before[clause_cut + 1:].lstrip(_QUOTES).startswith(_FOLLOW_LEADS)
    if antecedent is None and sentence >= 0 and marked and not any(
            f.start > sentence and "的" not in f.thing for f in figures):
        # 收集问题97个。目前已解决81个，其余16个…: a sentence of follow-ups, marked as such
        # (目前已, 其余, 其中), goes on with the things the sentence before counted
        previous = max((i for i, ch in enumerate(before[:sentence]) if ch in _SENTENCE_END), default=-1)
        antecedent = antecedent_after(previous)
    if antecedent is None:
        return ""
    cut = max((i for i, ch in enumerate(before) if ch in _CLAUSE_END), default=-1)
    done = "".join(ch for ch in before[cut + 1:] if ch not in _QUOTES).strip()
    stripped = True
    while stripped:
        stripped = False
        for lead in _FOLLOW_LEADS:
            if done.startswith(lead):
                done, stripped = done[len(lead):], True
    after_thing = _thing_after(after, raw_fallback=False)
    if after_thing and (not _opens_with_verb(after_thing) or after.startswith(_PEOPLE_WORDS)):
        return ""  # 另有4件次|事项: the noun is written
    if not done:  # 其余23条|已提交市政府相关部门跟踪办理: what was done is written after
        rest = after
        for i, ch in enumerate(after):
            if ch in _CLAUSE_END:
                rest = after[:i]
                break
        for adverb in _ADVERBS_AFTER:
            if rest.startswith(adverb):
                rest = rest[len(adverb):]
        rest_of = before[cut + 1:].strip().startswith("其余")  # 其余52件次|已建立台账
        done = rest if (after_thing or rest_of) and _opens_with_verb(rest) else ""
    elif not any(f.startswith("v") or w in _ACTION_VERBS or w in _THING_STOPS for w, f in _words(done)):
        return ""  # no verb before the number: not what was done
    if not done:
        return ""
    return done[-16:] + "的" + antecedent.thing


def _idiom_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words jieba reads as idioms (flag ``i``) that hold a
    numeral (千家万户, 一传十)."""
    out, pos = [], 0
    for word, flag in posseg(text):
        if flag == "i" and any(ch in CN_DIGITS for ch in word):
            out.append((pos, pos + len(word)))
        pos += len(word)
    return out


# The lower number of a range written before a figure's number (3-5人, 三至五名, 3～5场).
_RANGE_LOW = re.compile(rf"(?<![0-9.{CN_DIGITS}])(?P<num>{_NUM})(?:余|多)?\s*(?:-|－|—|–|~|～|至|到)\s*$")


def _quoted(text: str, start: int) -> bool:
    """Whether ``start`` stands inside quotation marks (an opening “ or 《 before it on
    its line that is not closed yet)."""
    line = text[:start].rsplit("\n", 1)[-1]
    return line.count("“") > line.count("”") or line.count("《") > line.count("》")


def _negative(text: str, start: int) -> bool:
    """Whether the number at ``start`` carries a minus sign (``-5万元``, ``同比−3%``): a
    sign directly before it that does not stand between two numbers (``3-5人``)."""
    if start == 0 or text[start - 1] not in MINUS_SIGNS:
        return False
    return not (start >= 2 and (text[start - 2].isdigit() or _RANGE_LOW.search(text[:start])))


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (one paragraph), left to right. Years, dates, ordinals
    (第九次), vague numbers (数十家) and the numeral 一 used as an article are not
    figures. The counted thing is the noun phrase after the measure word (150余名|一线
    职工), else the one before the number (走访企业|57家); for money what it is for when
    written (发放慰问金|43.6万元, 5万余元的|治疗费), else the measure word (万元). Numerals
    inside an idiom (千家万户) are not figures; a count with 个 takes its unit from what it
    counts (:func:`unit_of_ge`). A number with a minus sign (``-5万元``) is a change, not
    a count, and is left out (:func:`_negative`)."""
    norm = normalise_digits(text)
    figures: list[Figure] = []
    idioms = _idiom_spans(norm)
    for m in FIGURE_RE.finditer(norm):
        num, pre = m.group("num"), m.group("pre") or ""
        start, end = m.start(), m.end()
        if any(s <= start and end <= e for s, e in idioms):
            continue  # 千家万户, 四面八方: numerals inside an idiom count nothing
        if pre == "上" and not num.startswith(("百", "千", "万")):
            pre, start = "", start + 1  # 上千名 is over a thousand; 线上5场 is not
        if start > 0 and norm[start - 1] in "第初前":  # 第九次, 前三名: ranks, not counts
            continue
        if norm[end:].startswith("百分点"):
            continue
        if norm[:start].endswith(_VAGUE_BEFORE):
            continue
        if _negative(norm, start):
            continue  # -5万元: a negative amount is not a count
        if num in ("一", "两", "十") and m.group("unit") in (None, "次", "天", "场", "期") and not (
                num == "两" and m.group("unit") in ("场", "期")
                and (_thing_after(norm[end:], raw_fallback=False) or _thing_before(norm[:start])[0]
                     or _thing_before(norm[:start])[1].endswith(_SESSION_ACTIVITIES))):
            continue  # 两场|小型招聘会, 培训班|两期 are counts; 两天, 十次 said loosely are not
        if num == "一" or (m.group("unit") == "次" and not num[0].isdigit()):
            continue
        if norm[m.end("num"):m.end("num") + 2].startswith(_NOT_AFTER) or (
                norm[end:end + 1] and norm[end:end + 1] in "年月日号"):
            continue
        try:
            value = parse_number(num)
        except (ValueError, KeyError):
            continue
        classifier = m.group("unit") or ""
        if classifier == "大" and (num[0].isdigit() or _quoted(norm, start)):
            continue  # “十大行动”, “十大攻坚”: a campaign's quoted name, not a count
        if classifier == "对" and not (end == len(norm) or norm[end] in _PUNCT
                                     or norm[end:].startswith(_PAIR_NOUNS)):
            continue  # 帮扶对子18对, 5对新人 are pairs; 2对1帮扶, 3人对口 are not
        if classifier == "成" and ((norm[end:end + 1] and norm[end:end + 1] in "员立为果就绩本效交功长熟型品")
                                 or (num[0].isdigit() and not _DIGIT_SHARE_END.match(norm[end:]))):
            continue  # 三成 is 30 percent; 成员, 建成 are not; 8成 only closing a clause (超过8成。)
        value = value * UNIT_FACTORS.get(classifier, 1)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        low = _RANGE_LOW.search(norm[:start])
        if low and not norm[:low.start()].endswith(("第", "前")):
            # 3-5人, 3至5名, 1.5万-2万元: a range is its lower value, at least that many
            try:
                low_value = parse_number(low.group("num")) * UNIT_FACTORS.get(classifier, 1)
            except (ValueError, KeyError):
                low_value = None
            if low_value is not None and low_value <= value:
                value, start = low_value, low.start()
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
        before, after = norm[:start].rstrip(_PAD), norm[end:]
        money = percent = counted_by_ge = False
        np = raw = ""
        if classifier:
            unit = UNITS[classifier]
            counted_by_ge = classifier == "个"
            percent = unit == "percent"
            money = unit == "yuan"
            np, verbs, raw = _thing_before(before, money=money)
            if np in _FOLLOW_LEADS:
                np = ""  # 其余|52件次已建立台账: a follow-up, no noun
            if after.startswith(_VERBS_AFTER):  # 242人参加|无偿献血, 一线职工|1300余人报名参赛
                thing = np or _thing_after(after) or verbs or raw
            else:
                thing = (_thing_after(after, raw_fallback=False) or np
                         or (after[:1] not in _PUNCT and _thing_after(after)) or verbs or raw)
            if money and thing and thing == verbs:
                thing = _subject_before(before) or thing  # 治疗费|已经花了|30余万元
            raised = next((v for v in _RAISED_TO if before.endswith(v)), "")
            if money and raised:
                thing = _np_before(_clause_of(before)[: -len(raised)])[0] or thing  # 最低标准|提高到|2600元
            if money and (not thing or thing == raw):
                thing = np or classifier  # what the money is for, else 万元
            if percent:
                thing = _rate_before(before) or np or raw  # 流失率|高达三成
                share = _SHARE_IS.match(after)
                if share and (thing in _FOLLOW_LEADS or thing == raw or not thing):
                    # 其中|六成以上|是一线职工: the share is of the people named after 是
                    thing = _thing_after(after[share.end():], raw_fallback=False) or thing
            if (unit in ("persons", "person-times") and np and np.endswith(_NOUN_TAILS + _PEOPLE_TAILS) and thing != np
                    and not after.startswith(_VERBS_AFTER) and _opens_with_verb(thing)):
                thing = np  # 劳模工匠志愿者|三十余名|组成帮扶代表团: the people before the number
            party = _PARTY_RE.search(_clause_of(before)) if unit == "persons" else None
            if party:
                # 考察学习团|一行15人: the party counted, without who sent or led it
                thing = re.split(r"工会|委员会|[率带领派由]", party.group("group"))[-1] or party.group("group")
            if counted_by_ge:
                role = _BODY_ROLE.match(thing)
                if role:
                    thing = role.group(1)  # 23个|基层工会负责人: 个 counts the unions
                unit = unit_of_ge(thing)
        else:
            unit = "persons"
            thing = _thing_after(after)
        qualifier = (QUALIFIER.get(m.group("post") or "", "") or QUALIFIER.get(pre, "")
                     or QUALIFIER.get(m.group("after") or "", ""))
        if start < m.start():
            qualifier = "over"  # a range: at least its lower value
        if classifier and not money and not percent:
            follow = _follow_up_thing(before, after, np, classifier, figures)
            if follow:
                thing = follow  # 收集问题诉求186条，已协调解决|163条 → 协调解决的问题诉求
                if counted_by_ge:
                    unit = unit_of_ge(thing)
        if unit == "persons" and not money and not percent:
            people = _people_for_deed(before, thing)
            if people:
                thing = people  # 帮助当地职工实现转移就业|3千多人, 职工踊跃参加，共有|386人成功献血 → 职工
        if unit == "batches" and thing and _opens_with_verb(thing):
            rest = re.split(r"[。！？；]", after)[0]
            hits = [(rest.find(a), a) for a in _SESSION_ACTIVITIES + _LASTING_ACTIVITIES if a in rest]
            if hits:
                thing = min(hits, key=lambda h: (h[0], -len(h[1])))[1]  # 分五批|组织…开展疗休养 → 疗休养
        if unit == "days" and thing in _LASTING:
            thing = _lasting_activity(before) or thing  # 比赛将持续|4天 → 比赛; 开展疗休养，每期|5天 → 疗休养
        elif unit == "days" and thing.endswith(_LASTING) and len(thing) > 2:
            thing = thing[:-2]  # 培训持续|三天 → 培训
        if (money and thing in (classifier, raw, "") and figures and figures[-1].unit == "yuan"
                and before.endswith(("和", "、", "及", "与")) and figures[-1].end == start - 1):
            thing = figures[-1].thing  # 分别捐款五十万元和|三十万元: the same money as the one before
        sep = next((x for x in ("、", "共") if before.endswith(x)), "")
        if (unit in ("persons", "person-times") and sep and figures and figures[-1].end == start - len(sep)
                and not _thing_after(after, raw_fallback=False) and _PEOPLE_RE.match(figures[-1].thing)):
            # 组织劳模和一线职工疗休养36批次、1080人: the people the count before names
            people = _PEOPLE_RE.match(figures[-1].thing)
            thing = people.group(0) if people else thing
        if before.rstrip("，, ").endswith("其中") and thing in ("", "其中", raw):
            # 困难职工家庭218户，其中|61户: a part of the figure before, counting the same
            thing = next((f.thing for f in reversed(figures) if f.unit == unit), thing)
        while start > 0 and norm[start - 1] == _PAD:
            start -= 1  # 百分之九十五: the figure's text opens with 百分之
        figures.append(Figure(value=value, unit=unit, classifier=classifier, thing=thing,
                              qualifier=qualifier, text=text[start:end], start=start, end=end))
    return figures

"""Organisations and regions named in a text.

Organisation names are found by their suffix (总工会, 工会, 有限公司, 扶贫办, 血站 ...)
and bounded on the left by punctuation, a preposition or verb (在, 与, 来自, 参观了 ...)
or the end of the name before. Each is then matched to the union tree
(:class:`~gonghui.orgs.models.Union`) or to an :class:`~gonghui.orgs.models.Enterprise`
by exact name, else by the shortest known name it ends with or that ends with it (杭州市
江干区总工会 ↔ 江干区总工会); unmatched names are proposed as new. Regions are matched to
:class:`~gonghui.orgs.models.Region` names, with or without their 省/市/县/区 suffix.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

SUFFIXES = ("股份有限公司", "有限公司", "联合工会", "总工会", "工会", "公司", "扶贫办", "旅委会",
            "血站", "旅行社", "律师事务所", "技师学院", "学院", "学校", "职工服务中心",
            "益贫中心", "活动中心", "培训中心", "管理处", "委员会", "代表团", "市委", "县委",
            "区委", "州委", "省委")
SUFFIX_RE = re.compile("(?:" + "|".join(sorted(SUFFIXES, key=len, reverse=True)) + ")+")
STOPS = sorted(
    ("在", "与", "和", "及", "对", "向", "为", "由", "了", "是", "的", "到", "被", "将", "把", "让",
     "给", "从", "同", "跟", "等", "据", "以", "来自", "参观", "邀请", "感谢", "开展", "组织",
     "带领", "号召", "举办", "来到", "前往", "发现", "帮扶点", "表示", "介绍", "指导", "多家",
     "各级", "两地", "该", "其", "本", "即", "于", "并", "还", "都", "随着", "就有", "有",
     "推进", "谢谢", "加强", "依托", "希望", "支持", "联合",
     "产业", "围绕", "签订", "签署", "启动", "联系", "服务", "基层", "区县", "当地", "县级"),
    key=len, reverse=True)
STOP_RE = re.compile("|".join(re.escape(s) for s in STOPS))
PUNCT_RE = re.compile(r"[，,。；;、：:！？!?“”\"《》\s—·]+")
# Short names that are organisations without a suffix.
ALIASES = {"全总": "中华全国总工会"}
GENERIC = {"街道总工会", "乡总工会", "行业工会", "产业工会", "工会", "总工会", "公司", "县总工会", "市总工会", "区总工会", "省总工会",
           "镇总工会", "联合工会", "有限公司", "全总", "该公司工会"}


@dataclass
class OrgMention:
    """An organisation as written (``name``), where (``start``, ``end``), and what it was
    matched to: ``match_kind`` ``union``/``enterprise``/``new`` and ``match_id``."""

    name: str
    start: int
    end: int
    match_kind: str = "new"
    match_id: int | None = None
    match_name: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def find_org_names(text: str) -> list[OrgMention]:
    """Organisation names in ``text``, in order, each once per position."""
    found: list[OrgMention] = []
    pos = 0
    for piece in PUNCT_RE.split(text):
        start_of_piece = text.find(piece, pos) if piece else pos
        pos = start_of_piece + len(piece)
        left = 0
        previous: OrgMention | None = None
        for m in SUFFIX_RE.finditer(piece):
            span = piece[left:m.end()]
            stops = list(STOP_RE.finditer(span[: m.start() - left]))
            offset = left + (stops[-1].end() if stops else 0)
            name = piece[offset:m.end()].strip("()（）")
            gap = piece[left:m.start()]
            if previous is not None and not stops and 0 < len(gap) <= 6:
                # 联合工会职工文化活动中心: a body of the organisation before it.
                chained = text[previous.start:start_of_piece + m.end()]
                found.append(OrgMention(name=chained, start=previous.start,
                                        end=start_of_piece + m.end()))
                left = m.end()
                continue
            left = m.end()
            core = re.sub(r"[(（][^)）]*[)）]", "", name[: len(name) - len(m.group(0))])
            if (re.search(r"[0-9]", name) or name in GENERIC or len(core) < 2
                    or name[0] in ")）" or core.startswith("不断")
                    or name.count("(") + name.count("（") != name.count(")") + name.count("）")):
                previous = None
                continue
            previous = OrgMention(name=name, start=start_of_piece + offset,
                                  end=start_of_piece + m.end())
            found.append(previous)
    for alias in ALIASES:
        for m in re.finditer(alias, text):
            found.append(OrgMention(name=alias, start=m.start(), end=m.end()))
    found.sort(key=lambda o: o.start)
    return found


def _match(name: str, known: dict[str, tuple[str, int]]) -> tuple[str, int, str] | None:
    if name in known:
        kind, pk = known[name]
        return kind, pk, name
    candidates = [k for k in known if len(k) >= 4 and (name.endswith(k) or k.endswith(name))]
    if not candidates:
        return None
    best = min(candidates, key=lambda k: abs(len(k) - len(name)))
    kind, pk = known[best]
    return kind, pk, best


def known_organisations() -> dict[str, tuple[str, int]]:
    """``{name: (kind, pk)}`` of every union and enterprise (reads the database)."""
    from gonghui.orgs.models import Enterprise, Union

    known: dict[str, tuple[str, int]] = {}
    for pk, name in Enterprise.objects.values_list("pk", "name"):
        known[name] = ("enterprise", pk)
    for pk, name in Union.objects.values_list("pk", "name"):
        known[name] = ("union", pk)
    return known


def match_organisations(mentions: list[OrgMention],
                        known: dict[str, tuple[str, int]]) -> list[OrgMention]:
    """Fill ``match_*`` of each mention from ``known`` (see :func:`known_organisations`).
    An enterprise's union (X有限公司工会) matches the enterprise X有限公司 when no union
    of that name exists."""
    for mention in mentions:
        hit = _match(mention.name, known)
        if hit is None and mention.name.endswith("工会") and not mention.name.endswith("总工会"):
            hit = _match(mention.name[:-2], known)
        if hit:
            mention.match_kind, mention.match_id, mention.match_name = hit
    return mentions


@dataclass
class RegionMention:
    """A region named in the text and the :class:`~gonghui.orgs.models.Region` it is."""

    name: str
    code: str
    region_name: str

    def as_dict(self) -> dict:
        return asdict(self)


REGION_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|省|市|州|县|区|镇|乡|街道)$")


def find_regions(text: str) -> list[RegionMention]:
    """Regions of the database named in ``text`` (full name, the name without its
    suffix when that is two characters or more, or an autonomous prefecture's short
    form 恩施州), longest names first, each once."""
    from gonghui.orgs.models import Region

    out: list[RegionMention] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for code, name in sorted(Region.objects.values_list("code", "name"),
                             key=lambda r: -len(r[1])):
        short = REGION_SUFFIX.sub("", name)
        forms = [name, short]
        if name.endswith(("自治州", "自治县")):  # 恩施土家族苗族自治州 is written 恩施州
            forms.append(name[:2] + name[-1])
        for form in forms:
            if len(form) < 2 or code in seen:
                continue
            for m in re.finditer(re.escape(form), text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                seen.add(code)
                out.append(RegionMention(name=form, code=code, region_name=name))
                break
    return out

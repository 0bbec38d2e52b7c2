"""Organisations and regions named in a text.

Organisation names are found on jieba's words (:func:`gonghui.ingest.segment.tokens`):

* **head**: a word ending in an organisation head from :data:`STRONG_HEADS` (总工会,
  工会, 有限公司, 集团 ...) or :data:`WEAK_HEADS` (局, 委员会, 中心, 学校, 医院, 协会,
  服务队, 分会, 车间 ...);
* **left edge**: from the head, words are taken leftwards while they can be part of a
  name (nouns, places, abbreviations, the verbs of :data:`NAME_VERBS` such as 帮扶 or
  援助, a bracketed (江干)); the name stops at punctuation, a preposition, conjunction,
  pronoun, adverb, numeral, time word, another verb (联合, 走进, 来到 ...) or a word of
  :data:`STOP_WORDS`. A conjunction inside a name is
  kept when the part after it could not stand alone (县人力资源和社会保障局);
* **chains**: a body named after its parent is one name (淳安县总工会职工服务中心,
  区总工会女职工委员会); when the body is a place (参观…活动中心, 在…车间里) the parent
  is named instead;
* **generic names** are left out: nothing but a region letter, determiners and generic
  words before the head (县总工会, 该公司工会, 各级工会, 省产业工会), and a weak head
  without a region, proper name or parent (劳模技术服务队, 城市文化中心).

Each name is then matched to the union tree (:class:`~gonghui.orgs.models.Union`) or to
an :class:`~gonghui.orgs.models.Enterprise` by exact name, else by the shortest known
name it ends with or that ends with it (杭州市江干区总工会 ↔ 江干区总工会); unmatched
names are proposed as new. Regions are matched to :class:`~gonghui.orgs.models.Region`
names, with or without their 省/市/县/区 suffix.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .segment import posseg, tokens

# A head that makes a name by itself (with two characters or more before it).
STRONG_HEADS = ("股份有限公司", "有限责任公司", "有限公司", "总工会", "联合工会", "工会")
# A head that needs a region, a proper name or a parent organisation before it (物业公司
# and 城市文化中心 are not names; 宁波供电公司 and 区职工法律援助中心 are).
WEAK_HEADS = ("分公司", "子公司", "公司", "集团", "委员会", "联合会", "促进会", "研究会", "协会",
              "学会", "商会", "总会", "分会", "慈善会", "基金会", "代表团", "红十字会", "妇联", "团委", "市委", "县委",
              "区委", "州委", "省委", "人民政府", "政府", "办事处", "管委会", "律师事务所", "事务所",
              "研究所", "派出所", "司法所", "财政所", "卫生所", "旅行社", "合作社", "扶贫办", "办公室",
              "服务队", "服务站", "工作站", "管理站", "卫生站", "血站", "车间", "中心", "研究院",
              "设计院", "卫生院", "医院", "法院", "检察院", "学院", "大学", "中学", "小学", "学校",
              "幼儿园", "银行", "分行", "支行", "委会", "文化宫", "俱乐部", "局", "厅", "处", "办", "院", "馆", "社", "厂", "委")
HEADS = tuple(sorted(STRONG_HEADS + WEAK_HEADS, key=len, reverse=True))
# Words that end like a head but name no body (服务大局, 新格局, 市委|常委, 好处).
NOT_HEADS = ("格局", "大局", "布局", "全局", "结局", "当局", "开局", "常委", "好处", "到处", "各处",
             "此处", "难处", "用处", "长处", "益处", "出处", "住处", "去处", "之处", "场馆",
             # verbs ending in 办 (由…主办的, 承办): not the office head 办 (扶贫办, 县委办)
             "主办", "承办", "协办", "举办", "创办", "开办", "督办", "交办", "代办", "帮办", "领办",
             "兴办", "合办", "筹办", "申办", "操办", "经办", "包办", "查办", "联办")
UNION_HEADS = ("总工会", "联合工会", "工会")
# A body after its parent that names a place (the parent is the organisation).
PLACE_HEADS = ("中心", "车间", "馆", "站", "室")
# Words that end a name on its left whatever their part of speech.
STOP_WORDS = frozenset((
    "在", "与", "和", "及", "以及", "或", "对", "向", "为", "由", "了", "是", "的", "到", "被", "将",
    "把", "让", "给", "从", "同", "跟", "等", "据", "以", "于", "并", "还", "都", "也", "已", "即", "就",
    "有", "经", "来自", "参观", "邀请", "感谢", "开展", "组织", "带领", "号召", "举办", "来到", "前往",
    "走进", "深入", "赴", "发现", "表示", "介绍", "指导", "联合", "携手", "会同", "依托", "围绕",
    "签订", "签署", "启动", "联系", "推进", "加强", "希望", "支持", "慰问", "走访", "看望", "成立",
    "加入", "授予", "表彰", "协调", "通过", "帮助", "对接", "谢谢", "随着", "就有", "推动", "召开",
    "主办", "承办", "协办", "牵头", "共建", "会同", "前来", "走入", "考察", "调研", "参加", "参与",
    "多家", "各级", "各", "该", "其", "本", "所属", "下属", "所在", "有关", "相关", "上级", "广大",
    "全市", "全县", "全区", "全省", "全国", "全镇", "全乡", "全体", "当地", "两地", "双方", "各地",
    "全州", "全盟", "全旗", "全系统", "全行业",  # autonomous prefectures, leagues, banners; sectors
    "代表",  # 代表|宁德时代新能源科技股份有限公司|出战: on behalf of
    "纪念", "庆祝", "庆贺", "迎接", "喜迎", "缅怀", "祭扫",  # 纪念|中华全国总工会|成立100周年
    # verbs of carrying out what a body decided (认真贯彻|省总工会|部署, 落实|市总工会|要求)
    "贯彻", "落实", "传达", "执行", "响应", "按照", "根据", "遵照", "对标",
))
# Scope words before a body's type (全市|工会法律援助服务站, 全县|职工服务中心): every such
# body of the place, generic like 各级工会.
SCOPE_WORDS = frozenset(("全市", "全县", "全区", "全省", "全镇", "全乡", "全州", "全盟", "全旗", "全系统", "全行业",
                         "各级", "各", "全体", "所属", "下属"))
# Heads of venues: where something takes place, not a body (芜湖奥体中心, 柯桥万达广场).
VENUE_HEADS = ("奥体中心", "体育中心", "健身中心", "会展中心", "会议中心", "博览中心", "展览中心", "体育馆", "体育场",
               "剧院", "广场", "公园", "博物馆", "博物院")
# Words before a head that do not name anything (县总工会, 省产业工会, 集团工会).
GENERIC_WORDS = frozenset((
    "各级", "各", "该", "其", "本", "基层", "行业", "产业", "企业", "单位", "部门", "县级", "市级", "区级",
    "乡镇", "街道", "区县", "开发区", "集聚区", "园区", "机关", "两地", "双方", "有关", "相关", "上级",
    "新", "全市", "全县", "全区", "全省", "全国", "全州", "全盟", "全旗", "全系统", "全行业", "当地", "所属", "下属", "省", "市", "县", "区", "州",
    "镇", "乡", "村", "社区", "职工", "我们", "我", "他们", "此", "这", "那", "这些", "一些",
))
# Verbs that are part of names (帮扶志愿者代表团, 法律援助中心).
NAME_VERBS = frozenset((
    "帮扶", "援助", "服务", "监督", "保障", "救助", "培训", "管理", "建设", "检查", "协作", "合作",
    "维权", "调解", "仲裁", "创新", "研究", "保护", "发展", "促进", "实践", "教育", "造血", "捐献",
    "快递", "外卖", "设计", "开发", "投资", "咨询", "运营", "制造", "建筑", "装饰", "安装", "物流",
    "运输", "供电", "供水", "养老", "医疗", "康复", "保健", "筹", "控股", "实业", "科技", "贸易",
    "振兴", "改革", "执法", "审批", "应急", "规划", "退役",  # 乡村振兴局, 发展和改革局
    "就业", "创业", "信访", "志愿",  # 安吉县就业管理服务中心
))
REGION_LETTERS = "省市县区州镇乡"
GENERIC_PLACES = frozenset(("城市", "农村", "城乡", "乡村", "城镇", "山区", "社区", "全国", "国际",
                            "沿海", "海外", "东西部", "内地", "地方", "当地", "西部", "东部", "中部",
                            "地区", "辖区", "片区", "城区", "库区", "景区", "厂区", "园区", "社区"))
_TIME_RE = re.compile(r"(年|月|日|以来|期间|时|初|底|末|前|后|晚)$|^(今|去|明|昨|近|上午|下午|当|本周|本月|本年|本季|上周|下周|每周|每月|上月|下月|同期)"
                      r"|^(现在|目前|如今|过去|以往|今后|此前|届时|届)$|届$")
_NUMERAL_RE = re.compile(r"^[0-9０-９.零〇一二两三四五六七八九十百千万亿余多几数第]+"
                         r"(?:名|家|个|位|支|批|些|项|件|次|场|人|户|所|条|天|年|届|种|类|级)?$")
_OPEN, _CLOSE = "(（", ")）"
_CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十]{1,3}")
_CLASSIFIERS = frozenset("名家个位支批项所条户座间")
_TITLE_AFTER_WEAK = ("试点", "建设", "项目", "工程", "改造", "体系", "机制", "平台")
# The government or party committee of the writer's own place named by its level only
# (市政府, 镇党委, 县委办): generic like 县总工会; with the place's name (宁波市委) a name.
GENERIC_LOCAL_RE = re.compile(r"^[省市县区州镇乡街](?:人民)?(?:政府|党委|党工委|纪委|委|委办|府办|政府办|人大|政协)$")
# Nouns a union's name modifies in set phrases (贡献工会力量, 发挥工会作用): not a name.
_UNION_QUALITIES = ("力量", "作用", "优势", "担当", "温度", "温暖", "智慧", "声音", "品牌", "特色",
                    "职能", "价值", "风采", "形象")
# Short names that are organisations without a head.
ALIASES = {"全总": "中华全国总工会"}
GENERIC = {"该公司工会", "全总"}


@dataclass
class OrgMention:
    """An organisation as written (``name``), where (``start``, ``end``), and what it was
    matched to: ``match_kind`` ``union``/``enterprise``/``new`` and ``match_id``;
    ``same_as`` the fuller name the article writes for the same body (``德清工会`` →
    ``湖州市德清县总工会``), ``group`` when it names a delegation or team."""

    name: str
    start: int
    end: int
    match_kind: str = "new"
    match_id: int | None = None
    match_name: str = ""
    same_as: str = ""  # the article's fuller name for the same body (see same_bodies)
    group: bool = False  # a delegation or team (see is_group), not an organisation

    def as_dict(self) -> dict:
        return asdict(self)


def _head(word: str, flag: str) -> str | None:
    """The organisation head ``word`` ends with, or ``None``. A one-letter head (局, 院)
    counts only on a noun (金海路|站 is a verb) and never alone."""
    if word.endswith(NOT_HEADS):
        return None
    for head in HEADS:
        if word.endswith(head):
            if flag.startswith(("d", "p", "c", "r", "u", "m", "q")):
                return None  # 总会 as "always"
            if len(head) == 1 and (len(word) == 1 or flag.startswith("v")):
                return None
            return head
    return None


def _heads_kept_whole(words: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """jieba's words with a head cut across two words put back together when what follows
    the head is a function word: 丽水|分|行为19户 → 丽水|分行|为 (the rest re-read on its
    own); 大学|会议室 is left alone."""
    out = list(words)
    k = 0
    while k + 1 < len(out):
        left, right = out[k], out[k + 1]
        for head in HEADS:
            if len(head) < 2:
                continue
            cut = next((i for i in range(1, len(head))
                        if left[0].endswith(head[:i]) and right[0].startswith(head[i:])
                        and len(right[0]) > len(head) - i
                        and right[0][len(head) - i] in "为在和与及的了对向将把被是于等从也还都已"), None)
            if cut is None:
                continue
            keep = left[0][: len(left[0]) - cut]
            rest = right[0][len(head) - cut:]
            new = ([(keep, left[1], left[2])] if keep else [])
            new.append((head, "n", left[2] + len(keep)))
            pos = left[2] + len(keep) + len(head)
            for w, f in posseg(rest):
                new.append((w, f, pos))
                pos += len(w)
            out[k:k + 2] = new
            break
        k += 1
    return out


def _org_tokens(text: str) -> list[list]:
    """jieba's words of ``text`` as ``[word, flag, start]``, a word with a head inside it
    split after the head (工会主席 → 工会|主席) and 联合|工会 joined."""
    out: list[list] = []
    for word, flag, start in _heads_kept_whole(tokens(text)):
        cut = None
        for head in HEADS:
            if len(head) >= 2:
                i = word.find(head)
                if 0 <= i and i + len(head) < len(word):
                    cut = i + len(head)
                    break
        if cut is not None:
            out.append([word[:cut], "n", start])
            rest = word[cut:]
            flags = list(posseg(rest))
            out.append([rest, flags[0][1] if len(flags) == 1 else "n", start + cut])
            continue
        if (len(word) == 2 and word[0] in "和与及同" and word[1] in REGION_LETTERS and out
                and _head(*out[-1][:2])):
            out.append([word[0], "c", start])  # 县总工会|和|县人民医院 (not 和县)
            out.append([word[1], "n", start + 1])
            continue
        if word == "公司" and out and out[-1][0] in ("有限责任", "股份有限", "有限"):
            out[-1] = [out[-1][0] + word, "n", out[-1][2]]  # 有限责任|公司: one legal form
            continue
        if word == "工会" and out and out[-1][0] == "联合":
            out[-1] = ["联合工会", "n", out[-1][2]]
            continue
        if (len(word) == 1 and word in HEADS and flag.startswith(("n", "j")) and out
                and (out[-1][1].startswith(("n", "j", "vn", "l", "a")) or out[-1][0] in NAME_VERBS)
                and len(out[-1][0]) >= 2):
            out[-1] = [out[-1][0] + word, "n", out[-1][2]]  # 妇幼保健|院, 乡村振兴|局
            continue
        if (flag.startswith("n") and len(word) >= 2 and word[0] not in _CLASSIFIERS and len(out) >= 2
                and out[-1][1] == "m" and len(out[-1][0]) == 1 and out[-1][0] in "一二三四五六七八九"
                and out[-2][1] == "ns"):
            out[-1] = [out[-1][0] + word, "n", out[-1][2]]  # 济南|二|机床 → 二机床: a numbered works
            continue
        out.append([word, flag, start])
    return out


def _is_region(word: str, flag: str) -> bool:
    if word in GENERIC_PLACES:
        return False
    if len(word) == 1:
        return word in REGION_LETTERS or flag == "ns"
    return flag == "ns" or (word[-1] in REGION_LETTERS and flag.startswith(("n", "j")))


def _is_proper(word: str, flag: str) -> bool:
    """A word that names something (a brand, a person-like or odd word jieba did not
    know, an abbreviation): it makes a weak head a name."""
    if flag in ("nr", "nrt", "nrfg", "nt", "nz", "j", "eng", "g"):
        return True
    if flag == "t" and not _TIME_RE.search(word):
        return True
    return flag == "m" and len(word) > 1 and not _NUMERAL_RE.match(word)


_STOP_VERBS = tuple(w for w in STOP_WORDS if len(w) >= 2 and w not in SCOPE_WORDS)


def _inside(word: str, flag: str) -> bool:
    """Whether a word may be part of an organisation name (see the module doc)."""
    if word in STOP_WORDS or not word.strip() or word.endswith("届"):  # 新一届|镇总工会
        return False
    if flag in ("l", "i") and any(v in word for v in _STOP_VERBS):
        return False  # 紧紧围绕|中心: an idiom holding a verb that ends a name
    if re.fullmatch(r"[两二三四五六七八九十]级", word):  # 县、乡、村三级|工会: levels, no name
        return False
    if flag.startswith("v") and flag != "vn":
        return word in NAME_VERBS
    if flag == "m":
        if re.fullmatch(r"第[一二三四五六七八九十]", word):  # 第一医院, 第二炼钢厂
            return True
        return len(word) > 1 and not _NUMERAL_RE.match(word)
    if flag in ("t", "i"):
        return not _TIME_RE.search(word)
    if flag == "f":
        return len(word) > 1 and word not in ("以来", "之间", "以上", "以下", "期间", "之中", "当中")
    if flag.startswith(("p", "c", "u", "r", "d", "q", "y", "e", "o", "w", "x", "ad", "z")):
        return flag == "zg" or False
    return True


def _single_glue(word: str, flag: str) -> bool:
    """A one-letter word jieba split off a name (中|天|建设集团, 、下|城区总工会)."""
    return (len(word) == 1 and "\u4e00" <= word <= "\u9fff" and word not in STOP_WORDS
            and word not in "的了着过是在和与及或等对向为由把被将让给从同跟以于并还都也已即就有"
            and not _NUMERAL_RE.match(word) and not _TIME_RE.search(word)
            and not flag.startswith(("p", "c", "u", "r", "d", "y", "e", "o")))


# Legal forms and 集团: a company's name, whose brand may be any word (湖北|兴发|化工集团,
# 陕西|延长|石油（集团）, 安踏（中国）有限公司).
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团")
# Verbs that act on a company named after them, not part of its brand (推荐|宁波…).
_NOT_BRANDS = frozenset(("推荐", "选派", "动员", "发动", "要求", "鼓励", "引导", "推动", "督促", "帮扶",
                         "服务", "入驻", "落户", "进驻", "联手", "携", "协同", "配合", "委托", "资助"))


def _brand_verb(toks: list[list], j: int, i: int) -> bool:
    """Whether word ``j - 1``, a two-letter verb to jieba, is the brand of the company named
    by words ``j..i`` (which hold a legal form or 集团): right after a region
    (湖北|兴发|化工集团股份有限公司, 陕西|延长|石油（集团）有限责任公司) or opening its
    clause before a bracket (安踏|（中国）有限公司). Verbs of :data:`STOP_WORDS` and
    :data:`_NOT_BRANDS` act on the company and are never its brand."""
    word, flag, _s = toks[j - 1]
    if (len(word) != 2 or not flag.startswith("v") or word in STOP_WORDS or word in _NOT_BRANDS
            or word in NAME_VERBS):
        return False
    if not any(t[0].endswith(LEGAL_FORMS) for t in toks[j:i + 1]):
        return False
    before = toks[j - 2] if j >= 2 else None
    if before is not None and before[1] == "ns" and len(before[0]) >= 2 and before[0] not in GENERIC_PLACES:
        return True
    if (before is not None and before[1].startswith(("n", "j")) and before[1] != "ns"
            and before[0] not in STOP_WORDS and before[0] not in GENERIC_WORDS and len(before[0]) >= 2
            and toks[j][1].startswith(("n", "j")) and toks[j][0] not in LEGAL_FORMS):
        return True  # 三花|智能|控制|股份有限公司: a verb between two nouns of the name
    at_clause_start = before is None or before[0] in "，,。；;、：:！？!?“”\" 　\n"
    return at_clause_start and toks[j][0][:1] in _OPEN


def _walk_left(toks: list[list], i: int) -> int:
    """Index of the first word of the name whose head is word ``i``."""
    j = i
    brand = -1  # a brand jieba read as a verb (see _brand_verb): the name may start there
    while j > 0:
        word, flag, _s = toks[j - 1]
        if word and word[-1] in _CLOSE + "”":  # a bracketed or quoted part: (江干), “娘家人”
            opener = "“" if word[-1] == "”" else _OPEN
            k = j - 1
            while k > 0 and not (toks[k][0] and toks[k][0][0] in opener) and j - k < 6:
                k -= 1
            inner = [t for t in toks[k + 1:j - 1] if t[0].strip()]
            if opener != "“" and inner and all(_NUMERAL_RE.match(t[0]) for t in inner):
                break  # （一）常山县总工会…: an enumerator, not part of the name
            if toks[k][0] and toks[k][0][0] in opener and not any(
                    t[0] in "，,。；;、：:！？!?" for t in toks[k:j]) and not (
                    opener == "“" and inner and all(t[1].startswith("v") and t[1] != "vn" for t in inner)):
                j = k  # (江干), “娘家人” are part of a name; “问诊” (a verb) is not
                continue
            break
        here_word, here_flag = toks[j][:2]
        if len(here_word) == 1 and here_word in REGION_LETTERS and len(word) == 1:
            # 西湖区|三|墩|镇总工会: a place jieba cut into letters (a numeral may open it)
            k = j - 1
            while (k >= 0 and j - k <= 2 and len(toks[k][0]) == 1 and "\u4e00" <= toks[k][0] <= "\u9fff"
                   and toks[k][0] not in STOP_WORDS and toks[k][0] not in "的了着过是在和与及或等对向为由把被将让给从同跟以于并还都也已即就有"):
                k -= 1
            if k >= 0 and k < j - 1 and toks[k][1] == "ns" and len(toks[k][0]) >= 2 and (
                    toks[k][0][-1] in REGION_LETTERS):
                j = k + 1
                continue
        if len(here_word) == 1 and here_word in REGION_LETTERS and len(word) == 2 and (
                flag.startswith(("v", "a", "n", "j")) and word not in STOP_WORDS
                and word not in GENERIC_WORDS and not _TIME_RE.search(word)):
            j -= 1  # 奉化|区总工会: a place name jieba read as a verb
            continue
        if (_single_glue(word, flag) and not _inside(word, flag) and j >= 2
                and (_is_region(*toks[j - 2][:2]) or _is_proper(*toks[j - 2][:2]))
                and (_is_region(here_word, here_flag) or here_flag == "ns")):
            j -= 1  # 南浔区|练|市镇, 鄞州区|中|河: a place jieba cut in pieces
            continue
        if not (_inside(word, flag) or _head(word, flag)) and _brand_verb(toks, j, i):
            j -= 1
            brand = j
            continue
        if (len(word) == 1 and _NUMERAL_RE.match(word) and not word.isdigit() and j >= 2
                and toks[j - 2][1] == "ns" and here_flag.startswith("n") and len(here_word) == 1
                and any(t[0].endswith(LEGAL_FORMS) for t in toks[j:i + 1])):
            j -= 1  # 浙江|三|花|智能…有限公司: a numeral opening a brand (三花, 五芳斋)
            brand = j
            continue
        if (_CHINESE_NUMERAL.fullmatch(word) and len(here_word) >= 2 and here_word not in LEGAL_FORMS
                and any(t[0].endswith(LEGAL_FORMS) for t in toks[j:i + 1])):
            # 。三|一|重工股份有限公司, 八一|钢铁…: Chinese numerals opening a clause open a
            # company's brand (a count has a classifier: 三家|有限公司)
            k = j - 1
            while k > 0 and _CHINESE_NUMERAL.fullmatch(toks[k - 1][0]) and len(
                    "".join(t[0] for t in toks[k - 1:j])) <= 4:
                k -= 1
            if k == 0 or toks[k - 1][0] in "，,。；;！？!?：:\n":
                j = k
                brand = j
            break
        if not (_inside(word, flag) or _head(word, flag)):
            # one-letter words between the clause start and the name: 中|天|建设集团
            k = j - 1
            while k >= 0 and _single_glue(*toks[k][:2]):
                k -= 1
            if k < j - 1 and (k < 0 or toks[k][0] in "，,。；;、：:！？!?“”\" 　\n"
                              or toks[k][0] in STOP_WORDS or toks[k][1].startswith(("p", "c"))):
                j = k + 1
            break
        j -= 1
    # a name does not start with a verb or a generic word (该|公司工会), but a region
    # letter stays (区|人力社保局) and so does a place jieba read as a verb (奉化|区)
    while j < i and j != brand:
        word, flag, _s = toks[j]
        if len(word) == 1 and word in REGION_LETTERS:
            break
        if toks[j + 1][0] in REGION_LETTERS and len(word) == 2 and word not in STOP_WORDS:
            break
        if not (word in GENERIC_WORDS or word in STOP_WORDS
                or (flag.startswith("v") and flag != "vn" and len(word) > 1)):
            break
        j += 1
    return j


def _region_start(toks: list[list], j: int, i: int) -> int:
    """Where a name really starts when its words ``j..i`` open with common words and then
    a region written with its suffix (对口帮扶地区|贵州省黔东南苗族侗族自治州总工会): at that
    region. Names that open with a region or a proper name (中国银行嘉兴分行) are kept."""
    for k in range(j + 1, i):
        word, flag, _s = toks[k]
        if (len(word) >= 3 and word[-1] in "省市县区州" and flag == "ns"
                and word not in GENERIC_WORDS and word not in GENERIC_PLACES):
            if not any(_is_region(w, f) or _is_proper(w, f) or _head(w, f)
                       or w[:1] in _OPEN + "“" for w, f, _s2 in toks[j:k]):
                return k
            heads = [h for h in range(j, k) if _head(*toks[h][:2])]
            if heads and heads[-1] < k - 1 and not any(
                    _is_region(*t[:2]) or t[0][:1] in _OPEN + _CLOSE for t in toks[heads[-1] + 1:k]):
                return k  # 县总工会|委托|长兴县人民医院: a body, a verb, then another named body
            break
    return j


def _names_something(toks: list[list], j: int, i: int) -> bool:
    """Whether words ``j..i`` hold a region (or start with a region letter: 市人社局), a
    proper name or a parent organisation."""
    if toks[j][0][:1] in REGION_LETTERS:
        return True
    if any(_is_region(w, f) or _is_proper(w, f) or _head(w, f)
           for w, f, _s in toks[j:i]):
        return True
    word, flag, _s = toks[i]  # the head's own word: only what stands before the head
    prefix = word[: len(word) - len(_head(word, flag) or "")]
    return bool(prefix) and (prefix[0] in REGION_LETTERS or (
        len(prefix) > 1 and prefix[-1] in REGION_LETTERS and prefix not in GENERIC_PLACES))


def _core(toks: list[list], j: int, i: int) -> str:
    """The words of a name without its heads, brackets and generic words."""
    core = ""
    depth = 0
    for word, flag, _s in toks[j:i + 1]:
        if word[:1] in _OPEN:
            depth += 1
        if depth or word in GENERIC_WORDS:
            pass
        else:
            head = _head(word, flag)
            core += word[: len(word) - len(head)] if head else word
        if word[-1:] in _CLOSE:
            depth = max(0, depth - 1)
    return core if core not in GENERIC_WORDS else ""


def _slogan(text: str, start: int, first: list) -> bool:
    """Whether a name starting at ``start`` with word ``first`` stands inside a quoted
    slogan: an opening quote before it that is not closed, and the name opening with
    neither a region nor a proper name (“热血工会人”, “红色工会 热血传递”; a quoted
    “宁波市总工会” is a name)."""
    line = text[:start].rsplit("\n", 1)[-1]
    if line.count("“") <= line.count("”"):
        return False
    return not (_is_region(*first[:2]) or _is_proper(*first[:2]))


def find_org_names(text: str) -> list[OrgMention]:
    """Organisation names in ``text`` (one paragraph), in order, each once per position
    (see the module doc for the rules)."""
    toks = _org_tokens(text)
    found: list[OrgMention] = []
    i = len(toks) - 1
    while i >= 0:
        word, flag, start = toks[i]
        head = _head(word, flag)
        if head is None:
            i -= 1
            continue
        # a weak head followed by what it modifies (实践中心|试点县) is not a name
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if head in WEAK_HEADS and nxt.startswith(_TITLE_AFTER_WEAK):
            i -= 1
            continue
        if head in UNION_HEADS and nxt.startswith(_UNION_QUALITIES):
            i -= 1  # 贡献|工会|力量: the union's strength, no name
            continue
        j = _walk_left(toks, i)
        weak = head in WEAK_HEADS
        if (weak and j >= 2 and toks[j - 1][0] in ("和", "及", "与")
                and not _names_something(toks, j, i) and _inside(*toks[j - 2][:2])
                and not _head(*toks[j - 2][:2])):
            j = _walk_left(toks, j - 2)  # 县人力资源和社会保障局
        j = _region_start(toks, j, i)
        # a counted common noun is not a name (8家|码头公司, 10个|产业工会)
        counted = j > 0 and (_NUMERAL_RE.match(toks[j - 1][0]) or (
            toks[j - 1][0] in _CLASSIFIERS and j > 1 and _NUMERAL_RE.match(toks[j - 2][0])))
        heads = [k for k in range(j, i + 1) if _head(*toks[k][:2])]
        end_index = i
        if len(heads) >= 2 and head.endswith(PLACE_HEADS):
            locative = nxt[:1] in ("里", "内", "中", "外", "旁")
            clause_start = max((k for k in range(j) if toks[k][0] in "，,。；;！？!?"), default=-1)
            visiting = any(toks[k][0] in ("参观", "来到", "走进", "前往", "深入", "走访", "考察")
                           for k in range(clause_start + 1, j))
            if locative or visiting:
                end_index = heads[-2]
        s, e = toks[j][2], toks[end_index][2] + len(toks[end_index][0])
        name = text[s:e]
        while name and name[0] in _OPEN + _CLOSE:
            name, s = name[1:], s + 1
        last_head = _head(*toks[end_index][:2]) or ""
        core = _core(toks, j, end_index)
        type_word = (i > j and toks[i - 1][0] in ("基层", "企业") and not head.endswith("公司")
                     and not head.endswith(("联合会", "协会", "商会")))  # 鄞州区企业联合会 is a name
        scoped = j > 0 and toks[j - 1][0] in SCOPE_WORDS and not _is_region(*toks[j][:2])
        titled = text[:s].count("《") > text[:s].count("》")  # 《山海协作工会结对帮扶协议》
        # 区法院, 县妇联 name a body; 县总工会 is the writer's own union, not a name
        local = (name[:1] in REGION_LETTERS and len(last_head) >= 2 and len(core) <= 1
                 and not last_head.endswith(UNION_HEADS) and core not in GENERIC_WORDS - set(REGION_LETTERS)
                 and len(name) - len(last_head) == 1 + len(core))
        if _after_byline_role(toks, j):
            i = j - 1  # 通讯员 马骏|总工会: a person's name, then the next line's body
            continue
        if _slogan(text, s, toks[j]) or text[e:e + 1] == "杯":
            # “热血工会人”, “红色工会 热血传递”: a campaign's slogan; “西湖工会杯”: a cup
            i = j - 1
            continue
        ok = (not counted and not type_word and not scoped and not titled and not name.endswith(VENUE_HEADS) and name not in GENERIC and not GENERIC_LOCAL_RE.match(name) and name[:1] not in "各该" and (len(core) >= 2 or local) and not re.search(r"[0-9]", name)
              and name.count("(") + name.count("（") == name.count(")") + name.count("）"))
        if ok and last_head in WEAK_HEADS and len(heads) < 2 and end_index == i:
            ok = _names_something(toks, j, end_index)
        if ok and end_index != i and last_head in WEAK_HEADS:
            ok = _names_something(toks, j, end_index)
        if ok and _trains_members(toks, j, i):
            ok = False  # 为陇南|培训|工会|干部: training the union's officers, no name
        if ok:
            found.append(OrgMention(name=name, start=s, end=e))
        i = j - 1
    for alias in ALIASES:
        for m in re.finditer(alias, text):
            found.append(OrgMention(name=alias, start=m.start(), end=m.end()))
    found.sort(key=lambda o: o.start)
    return found


# A verb of serving people between a place and 工会, with the union's people after it (为陇南
# 培训工会干部): the union's people are the verb's object, and no body is named.
_SERVING_VERBS = frozenset(("培训", "培养", "输送", "选派", "帮助", "慰问", "表彰", "推荐", "招聘"))
_UNION_PEOPLE = ("干部", "会员", "骨干", "积极分子", "工作者", "主席", "人员")


def _trains_members(toks: list[list], j: int, i: int) -> bool:
    """Whether words ``j..i`` read place, a verb of serving (:data:`_SERVING_VERBS`) and the
    union head, with the union's people next (陇南|培训|工会|干部)."""
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    return (i - j == 2 and toks[j][1].startswith(("n", "j")) and toks[j + 1][0] in _SERVING_VERBS
            and toks[i][0] in UNION_HEADS and nxt.startswith(_UNION_PEOPLE))


# Words that name a person's role before the person's name (通讯员 马骏, 摄影 刘洋): a name
# after them is a person, and a union head behind it belongs to another line or clause.
BYLINE_ROLES = frozenset(("记者", "通讯员", "摄影", "摄", "图", "文", "作者", "编辑", "责编", "供稿",
                          "撰稿", "实习生", "特约记者", "见习记者"))


def _after_byline_role(toks: list[list], j: int) -> bool:
    """Whether word ``j`` is a person's name (jieba's nr) standing right after a byline role
    (本报记者 孙立新 通讯员 马骏|总工会…: a column-merged line, not 马骏总工会)."""
    if not toks[j][1].startswith("nr"):
        return False
    k = j - 1
    while k >= 0 and not toks[k][0].strip():
        k -= 1
    if k < 0:
        return False
    word = toks[k][0]
    return word in BYLINE_ROLES or word.endswith(("记者", "通讯员"))


# Heads of groups of people (a delegation, a team): named, but not organisations
# (annotation conventions, docs/ingest.md); a delegation is proposed as a pairing
# Delegation instead.
GROUP_HEADS = ("代表团", "服务队", "志愿队", "突击队", "小分队", "工作组", "小组", "宣讲团", "服务团")
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")


def is_group(name: str) -> bool:
    """Whether ``name`` names a group of people (杭州市工会帮扶志愿者代表团, 三门县总工会劳模
    工匠服务队) rather than a body."""
    return name.endswith(GROUP_HEADS)


def _regions_only(prefix: str) -> bool:
    """Whether ``prefix`` is made of region names only (湖北省, 上饶市, 杭州市江干区)."""
    words = [(w, f) for w, f in posseg(prefix)]
    out = bool(words)
    for w, f in words:
        out = out and (_is_region(w, f) and (len(w) >= 2 or w in REGION_LETTERS))
    return out and prefix[-1:] in REGION_LETTERS + "盟"


# The nationalities and 自治 of an autonomous prefecture's or county's name, which its
# short form leaves out (凉山彝族自治州 → 凉山州, 恩施土家族苗族自治州 → 恩施州).
_NATIONALITIES = ("彝", "回", "藏", "苗", "侗", "土家", "壮", "蒙古", "维吾尔", "哈萨克", "朝鲜", "满",
                  "瑶", "白", "傣", "哈尼", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "纳西",
                  "景颇", "柯尔克孜", "土", "羌", "布依", "仡佬", "仫佬", "毛南", "撒拉", "锡伯")
AUTONOMOUS_RE = re.compile(rf"(?:(?:{'|'.join(sorted(_NATIONALITIES, key=len, reverse=True))})族)+自治(?=[州县旗])")


def _short_form_of(short: str, full: str) -> bool:
    """Whether ``short`` is how an article writes ``full`` again, more briefly: without
    its leading regions (恩施州总工会 for 湖北省恩施州总工会), as the place's name and 工会
    (德清工会 for 湖州市德清县总工会, 温州工会 for 温州市总工会, 德化县工会 for 德化县总工会),
    or without the company's legal form and leading region (舟山港务集团 for
    浙江舟山港务集团有限公司), or without the company's
    legal form (中天建设集团工会 for 中天建设集团有限公司工会)."""
    if short == full or len(short) >= len(full):
        return False
    plain = AUTONOMOUS_RE.sub("", full)
    if plain != full and (short == plain or _short_form_of(short, plain)):
        return True  # 凉山州总工会 for 凉山彝族自治州总工会
    if full.endswith(short) and len(short) >= 4 and _regions_only(full[: -len(short)]):
        return True
    if (short[:1] in REGION_LETTERS and len(short) >= 4 and full.endswith(short[1:])
            and full[: -len(short) + 1].endswith(short[0])
            and re.fullmatch(rf"[\u4e00-\u9fff]{{2,8}}[{REGION_LETTERS}]", full[: -len(short) + 1])):
        return True  # 县人民医院 for 安吉县人民医院: the place by its level only
    if short.endswith("工会") and not short.endswith("总工会"):
        place = short[:-2]
        letter = "?" if place[-1:] in REGION_LETTERS else ""  # 德化县工会 for 德化县总工会
        if len(place) >= 2 and re.search(
                rf"{re.escape(place)}[{REGION_LETTERS}]{letter}(?:总)?工会$", full):
            return True
    for form in _LEGAL_FORMS:  # 中天建设集团工会; 舟山港务集团 for 浙江舟山港务集团有限公司
        if form in full:
            bare = full.replace(form, "", 1)
            if bare == short or (len(short) >= 4 and bare.endswith(short)
                                 and _regions_only_or_province(bare[: -len(short)])):
                return True
    return False


def _regions_only_or_province(prefix: str) -> bool:
    """A leading region of a company's name, with or without its suffix (浙江, 湖北省)."""
    words = list(posseg(prefix))
    return bool(words) and all(f == "ns" or (_is_region(w, f) and len(w) >= 2) for w, f in words)


def same_bodies(names: list[str]) -> dict[str, str]:
    """``{short name: full name}`` for the names of one article that are short forms
    (:func:`_short_form_of`) of another of its names, each to the longest such name."""
    out: dict[str, str] = {}
    for short in names:
        fuller = [n for n in names if _short_form_of(short, n)]
        if fuller:
            out[short] = max(fuller, key=len)
    return out


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


_REGION_FORMS: tuple[tuple, list] = ((), [])


def _region_forms() -> list[tuple[str, str, list[str]]]:
    """``(code, name, forms)`` of every region, longest names first, kept per process
    and rebuilt when the regions table changes (its row count and largest code, one
    small query): 1,593 regions would otherwise be read, and their forms compiled as
    regular expressions, for every article (about 1 s per article)."""
    from django.db.models import Count, Max

    from gonghui.orgs.models import Region

    global _REGION_FORMS
    signature = tuple(Region.objects.aggregate(n=Count("code"), top=Max("code")).values())
    if _REGION_FORMS[0] != signature:
        rows = []
        for code, name in sorted(Region.objects.values_list("code", "name"),
                                 key=lambda r: -len(r[1])):
            forms = [name, REGION_SUFFIX.sub("", name)]
            if name.endswith(("自治州", "自治县")):  # 恩施土家族苗族自治州 is written 恩施州
                forms.append(name[:2] + name[-1])
            rows.append((code, name, [f for f in forms if len(f) >= 2]))
        _REGION_FORMS = (signature, rows)
    return _REGION_FORMS[1]


def find_regions(text: str) -> list[RegionMention]:
    """Regions of the database named in ``text`` (full name, the name without its
    suffix when that is two characters or more, or an autonomous prefecture's short
    form 恩施州), longest names first, each once."""
    out: list[RegionMention] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for code, name, forms in _region_forms():
        for form in forms:
            if code in seen:
                continue
            start = text.find(form)
            while start != -1:
                if not any(s <= start < e for s, e in taken):
                    taken.append((start, start + len(form)))
                    seen.add(code)
                    out.append(RegionMention(name=form, code=code, region_name=name))
                    break
                start = text.find(form, start + 1)
    return out

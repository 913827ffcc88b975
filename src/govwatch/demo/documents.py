"""The document model of the simulated sites: corpus seeds, derived report variants and decoys.

Everything here is plain data. The ground truth of the demo (``SimulatedSites.expected()``) is
read from these objects, never from govwatch's extractor. Paragraph text is kept in the NFKC form
of the corpus (ASCII ``,:;()``); the page templates print it with full-width punctuation, as real
sites do, so ``unicodedata.normalize("NFKC", page_text) == paragraph``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

Kind = Literal["report", "decoy"]

#: Canonical disclosure-table keys carried by documents (发布日期 is ``published``).
FIELD_KEYS: tuple[str, ...] = ("索引号", "发布机构", "文号", "主题分类", "成文日期")


def stable_int(text: str, modulo: int | None = None) -> int:
    """A deterministic integer derived from ``text`` (crc32), optionally reduced modulo ``modulo``."""
    value = zlib.crc32(text.encode("utf-8"))
    return value % modulo if modulo else value


@dataclass(frozen=True)
class Place:
    """An administrative place: ``city`` is the prefecture (or municipality), ``county`` may be empty."""

    province: str
    city: str
    county: str
    unit: str  # 区 / 县 / 市: the unit the text speaks of ("我区", "全县")
    org_code: str  # prefix of 索引号 (统一社会信用代码-like)

    @property
    def name(self) -> str:
        """The place's own name: 曾都区, 中卫市."""
        return self.county or self.city

    @property
    def full(self) -> str:
        """Name with the prefecture: 随州市曾都区, 中卫市."""
        return self.city + self.county if self.county else self.city

    @property
    def short(self) -> str:
        """Name without its unit: 曾都, 中卫."""
        return self.name[:-1]

    @property
    def gov(self) -> str:
        return f"{self.full}人民政府"

    @property
    def region(self) -> list[str]:
        return [p for p in (self.province, self.city, self.county) if p]


@dataclass(frozen=True)
class Document:
    """One simulated document (a report or a decoy) as it is published, independent of any site."""

    id: str
    title: str
    published: str  # YYYY-MM-DD (发布日期)
    publisher: str
    paragraphs: tuple[str, ...]
    kind: Kind
    report_year: int | None
    place: str
    fields: dict[str, str] = field(default_factory=dict, compare=True, hash=False)
    time: str = "09:00"  # HH:MM of publication, used in PubDate metas
    source: str = ""  # 信息来源 shown in the byline; defaults to the publisher
    seed: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def info_source(self) -> str:
        return self.source or self.publisher

    @property
    def pub_datetime(self) -> str:
        return f"{self.published} {self.time}"

    def replace(self, **changes: object) -> Document:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- corpus

SEED_PLACES: dict[str, Place] = {
    "zengdu-2024": Place("湖北省", "随州市", "曾都区", "区", "11421303011054322X"),
    "qijiang-2021": Place("重庆市", "重庆市", "綦江区", "区", "11500222009306917N"),
    "qingjiangpu-2023": Place("江苏省", "淮安市", "清江浦区", "区", "11320802014079853M"),
    "zhongwei-2019": Place("宁夏回族自治区", "中卫市", "", "市", "11640500MB1553124F"),
    "haiyan-reply-2023": Place("浙江省", "嘉兴市", "海盐县", "县", "113304240025560106"),
}


@cache
def _seed_json(seed_id: str) -> dict[str, object]:
    path = resources.files("govwatch.demo").joinpath("corpus", f"{seed_id}.json")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def seed(seed_id: str) -> Document:
    """A corpus text as a :class:`Document` (unchanged)."""
    data = _seed_json(seed_id)
    fields = data.get("fields") or {}
    assert isinstance(fields, dict)
    paragraphs = data["paragraphs"]
    assert isinstance(paragraphs, list)
    year = data.get("report_year")
    return Document(
        id=str(data["id"]),
        title=str(data["title"]),
        published=str(data["published"]),
        publisher=str(data["publisher"]),
        paragraphs=tuple(str(p) for p in paragraphs),
        kind="report" if data.get("kind") == "report" else "decoy",
        report_year=int(year) if isinstance(year, int) else None,
        place=str(data["place"]),
        fields={str(k): str(v) for k, v in fields.items()},
        time=f"{9 + stable_int(str(data['id']), 8):02d}:{stable_int(str(data['id']) + 'm', 60):02d}",
        seed=str(data.get("seed") or data["id"]),
    )


def seed_ids() -> list[str]:
    return sorted(SEED_PLACES)


# --------------------------------------------------------------------------- text transforms

_UNIT_WORDS = (
    "我{u}",
    "全{u}",
    "{u}委",
    "{u}政府",
    "{u}级",
    "依法治{u}",
    "{u}长",
    "{u}人大",
    "{u}直",
    "本{u}",
    "{u}司法局",
    "{u}法院",
    "{u}检察院",
    "{u}政协",
    "{u}属",
    "示范{u}",
    "各{u}直",
)
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
_DATE_LINE = re.compile(r"^\d{4}年?\d{1,2}月?\d{1,2}日$|^\d{6,8}日$")


def _cut(name: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def place_mapping(src: Place, dst: Place) -> dict[str, str]:
    """Replacement pairs that move a text from ``src`` to ``dst``."""
    pairs: dict[str, str] = {}

    def add(old: str, new: str) -> None:
        if old and old != new and old not in pairs:
            pairs[old] = new

    add(src.full, dst.full if src.county else dst.name)
    add(src.name, dst.name)
    add(src.short, dst.short)
    if src.county and src.city != src.province:
        add(src.city, dst.city)
        add(_cut(src.city, ("市",)), _cut(dst.city, ("市",)))
    if src.province != src.city:
        add(src.province, dst.province)
        add(
            _cut(src.province, ("回族自治区", "壮族自治区", "维吾尔自治区", "自治区", "省", "市")),
            _cut(dst.province, ("回族自治区", "壮族自治区", "维吾尔自治区", "自治区", "省", "市")),
        )
    if src.province.endswith("自治区") and not dst.province.endswith("自治区"):
        add("自治区党委和政府", "省委和省政府")
        add("自治区党委", "省委")
        add("自治区", "省")
    if src.unit != dst.unit:
        for w in _UNIT_WORDS:
            add(w.format(u=src.unit), w.format(u=dst.unit))
    return pairs


def substitute(text: str, mapping: dict[str, str]) -> str:
    """Replace all keys of ``mapping`` in one pass, longest first (no chained replacements)."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def shift_years(text: str, delta: int, lo: int, hi: int) -> str:
    """Add ``delta`` to every four-digit year in [lo, hi] (numbers inside longer digit runs untouched)."""
    if not delta:
        return text

    def repl(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + delta) if lo <= y <= hi else m.group(1)

    return _YEAR.sub(repl, text)


def is_heading(paragraph: str) -> bool:
    return bool(_HEADING.match(paragraph)) and len(paragraph) < 60


def vary(paragraphs: list[str], rng: random.Random, drop: int = 1, swap: bool = True) -> list[str]:
    """Drop ``drop`` body paragraphs and swap one adjacent pair, deterministically from ``rng``."""
    n = len(paragraphs)
    candidates = [i for i in range(1, n - 2) if not is_heading(paragraphs[i]) and len(paragraphs[i]) > 60]
    out = list(paragraphs)
    if swap:
        pairs = [i for i in candidates if i + 1 in candidates]
        if pairs:
            i = rng.choice(pairs)
            out[i], out[i + 1] = out[i + 1], out[i]
    if drop and len(candidates) > drop + 2:
        gone = set(rng.sample(candidates, drop))
        out = [p for i, p in enumerate(out) if i not in gone]
    return out


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def add_days(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def make_fields(
    place: Place,
    doc_id: str,
    published: str,
    publisher: str,
    *,
    wenhao: str = "",
    topic: str = "综合政务",
    agency: str = "",
) -> dict[str, str]:
    """Disclosure-table fields for a derived document; 成文日期 lies a few days before publication."""
    written = add_days(published, -(1 + stable_int(doc_id + "w", 9)))
    out = {
        "索引号": f"{place.org_code}/{published[:4]}-{10000 + stable_int(doc_id, 89999):05d}",
        "发布机构": agency or publisher,
        "主题分类": topic,
        "成文日期": written,
    }
    if wenhao:
        out["文号"] = wenhao
    return {k: out[k] for k in FIELD_KEYS if k in out}


def derive(
    base: Document,
    *,
    doc_id: str,
    place: Place,
    year: int,
    title: str,
    publisher: str = "",
    published: str | None = None,
    drop: int = 1,
    swap: bool = True,
    wenhao: str = "",
    with_fields: bool = True,
    intro: str | None = None,
    agency: str = "",
) -> Document:
    """A report variant of ``base`` for ``place`` and report ``year``.

    Place names and years are substituted consistently, a few paragraphs are dropped or swapped,
    a signature (publisher + date) is rebuilt when the seed had one.
    """
    src_place = SEED_PLACES.get(base.id)
    mapping = place_mapping(src_place, place) if src_place else {}
    base_year = base.report_year or int(base.published[:4])
    delta = year - base_year
    lo, hi = base_year - 6, base_year + 3
    paragraphs = [shift_years(substitute(p, mapping), delta, lo, hi) for p in base.paragraphs]
    signature: list[str] = []
    if paragraphs and _DATE_LINE.match(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
        if paragraphs and len(paragraphs[-1]) < 24 and not paragraphs[-1].endswith("。"):
            paragraphs = paragraphs[:-1]
        signature = ["__SIGNATURE__"]
    rng = random.Random(doc_id)
    paragraphs = vary(paragraphs, rng, drop=drop, swap=swap)
    if intro is not None:
        paragraphs[0] = intro
    pub = published or f"{year + 1}{base.published[4:]}"
    who = publisher or place.gov
    fields = make_fields(place, doc_id, pub, who, wenhao=wenhao, agency=agency) if with_fields else {}
    if signature:
        written = date.fromisoformat(fields.get("成文日期") or add_days(pub, -3))
        paragraphs += [who, cn_date(written)]
    h = stable_int(doc_id)
    return Document(
        id=doc_id,
        title=title,
        published=pub,
        publisher=who,
        paragraphs=tuple(paragraphs),
        kind=base.kind,
        report_year=year if base.kind == "report" else None,
        place=place.full,
        fields=fields,
        time=f"{8 + h % 9:02d}:{(h >> 4) % 60:02d}",
        seed=base.seed,
    )


def edit(doc: Document) -> Document:
    """The "edited" later version: one sentence changed and one paragraph added."""
    paragraphs = list(doc.paragraphs)
    idx = next(
        i
        for i, p in enumerate(paragraphs)
        if i > 1 and not is_heading(p) and re.search(r"\d", p) and p.count("。") >= 2
    )
    sentences = paragraphs[idx].split("。")
    k = next(j for j, s in enumerate(sentences) if re.search(r"\d+", s))
    m = re.search(r"\d+", sentences[k])
    assert m is not None
    n = int(m.group(0))
    sentences[k] = sentences[k][: m.start()] + str(n + 50 if n >= 100 else n + 3) + sentences[k][m.end() :]
    paragraphs[idx] = "。".join(sentences)
    added = (
        f"此外,{doc.report_year}年还组织开展了行政执法案卷评查“回头看”,对发现的问题逐项建立台账、"
        "明确整改时限,整改完成率达到100%,执法规范化水平进一步提升。"
    )
    paragraphs.insert(idx + 1, added)
    return doc.replace(paragraphs=tuple(paragraphs))


# --------------------------------------------------------------------------- decoys


def _pub_time(doc_id: str) -> str:
    h = stable_int(doc_id)
    return f"{8 + h % 9:02d}:{(h >> 5) % 60:02d}"


def interpretation(
    report: Document,
    place: Place,
    *,
    doc_id: str,
    published: str,
    shape: Literal["政策解读", "文字解读"] = "政策解读",
) -> Document:
    """A 解读 page about ``report``: quotes it, lists its parts, but is not a report."""
    title = (
        f"【政策解读】《{report.title}》解读"
        if shape == "政策解读"
        else f"【文字解读】《{report.title}》文件解读"
    )
    parts = [p for p in report.paragraphs if re.match(r"^[一二三四五六七八九十]+、", p)]
    first = report.paragraphs[0].split("。")[0] + "。"
    paragraphs = [
        f"近日,{report.publisher}在政府门户网站公开发布了《{report.title}》(以下简称《报告》)。"
        "为便于社会公众全面准确理解《报告》内容,现就有关情况解读如下。",
        "一、起草背景",
        "根据《法治政府建设与责任落实督察工作规定》,县级以上地方各级政府每年第一季度要向同级党委、"
        "人大常委会报告上一年度法治政府建设情况,报告要通过报刊、政府网站等向社会公开,接受人民群众监督。",
        "二、主要内容",
        f"《报告》共分为{len(parts) or 3}个部分:" + ";".join(p.split("、", 1)[-1] for p in parts) + "。",
        f"《报告》开篇指出:“{first}”",
        "三、解读机关及联系方式",
        f"解读机关:{place.name}司法局;联系电话:0{700 + stable_int(doc_id, 199)}-"
        f"{stable_int(doc_id + 't', 8999999) + 1000000}。",
    ]
    return Document(
        id=doc_id,
        title=title,
        published=published,
        publisher=f"{place.name}司法局",
        paragraphs=tuple(paragraphs),
        kind="decoy",
        report_year=None,
        place=place.full,
        time=_pub_time(doc_id),
    )


def meeting_news(place: Place, year: int, *, doc_id: str, published: str, leader: str = "张卫东") -> Document:
    title = f"{place.name}召开{year}年法治政府建设工作会议"
    d = date.fromisoformat(published)
    u = place.unit
    paragraphs = [
        f"{d.month}月{d.day}日,{place.name}召开{year}年法治政府建设工作会议,"
        f"总结{year - 1}年度法治政府建设工作,"
        f"分析当前形势,部署{year}年重点任务。{u}委常委、常务副{u}长{leader}出席会议并讲话。",
        f"会议指出,{year - 1}年以来,全{u}上下深入学习贯彻习近平法治思想,法治政府建设年度报告按时向社会公开,"
        "行政执法“三项制度”全面落实,法治化营商环境持续优化。",
        "会议强调,要坚持把法治政府建设放在全局工作中统筹谋划,压紧压实党政主要负责人履行推进法治建设"
        "第一责任人职责,认真做好法治政府建设年度报告的起草、审议和公开工作。",
        f"会议要求,各镇(街道)、{u}直各部门要对照年度工作要点,细化任务清单,确保各项工作落到实处。",
        f"{u}司法局主要负责同志通报了{year - 1}年度法治政府建设考评情况,{u}法治政府建设领导小组成员单位"
        "分管负责同志参加会议。",
    ]
    return Document(
        id=doc_id,
        title=title,
        published=published,
        publisher=f"{place.name}司法局",
        paragraphs=tuple(paragraphs),
        kind="decoy",
        report_year=None,
        place=place.full,
        time=_pub_time(doc_id),
        source=f"{place.name}融媒体中心",
    )


def notice(
    place: Place, year: int, *, doc_id: str, published: str, shape: Literal["督察", "要点", "考核"] = "督察"
) -> Document:
    u = place.unit
    office = f"{place.gov}办公室"
    if shape == "督察":
        title = f"关于开展{year}年度法治政府建设督察工作的通知"
        body = [
            f"各镇人民政府、街道办事处,{u}政府各部门:",
            "为深入贯彻落实《法治政府建设与责任落实督察工作规定》,推动法治政府建设各项任务落地见效,"
            f"经{u}政府同意,决定开展{year}年度法治政府建设督察工作。现将有关事项通知如下:",
            f"一、督察内容。重点督察党政主要负责人履行推进法治建设第一责任人职责情况、{year - 1}年度法治政府"
            "建设年度报告报送和公开情况、行政执法“三项制度”落实情况。",
            "二、时间安排。各单位于本月底前完成自查,督察组随后开展实地督察,督察结果纳入年度绩效考核。",
            "三、工作要求。各单位要高度重视,如实提供有关材料,对督察发现的问题建立整改台账,限期整改到位。",
        ]
    elif shape == "要点":
        title = f"关于印发《{place.full}{year}年法治政府建设工作要点》的通知"
        body = [
            f"各镇人民政府、街道办事处,{u}政府各部门:",
            f"《{place.full}{year}年法治政府建设工作要点》已经{u}政府常务会议研究同意,现印发给你们,"
            "请结合实际认真抓好贯彻落实。",
            f"各单位要于{year + 1}年1月底前将本单位法治政府建设年度报告报送{u}司法局,并在门户网站公开。",
        ]
    else:
        title = f"关于{year}年度法治政府建设考核结果的通报"
        body = [
            f"各镇人民政府、街道办事处,{u}政府各部门:",
            f"根据年度考核安排,{u}法治政府建设领导小组办公室对各单位{year}年度法治政府建设工作进行了考核。"
            "现将考核结果通报如下:",
            "一、考核等次为优秀的单位:司法局、市场监管局、自然资源和规划局等12个单位。",
            "二、希望受到通报表扬的单位再接再厉,其他单位要对照考核中发现的问题,认真抓好整改。",
        ]
    d = date.fromisoformat(published)
    paragraphs = [*body, office, cn_date(d - timedelta(days=2))]
    return Document(
        id=doc_id,
        title=title,
        published=published,
        publisher=office,
        paragraphs=tuple(paragraphs),
        kind="decoy",
        report_year=None,
        place=place.full,
        fields=make_fields(place, doc_id, published, office, topic="政府办公厅"),
        time=_pub_time(doc_id),
    )


def work_report(place: Place, year: int, *, doc_id: str, published: str) -> Document:
    """A 政府工作报告 (government work report): a classic decoy with 报告 in its title."""
    u = place.unit
    paragraphs = [
        f"——{year}年{2 if year % 2 else 1}月{8 + year % 7}日在{place.name}第十八届人民代表大会第"
        f"{year - 2019}次会议上",
        f"{place.name}人民政府{u}长",
        "各位代表:",
        f"现在,我代表{u}人民政府,向大会报告工作,请予审议,并请{u}政协委员和其他列席人员提出意见。",
        f"一、{year - 1}年工作回顾",
        f"过去一年,全{u}地区生产总值增长6.2%,一般公共预算收入增长5.1%,城乡居民人均可支配收入分别增长"
        "5.3%和7.4%。坚持依法行政,自觉接受人大法律监督、工作监督和政协民主监督,法治政府建设扎实推进。",
        f"二、{year}年主要工作",
        "今年是全面贯彻落实党的二十大精神的关键之年。我们将坚持稳中求进工作总基调,扎实推进高质量发展,"
        "持续优化法治化营商环境,加快建设人民满意的服务型政府。",
    ]
    return Document(
        id=doc_id,
        title=f"{year}年{place.full}人民政府工作报告",
        published=published,
        publisher=place.gov,
        paragraphs=tuple(paragraphs),
        kind="decoy",
        report_year=None,
        place=place.full,
        time=_pub_time(doc_id),
    )


def reply_letter(
    base: Document, place: Place, *, doc_id: str, title: str, published: str, wenhao: str
) -> Document:
    """A proposal reply (答复函) moved to ``place`` from the 海盐 reply."""
    mapping = place_mapping(SEED_PLACES[base.id], place)
    paragraphs = [substitute(p, mapping) for p in base.paragraphs]
    paragraphs[0] = "李红梅委员:"
    paragraphs[-1] = cn_date(date.fromisoformat(published))
    publisher = f"{place.name}司法局"
    return Document(
        id=doc_id,
        title=title,
        published=published,
        publisher=publisher,
        paragraphs=tuple(paragraphs),
        kind="decoy",
        report_year=None,
        place=place.full,
        fields=make_fields(place, doc_id, published, publisher, wenhao=wenhao, topic="建议提案"),
        time=_pub_time(doc_id),
    )

"""What each simulated source publishes, in the "initial" and the "later" state.

One :class:`SourceSpec` per family. The later state differs from the initial one by exactly:

* ``trs-demo``: 曾都区2023年度 report EDITED (one sentence changed, one paragraph added);
* ``hanweb-demo``: 海盐县2022年度 report RE-SKINNED (same text, new template chrome);
* ``ucap-demo``: 綦江区2022年度 report DELETED (404, gone from the list);
* ``shaanxi-demo``: 潼关县2021年度 report DELETED (410, gone from the list);
* ``hunan-demo``: 岳阳县2022年 report DUPLICATED: a repost in the 工作报告 column, linked from the list;
* ``huaian-demo``: NEW 清江浦区2024年度 report at the top of page 1 (everything shifts by one);
* ``gkmlpt-demo``: NEW decoy (meeting news) at the top of the list;
* ``legacy-gbk-demo``: unchanged (control).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from govwatch.demo.chrome import Branding
from govwatch.demo.documents import (
    SEED_PLACES,
    Document,
    Place,
    derive,
    edit,
    interpretation,
    make_fields,
    meeting_news,
    notice,
    reply_letter,
    seed,
    work_report,
)

STATES: tuple[str, ...] = ("initial", "later")
#: Modification moment (China time) of documents changed in the later state.
LATER_MODIFIED = "2025-06-16 10:20"


@dataclass(frozen=True)
class Placement:
    """A document placed on a site: its column (which fixes the URL), skin and listing."""

    doc: Document
    column: str = "main"
    skin: str = "a"
    modified: str | None = None  # "YYYY-MM-DD HH:MM" China time; defaults to publication
    copy_of: str | None = None  # doc id of the original when this is a reposted copy
    key: str = ""  # URL key; defaults to the document id
    listed_in: tuple[str, ...] = ()  # columns whose lists link it; defaults to (column,)

    @property
    def path_key(self) -> str:
        return self.key or self.doc.id

    @property
    def lists(self) -> tuple[str, ...]:
        return self.listed_in or (self.column,)


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    name: str
    page_size: int
    monitored: bool = True  # the report column a source's start URL points to


@dataclass(frozen=True)
class SourceSpec:
    source_id: str
    family: str
    name: str
    place: Place
    brand: Branding
    columns: tuple[ColumnSpec, ...]
    initial: tuple[Placement, ...]
    later: tuple[Placement, ...]
    gone_status: int = 404

    def placements(self, state: str) -> tuple[Placement, ...]:
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}; expected one of {STATES}")
        return self.initial if state == "initial" else self.later

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)


def _brand(
    site: str,
    short: str,
    domain: str,
    idcode: str,
    icp: str,
    gongan: str,
    sponsor: str,
    phone: str,
    address: str,
    portal: tuple[str, str],
) -> Branding:
    return Branding(
        site_name=site,
        short_name=short,
        domain=domain,
        idcode=idcode,
        icp=icp,
        gongan=gongan,
        sponsor=sponsor,
        phone=phone,
        address=address,
        email=f"webmaster@{domain.removeprefix('www.')}",
        province_portal=portal,
    )


def _with_fields(doc: Document, place: Place, wenhao: str = "") -> Document:
    return doc.replace(fields=make_fields(place, doc.id, doc.published, doc.publisher, wenhao=wenhao))


def _p(*docs: Document, column: str = "main") -> list[Placement]:
    return [Placement(d, column=column) for d in docs]


def _trs() -> SourceSpec:
    place = SEED_PLACES["zengdu-2024"]
    base = seed("zengdu-2024")
    r2024 = base
    r2023 = derive(
        base,
        doc_id="zengdu-2023",
        place=place,
        year=2023,
        title="曾都区2023年度法治政府建设情况报告",
        published="2024-03-28",
        with_fields=False,
    )
    r2022 = derive(
        base,
        doc_id="zengdu-2022",
        place=place,
        year=2022,
        title="随州市曾都区人民政府关于2022年度法治政府建设工作情况的报告",
        published="2023-03-30",
        wenhao="曾政文〔2023〕6号",
        drop=2,
    )
    sfj = derive(
        seed("qijiang-2021"),
        doc_id="zengdu-sfj-2021",
        place=place,
        year=2021,
        title="曾都区司法局2021年度法治政府建设情况报告",
        publisher="随州市曾都区司法局",
        published="2022-02-25",
    )
    jd = interpretation(r2024, place, doc_id="zengdu-jd-2024", published="2025-03-28")
    hy = meeting_news(place, 2024, doc_id="zengdu-hy-2024", published="2024-04-12")
    tz = notice(place, 2024, doc_id="zengdu-tz-2024", published="2024-09-10")
    initial = _p(jd, r2024, tz, hy, r2023, r2022, sfj)
    later = [Placement(edit(r2023), modified=LATER_MODIFIED) if p.doc.id == r2023.id else p for p in initial]
    return SourceSpec(
        source_id="trs-demo",
        family="trs",
        name="随州市曾都区（模拟）",
        place=place,
        brand=_brand(
            "随州市曾都区人民政府门户网站",
            "曾都区人民政府",
            "www.zengdu.gov.cn",
            "4213030001",
            "鄂ICP备05003311号-1",
            "鄂公网安备 42130302000123号",
            "随州市曾都区人民政府办公室",
            "0722-3223456",
            "随州市曾都区交通大道888号",
            ("湖北省人民政府", "http://www.hubei.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设年度报告", 3),),
        initial=tuple(initial),
        later=tuple(later),
    )


def _legacy_gbk() -> SourceSpec:
    place = SEED_PLACES["zhongwei-2019"]
    base = seed("zhongwei-2019")
    r2018 = derive(
        base,
        doc_id="zhongwei-2018",
        place=place,
        year=2018,
        title="中卫市2018年法治政府建设年度报告",
        published="2019-03-26",
        with_fields=False,
    )
    five = derive(
        base,
        doc_id="zhongwei-2016-2020",
        place=place,
        year=2020,
        title="关于2016—2020年法治政府建设情况的报告",
        published="2021-01-22",
        with_fields=False,
        drop=0,
        swap=False,
        intro="“十三五”时期(2016—2020年),在自治区党委和政府的坚强领导下,中卫市坚持以习近平新时代"
        "中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,认真落实《法治政府建设实施纲要"
        "(2015—2020年)》,法治政府建设五年规划确定的目标任务全面完成。现将五年来法治政府建设情况报告如下:",
    )
    r2021 = derive(
        base,
        doc_id="zhongwei-2021",
        place=place,
        year=2021,
        title="2021年中卫市法治政府建设工作总结",
        published="2022-03-15",
        with_fields=False,
    )
    jd = interpretation(base, place, doc_id="zhongwei-jd-2019", published="2020-04-02", shape="文字解读")
    hy = meeting_news(place, 2020, doc_id="zhongwei-hy-2020", published="2020-05-14", leader="马建军")
    tz = notice(place, 2020, doc_id="zhongwei-tz-2020", published="2020-04-20", shape="要点")
    initial = _p(r2021, five, hy, tz, jd, base, r2018)
    return SourceSpec(
        source_id="legacy-gbk-demo",
        family="legacy_gbk",
        name="中卫市（模拟）",
        place=place,
        brand=_brand(
            "中卫市人民政府",
            "中卫市人民政府",
            "www.nxzw.gov.cn",
            "6405000001",
            "宁ICP备05001234号",
            "宁公网安备 64050202000045号",
            "中卫市人民政府办公室",
            "0955-7012345",
            "中卫市沙坡头区鼓楼西街1号",
            ("宁夏回族自治区人民政府", "http://www.nx.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设", 3),),
        initial=tuple(initial),
        later=tuple(initial),
    )


def _hanweb() -> SourceSpec:
    place = SEED_PLACES["haiyan-reply-2023"]
    base = seed("qingjiangpu-2023")
    r2023 = derive(
        base,
        doc_id="haiyan-2023",
        place=place,
        year=2023,
        title="海盐县人民政府关于2023年度法治政府建设工作情况的报告",
        published="2024-03-15",
        wenhao="盐政发〔2024〕9号",
    )
    r2022 = derive(
        base,
        doc_id="haiyan-2022",
        place=place,
        year=2022,
        title="海盐县2022年度法治政府建设情况报告",
        published="2023-03-20",
    )
    r2021 = derive(
        base,
        doc_id="haiyan-2021",
        place=place,
        year=2021,
        title="关于2021年度法治政府建设工作情况的报告",
        published="2022-03-25",
        drop=2,
    )
    r2020 = derive(
        base,
        doc_id="haiyan-2020",
        place=place,
        year=2020,
        title="海盐县人民政府 关于2020年度法治政府建设情况的报告",
        published="2021-03-30",
    )
    reply = seed("haiyan-reply-2023")
    jd = interpretation(r2023, place, doc_id="haiyan-jd-2023", published="2024-03-18")
    hy = meeting_news(place, 2023, doc_id="haiyan-hy-2023", published="2023-04-07", leader="沈国强")
    tz = notice(place, 2022, doc_id="haiyan-tz-2022", published="2023-02-10", shape="考核")
    initial = _p(jd, r2023, reply, hy, r2022, tz, r2021, r2020)
    later = [
        Placement(p.doc, skin="b", modified=LATER_MODIFIED) if p.doc.id == r2022.id else p for p in initial
    ]
    return SourceSpec(
        source_id="hanweb-demo",
        family="hanweb",
        name="嘉兴市海盐县（模拟）",
        place=place,
        brand=_brand(
            "海盐县人民政府",
            "海盐县人民政府",
            "www.haiyan.gov.cn",
            "3304240001",
            "浙ICP备05015621号",
            "浙公网安备 33042402000112号",
            "海盐县人民政府办公室",
            "0573-86012345",
            "海盐县武原街道枣园中路1号",
            ("浙江省人民政府", "https://www.zj.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设年度报告", 3),),
        initial=tuple(initial),
        later=tuple(later),
    )


def _gkmlpt() -> SourceSpec:
    place = Place("广东省", "深圳市", "龙华区", "区", "11440309MB2C92716K")
    zengdu, qijiang = seed("zengdu-2024"), seed("qijiang-2021")
    gov = "深圳市龙华区人民政府"
    r2024 = derive(
        zengdu,
        doc_id="longhua-2024",
        place=place,
        year=2024,
        title="中共深圳市龙华区委 深圳市龙华区人民政府关于2024年法治政府建设情况的报告",
        published="2025-03-20",
        publisher=gov,
        wenhao="深龙华发〔2025〕3号",
    )
    r2023 = derive(
        zengdu,
        doc_id="longhua-2023",
        place=place,
        year=2023,
        title="龙华区2023年法治政府建设年度情况报告",
        published="2024-03-22",
        drop=2,
    )
    r2022 = derive(
        qijiang,
        doc_id="longhua-2022",
        place=place,
        year=2022,
        title="深圳市龙华区2022年法治政府建设年度报告",
        published="2023-03-24",
    )
    r2021 = derive(
        qijiang,
        doc_id="longhua-2021",
        place=place,
        year=2021,
        title="深圳市龙华区2021年度法治政府建设情况报告",
        published="2022-03-18",
        drop=0,
    )
    jd = _with_fields(interpretation(r2024, place, doc_id="longhua-jd-2024", published="2025-03-21"), place)
    tz = notice(place, 2023, doc_id="longhua-tz-2023", published="2023-08-15")
    initial = [Placement(jd, listed_in=("main", "jd")), *_p(r2024, r2023, tz, r2022, r2021)]
    hy = _with_fields(
        meeting_news(place, 2025, doc_id="longhua-hy-2025", published="2025-06-10", leader="黄志明"), place
    )
    later = [Placement(hy), *initial]
    return SourceSpec(
        source_id="gkmlpt-demo",
        family="gkmlpt",
        name="深圳市龙华区（模拟）",
        place=place,
        brand=_brand(
            "深圳市龙华区人民政府门户网站",
            "龙华区人民政府",
            "www.szlhq.gov.cn",
            "4403090001",
            "粤ICP备17036932号",
            "粤公网安备 44030902000987号",
            "深圳市龙华区人民政府办公室",
            "0755-23332333",
            "深圳市龙华区龙华街道东环一路1号",
            ("广东省人民政府", "http://www.gd.gov.cn/"),
        ),
        columns=(
            ColumnSpec("main", "法治政府建设年度报告", 4),
            ColumnSpec("jd", "政策解读", 4, monitored=False),
        ),
        initial=tuple(initial),
        later=tuple(later),
    )


def _huaian() -> SourceSpec:
    place = SEED_PLACES["qingjiangpu-2023"]
    base = seed("qingjiangpu-2023")
    r2022 = derive(
        base,
        doc_id="qingjiangpu-2022",
        place=place,
        year=2022,
        title="淮安市清江浦区2022年度法治政府建设情况报告",
        published="2023-02-20",
    )
    r2021 = derive(
        base,
        doc_id="qingjiangpu-2021",
        place=place,
        year=2021,
        title="清江浦区2021年法治政府建设年度报告",
        published="2022-02-24",
    )
    sfj = derive(
        seed("zengdu-2024"),
        doc_id="qingjiangpu-sfj-2022",
        place=place,
        year=2022,
        title="清江浦区司法局2022年度法治政府建设情况报告",
        publisher="淮安市清江浦区司法局",
        published="2023-01-16",
    )
    jd = interpretation(base, place, doc_id="qingjiangpu-jd-2023", published="2024-02-22", shape="文字解读")
    hy = meeting_news(place, 2023, doc_id="qingjiangpu-hy-2023", published="2023-03-09", leader="周海涛")
    tz = notice(place, 2023, doc_id="qingjiangpu-tz-2023", published="2024-01-30", shape="考核")
    tz2 = notice(place, 2022, doc_id="qingjiangpu-tz-2022", published="2022-04-12", shape="要点")
    initial = _p(jd, base, tz, hy, r2022, sfj, tz2, r2021)
    r2024 = derive(
        base,
        doc_id="qingjiangpu-2024",
        place=place,
        year=2024,
        title="淮安市清江浦区人民政府关于2024年度法治政府建设工作情况的报告",
        published="2025-02-20",
        drop=1,
    )
    later = [Placement(r2024), *initial]
    return SourceSpec(
        source_id="huaian-demo",
        family="huaian",
        name="淮安市清江浦区（模拟）",
        place=place,
        brand=_brand(
            "淮安市清江浦区人民政府",
            "清江浦区人民政府",
            "www.haqjp.gov.cn",
            "3208120001",
            "苏ICP备11067435号",
            "苏公网安备 32081202000211号",
            "淮安市清江浦区人民政府办公室",
            "0517-83601234",
            "淮安市清江浦区健康西路120号",
            ("江苏省人民政府", "https://www.jiangsu.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设", 3),),
        initial=tuple(initial),
        later=tuple(later),
    )


def _hunan() -> SourceSpec:
    place = Place("湖南省", "岳阳市", "岳阳县", "县", "114306210062210341")
    qijiang = seed("qijiang-2021")
    r2023 = derive(
        qijiang,
        doc_id="yueyang-2023",
        place=place,
        year=2023,
        title="岳阳县人民政府关于2023年度法治政府建设工作情况的报告",
        published="2024-03-26",
    )
    r2022 = derive(
        qijiang,
        doc_id="yueyang-2022",
        place=place,
        year=2022,
        title="岳阳县2022年法治政府建设年度报告",
        published="2023-03-29",
        drop=2,
    )
    r2021 = derive(
        seed("zengdu-2024"),
        doc_id="yueyang-2021",
        place=place,
        year=2021,
        title="2021年岳阳县法治政府建设工作总结",
        published="2022-01-14",
        wenhao="岳县政发〔2022〕3号",
    )
    jd = interpretation(r2023, place, doc_id="yueyang-jd-2023", published="2024-03-28")
    hy = meeting_news(place, 2022, doc_id="yueyang-hy-2022", published="2022-04-21", leader="李建华")
    gz23 = work_report(place, 2023, doc_id="yueyang-gzbg-2023", published="2023-01-20")
    gz24 = work_report(place, 2024, doc_id="yueyang-gzbg-2024", published="2024-01-25")
    initial = [*_p(jd, r2023, r2022, hy, r2021), *_p(gz24, gz23, column="gzbg")]
    repost = Placement(
        r2022,
        column="gzbg",
        key="yueyang-2022-repost",
        copy_of=r2022.id,
        listed_in=("gzbg", "main"),
        modified=LATER_MODIFIED,
    )
    later = [*initial, repost]
    return SourceSpec(
        source_id="hunan-demo",
        family="hunan",
        name="岳阳市岳阳县（模拟）",
        place=place,
        brand=_brand(
            "岳阳县人民政府",
            "岳阳县人民政府",
            "www.yyx.gov.cn",
            "4306210001",
            "湘ICP备05002678号",
            "湘公网安备 43062102000056号",
            "岳阳县人民政府办公室",
            "0730-7612345",
            "岳阳县荣家湾镇建设路1号",
            ("湖南省人民政府", "http://www.hunan.gov.cn/"),
        ),
        columns=(
            ColumnSpec("main", "法治政府建设年度报告", 3),
            ColumnSpec("gzbg", "工作报告", 3, monitored=False),
        ),
        initial=tuple(initial),
        later=tuple(later),
    )


def _shaanxi() -> SourceSpec:
    place = Place("陕西省", "渭南市", "潼关县", "县", "11610522016077498A")
    base = seed("zhongwei-2019")
    r2021 = derive(
        base,
        doc_id="tongguan-2021",
        place=place,
        year=2021,
        title="潼关县人民政府关于2021年度法治政府建设工作情况的报告",
        published="2022-03-30",
    )
    r2020 = derive(
        base,
        doc_id="tongguan-2020",
        place=place,
        year=2020,
        title="关于2020年度法治政府建设情况的报告",
        published="2021-03-26",
        drop=2,
    )
    r2019 = derive(
        base,
        doc_id="tongguan-2019",
        place=place,
        year=2019,
        title="潼关县2019年度法治政府建设情况报告",
        published="2020-03-31",
    )
    jd = interpretation(r2021, place, doc_id="tongguan-jd-2021", published="2022-04-06")
    tz = notice(place, 2021, doc_id="tongguan-tz-2021", published="2021-10-12")
    initial = _p(jd, r2021, tz, r2020, r2019)
    later = [p for p in initial if p.doc.id != r2021.id]
    return SourceSpec(
        source_id="shaanxi-demo",
        family="shaanxi",
        name="渭南市潼关县（模拟）",
        place=place,
        brand=_brand(
            "潼关县人民政府",
            "潼关县人民政府",
            "www.tongguan.gov.cn",
            "6105220001",
            "陕ICP备05009876号",
            "陕公网安备 61052202000033号",
            "潼关县人民政府办公室",
            "0913-3812345",
            "潼关县城关镇金城大街1号",
            ("陕西省人民政府", "http://www.shaanxi.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设", 2),),
        initial=tuple(initial),
        later=tuple(later),
        gone_status=410,
    )


def _ucap() -> SourceSpec:
    place = SEED_PLACES["qijiang-2021"]
    base = seed("qijiang-2021")
    r2021 = _with_fields(base, place)
    r2022 = derive(
        base,
        doc_id="qijiang-2022",
        place=place,
        year=2022,
        title="綦江区2022年度法治政府建设情况报告",
        published="2023-03-21",
    )
    r2020 = derive(
        base,
        doc_id="qijiang-2020",
        place=place,
        year=2020,
        title="重庆市綦江区人民政府关于2020年度法治政府建设情况的报告",
        published="2021-03-19",
        drop=2,
    )
    sfj = derive(
        seed("zengdu-2024"),
        doc_id="qijiang-sfj-2021",
        place=place,
        year=2021,
        title="綦江区司法局2021年度法治政府建设情况报告",
        publisher="重庆市綦江区司法局",
        published="2022-01-20",
    )
    reply = reply_letter(
        seed("haiyan-reply-2023"),
        place,
        doc_id="qijiang-reply-2022",
        title="关于区政协十五届一次会议第112号提案的答复函",
        published="2022-07-08",
        wenhao="綦司函〔2022〕15号",
    )
    jd = interpretation(base, place, doc_id="qijiang-jd-2021", published="2022-03-25")
    initial = _p(r2022, reply, jd, r2021, sfj, r2020)
    later = [p for p in initial if p.doc.id != r2022.id]
    return SourceSpec(
        source_id="ucap-demo",
        family="ucap",
        name="重庆市綦江区（模拟）",
        place=place,
        brand=_brand(
            "重庆市綦江区人民政府",
            "綦江区人民政府",
            "www.cqqj.gov.cn",
            "5001100001",
            "渝ICP备12003456号",
            "渝公网安备 50011002500001号",
            "重庆市綦江区人民政府办公室",
            "023-48612345",
            "重庆市綦江区文龙街道九龙大道1号",
            ("重庆市人民政府", "http://www.cq.gov.cn/"),
        ),
        columns=(ColumnSpec("main", "法治政府建设年度报告", 4),),
        initial=tuple(initial),
        later=tuple(later),
    )


FAMILIES: tuple[str, ...] = ("trs", "legacy_gbk", "hanweb", "gkmlpt", "huaian", "hunan", "shaanxi", "ucap")


@cache
def specs() -> tuple[SourceSpec, ...]:
    """All source specs, in family order."""
    return (_trs(), _legacy_gbk(), _hanweb(), _gkmlpt(), _huaian(), _hunan(), _shaanxi(), _ucap())

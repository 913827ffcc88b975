"""What evaluators look for in an annual rule-of-law report, kept as data.

《法治政府建设与责任落实督察工作规定》 (2019, art. 25) fixes five parts of the annual report. Each
:class:`PartRule` says how a part's *heading* is written (``heading``: searched in a top-level heading
line such as ``三、推进法治政府建设存在的不足和问题``) and how the part is *mentioned* when it has no
heading of its own (``mention``: searched in each sentence, e.g. ``但也存在一些薄弱环节`` inside another
part). ``unless`` names parts whose heading wins over this one (``…第一责任人职责工作情况`` is the
leaders' part, not the measures' ``工作情况``).

Each :class:`FigureRule` names one figure evaluators compare and gives patterns in which ``{N}`` stands
for a count (``61``, ``一百二十``, full-width ``６１``) and ``{P}`` for a percentage (``1.56%``,
``９５％``, ``百分之九十五``); ``{GAP}`` is a short stretch inside one clause. ``value`` fixes the value
of patterns without a number (``全覆盖`` = 100%).

Each :class:`KindRule` says what text reads as something other than the government's own report.

A figure standing in the plans section (``2024年力争出庭应诉率达到100%``) is a target, not a result, and
is not taken.

Every entry carries ``examples`` (text it must recognise, with the expected value for figures) and
``keep`` (text mentioning the same words that it must not take); tests/assess/test_rules.py runs them.
Patterns are linear-time: only bounded gaps of characters that cannot end a clause, never nested
quantifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the five parts, in the order the 2019 rules list them
PART_NAMES: tuple[str, ...] = ("measures", "shortcomings", "leaders", "plans", "other")


@dataclass(frozen=True)
class PartRule:
    name: str
    label: str
    short: str  # a column heading
    heading: tuple[str, ...]
    mention: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # headings it must recognise
    mention_examples: tuple[str, ...] = ()  # sentences that mention the part
    keep: tuple[str, ...] = ()  # headings/sentences it must not take


@dataclass(frozen=True)
class FigureRule:
    name: str
    label: str
    short: str  # a column heading
    patterns: tuple[str, ...]
    unit: str  # "件" for counts, "%" for rates
    value: float | None = None  # the value of a pattern without {N}/{P}
    examples: tuple[tuple[str, float], ...] = ()
    keep: tuple[str, ...] = ()
    needles: tuple[str, ...] = ()  # one of them occurs in every match (a cheap pre-filter)


@dataclass(frozen=True)
class KindRule:
    kind: str
    description: str
    cues: tuple[str, ...]  # searched in the first ``window`` characters (and the title)
    window: int = 400
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


#: a stretch inside one clause: no full stop, semicolon or comma
GAP = r"[^。；;，,！？\n]"
#: counts: Arabic (half-width after normalisation; 1,234; 1.2万) or Chinese numerals, with 余/多 ("more than")
NUM = r"(?P<v>\d{1,3},\d{3}(?:,\d{3})?|\d+(?:\.\d+)?万?|[〇零一二两三四五六七八九十百千万]+)(?:余|多)?"
#: percentages
PCT = r"(?P<v>\d+(?:\.\d+)?\s*%|百分之[〇零一二两三四五六七八九十百点]+|零(?![点一二三四五六七八九]))"


PART_RULES: tuple[PartRule, ...] = (
    PartRule(
        "measures", "主要举措和成效", "举措成效",
        heading=(r"主要(?:举措|做法|工作|措施)", r"(?:举措|做法|措施)(?:和|及|与|、)?(?:主要)?成效",
                 r"(?:工作|主要|取得的?)成效", r"工作(?:情况|现况|现状|回顾|开展情况|进展)",
                 r"(?:基本|进展|推进|总体)情况", r"主要成绩", r"工作成绩"),
        mention=(r"主要(?:举措|做法)(?:和|及|与)成效",),
        unless=("leaders",),
        examples=("一、主要举措和成效", "一、主要做法及成效", "一、推进法治政府建设的主要举措和成效",
                  "二、2021年法治政府建设工作情况", "一、我县法治政府建设工作现况", "一、2023年工作成效"),
        mention_examples=("现将主要举措和成效报告如下。",),
        keep=("三、2022年法治政府建设工作打算", "二、存在的主要问题"),
    ),
    PartRule(
        "shortcomings", "存在的不足和原因", "不足",
        heading=(r"不足", r"问题", r"短板", r"差距", r"薄弱", r"困难", r"弱项"),
        mention=(r"(?:但|仍|还|也|依然|同时)" + GAP + r"{0,12}存在[^。]{0,12}(?:不足|问题|差距|薄弱环节|短板|困难)",
                 r"(?:不足|问题|差距|短板)(?:主要)?(?:体现|表现)(?:在|为)",
                 r"^[(（][一二三四五六七八九十]+[)）](?:存在的?|主要)?(?:问题|不足|短板)"),
        examples=("二、存在的主要问题", "三、推进法治政府建设存在的不足和问题", "三、存在的问题和原因",
                  "三、短板弱项", "二、存在的差距"),
        mention_examples=("2021年,我区在法治政府建设工作中取得了较好成绩,但也存在一些薄弱环节:一是基层法治建设力度有待进一步提升。",
                          "尽管我市在推进法治政府建设中取得了一定的成效,但还存在一些差距和问题,主要体现在“放管服”改革推进不深入。",
                          "(七)存在的问题"),
        keep=("积极主动向市政府、区委、区人大报告法治政府建设中存在的问题,按要求公开法治政府建设年度工作情况。",
              "四、下一步工作计划"),
    ),
    PartRule(
        "leaders", "党政主要负责人履行推进法治建设第一责任人职责情况", "第一责任人",
        heading=(r"第一责任人", r"主要负责人", r"主要领导" + GAP + r"{0,6}(?:履职|职责)", r"一把手"),
        mention=(r"第一责任人",),
        examples=("一、2021年党政主要负责人履行推进法治建设第一责任人职责工作情况",
                  "二、党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况",
                  "三、2024年度党政主要负责人履行推进法治建设第一责任人职责,落实年度责任清单,加强法治政府建设情况",
                  "三、党政主要负责人履职情况"),
        mention_examples=("二是落实法治政府建设第一责任人职责。",),
        keep=("一、主要举措和成效", "二是加强统筹布局。"),
    ),
    PartRule(
        "plans", "下一年度推进法治政府建设的主要安排", "下年安排",
        heading=(r"下一步", r"下一年", r"下年度", r"明年", r"打算", r"计划", r"(?:主要|工作|重点)安排", r"工作思路",
                 r"展望", r"(?:20\d\d|二〇[一二三]\w)年(?:度)?(?:的)?(?:工作|重点)?(?:任务|目标|安排|思路|重点)"),
        mention=(r"下一步", r"下一年度?", r"明年",
                 r"(?:20\d\d)年,?(?:我们|我[区县市州旗]|全[区县市州旗]|[区县市]政府)将"),
        examples=("三、2022年法治政府建设工作打算", "四、推进法治政府建设的主要安排", "四、下一步工作计划",
                  "二、下一步工作", "二、下一步工作举措", "四、2024年工作思路", "三、2024年重点任务"),
        mention_examples=("2024年,我区将全面贯彻落实习近平法治思想。", "下一步,我们将持续推进法治政府建设。"),
        keep=("一、主要举措和成效", "三、存在的不足"),
    ),
    PartRule(
        "other", "其他需要报告的情况", "其他",
        heading=(r"其他(?:需要|应当|应)?(?:报告|说明)?的?(?:事项|情况)",),
        mention=(r"其他(?:需要|应当)(?:报告|说明)的?(?:事项|情况)",),
        examples=("五、其他需要报告的情况", "五、其他事项", "五、其他应当报告的事项"),
        mention_examples=("此外,其他需要报告的事项如下。",),
        keep=("一、主要举措和成效", "二是做好其他工作。"),
    ),
)

PART_RULES_BY_NAME: dict[str, PartRule] = {r.name: r for r in PART_RULES}


FIGURE_RULES: tuple[FigureRule, ...] = (
    FigureRule(
        "review_received", "行政复议 received (收到/受理/办理)", "复议收案",
        patterns=(r"(?:收到|受理|新收|收案|接收|办理)" + GAP + r"{0,14}?复议(?:申请|案件)" + GAP + r"{0,4}?" + NUM
                  + r"[件起宗]",
                  r"行政复议(?:案件)?(?:收案|受理)" + GAP + r"{0,4}?" + NUM + r"[件起宗]"),
        unit="件",
        examples=(("全年共收到行政相对人复议申请61件,依法受理57件,办结47件。", 61),
                  ("2019年全市共受理行政复议案件56件,已审结52件。", 56),
                  ("全年共办理行政复议案件135件,办理行政应诉案件30件。", 135),
                  ("共受理行政复议案件一百二十件。", 120),
                  ("全年受理行政复议申请８１件。", 81),
                  ("全年共受理行政复议案件1,234件。", 1234),
                  ("全年受理行政复议案件1.2万件。", 12000)),
        keep=("依法办理各类行政复议案件,拓展矛盾纠纷调处平台。", "全年办结行政复议案件64件,协调调解率62.5%。"),
        needles=("复议",),
    ),
    FigureRule(
        "review_concluded", "行政复议 concluded (办结/审结)", "复议办结",
        patterns=(r"(?:办结|审结|结案|作出复议决定)" + GAP + r"{0,10}?复议(?:案件)?" + GAP + r"{0,4}?" + NUM
                  + r"[件起宗]",
                  r"复议[^。；;\n]{0,30}?(?:办结|审结|结案)" + GAP + r"{0,4}?" + NUM + r"[件起宗]"),
        unit="件",
        examples=(("全年共收到行政相对人复议申请61件,依法受理57件,办结47件。", 47),
                  ("2019年全市共受理行政复议案件56件,已审结52件。", 52),
                  ("全年办结行政复议案件64件,协调调解率62.5%。", 64),
                  ("全年审结行政复议案件五十二件。", 52)),
        keep=("全年共办理行政复议案件135件,办理行政应诉案件30件。",),
        needles=("复议",),
    ),
    FigureRule(
        "review_correction_rate", "行政复议纠错率", "纠错率%",
        patterns=(r"纠错率" + GAP + r"{0,4}?" + PCT,),
        unit="%",
        examples=(("行政复议案件纠错率1.56%,比上年降低2.36个百分点。", 1.56),
                  ("复议纠错率为百分之十二点五。", 12.5), ("行政复议纠错率１２％。", 12)),
        keep=("建立行政执法案卷评查纠错机制,纠错案卷32件。",),
        needles=("纠错率",),
    ),
    FigureRule(
        "litigation_first_instance", "行政诉讼一审案件", "一审案件",
        patterns=(r"一审" + GAP + r"{0,8}?(?:案件|诉讼)" + GAP + r"{0,6}?" + NUM + r"[件起宗]",
                  r"行政(?:诉讼|应诉)(?:一审)?案件" + GAP + r"{0,6}?" + NUM + r"[件起宗]"),
        unit="件",
        examples=(("一审行政诉讼案件结案61件,败诉1件,败诉率1.64%。", 61),
                  ("参与各级行政机关为被告的一审案件207件,行政诉讼败诉率7.3%。", 207),
                  ("全年共办理行政复议案件135件,办理行政应诉案件30件。", 30),
                  ("全年发生一审行政诉讼案件一百零八件。", 108)),
        keep=("开展行政应诉专题培训,提高应诉能力。", "有效衔接调解、行政复议、诉讼等多元化纠纷解决机制。"),
        needles=("一审", "诉讼案件", "应诉案件", "诉讼一审", "应诉一审"),
    ),
    FigureRule(
        "litigation_loss_rate", "行政诉讼败诉率", "败诉率%",
        patterns=(r"败诉率" + GAP + r"{0,4}?" + PCT,),
        unit="%",
        examples=(("一审行政诉讼案件结案61件,败诉1件,败诉率1.64%,较上年下降2.36%。", 1.64),
                  ("行政诉讼败诉率7.3%,败诉率持续下降并首次低于全市平均。", 7.3),
                  ("行政诉讼败诉率为百分之五。", 5),
                  ("全年行政诉讼败诉率为零。", 0)),
        keep=("导致我区行政应诉、行政复议案件数量多,败诉率仍较高。",),
        needles=("败诉率",),
    ),
    FigureRule(
        "leader_appearance_rate", "行政机关负责人出庭应诉率", "出庭率%",
        patterns=(r"出庭(?:应诉)?率" + GAP + r"{0,6}?" + PCT,),
        unit="%",
        examples=(("推动区政府“一把手”出庭应诉当庭化解行政争议,行政首长出庭应诉率100%。", 100),
                  ("行政机关负责人出庭应诉率达到百分之九十五。", 95),
                  ("负责人出庭应诉率为９５％。", 95)),
        keep=("通过区政府主要领导签批方式确定行政机关负责人出庭人员,出庭应诉率较往年有大幅度提升。",),
        needles=("出庭",),
    ),
    FigureRule(
        "normative_documents_reviewed", "规范性文件审查/审核", "规范性文件",
        patterns=(r"(?:审查|审核|备案审查|审查备案|合法性审查)" + GAP + r"{0,12}?规范性文件" + GAP + r"{0,2}?" + NUM
                  + r"[件份个]",
                  NUM + r"[件份个](?:行政)?规范性文件的?(?:合法性)?(?:审查|审核|备案)",
                  r"规范性文件(?:合法性)?(?:审查|审核|备案审查)" + GAP + r"{0,4}?" + NUM + r"[件份个]"),
        unit="件",
        examples=(("全年共审查区政府规范性文件53件,提出修改建议意见111条。", 53),
                  ("全年共审查规范性文件32份,出具合法性审查意见132条。", 32),
                  ("2019年审查备案规范性文件80份,其中市政府印发的5份规范性文件均向自治区人民政府备案。", 80),
                  ("完成《清江浦区人民政府关于<江苏省被征地农民社会保障办法>的实施办法(试行)》"
                   "等2件规范性文件的合法性审核。", 2),
                  ("全年审核行政规范性文件一百二十件。", 120),
                  ("完成行政规范性文件合法性审核45件。", 45)),
        keep=("截至目前,区政府现行有效区级规范性文件165件,街镇(部门)规范性文件63件。",
              "分别向市司法局、区人大常委会报备区政府规范性文件各8件。"),
        needles=("规范性文件",),
    ),
    FigureRule(
        "major_decisions", "重大行政决策事项", "重大决策",
        patterns=(r"重大(?:行政)?决策(?:事项)?(?:合法性)?(?:审查|审核)?(?:共|达)?" + NUM + r"[件项个]",),
        unit="件",
        examples=(("全年共审查重大行政决策26件,提出修改建议意见25条。", 26),
                  ("审核重大行政决策事项2项、行政合同17份,出具合法性审查意见176条。", 2),
                  ("区政府法律顾问团办理各类法律事务150余起,参与区政府重大决策事项48余件。", 48),
                  ("作出重大行政决策十二项。", 12),
                  ("开展重大行政决策合法性审查17件。", 17)),
        keep=("各镇(街道)、政府各部门共38个主体均制定并公布年度重大行政决策目录。",
              "实行重大行政决策“三个一律”,即区政府常务会议一律由区司法局参加并发表意见。"),
        needles=("决策",),
    ),
    FigureRule(
        "legal_adviser_coverage", "法律顾问覆盖率", "顾问覆盖%",
        patterns=(r"法律顾问" + GAP + r"{0,16}?覆盖率" + GAP + r"{0,4}?" + PCT,
                  r"(?:实现|达到|已经?)" + GAP + r"{0,40}?法律顾问(?:工作)?全覆盖"),
        unit="%",
        value=100.0,
        examples=(("全区政府机关法律顾问、党政机关公职律师覆盖率均达100%。", 100),
                  ("实现29个区级部门、21个街镇、381个村(社区)法律顾问全覆盖。", 100),
                  ("政府法律顾问覆盖率达到百分之九十五。", 95)),
        keep=("进一步规范法律顾问参与政府重大行政决策流程,推动政府法律顾问全覆盖。",
              "全面推行法律顾问、公职律师制度,全县党政机关公职律师工作覆盖率达到63%。"),
        needles=("法律顾问",),
    ),
)

FIGURE_NAMES: tuple[str, ...] = tuple(r.name for r in FIGURE_RULES)
FIGURE_RULES_BY_NAME: dict[str, FigureRule] = {r.name: r for r in FIGURE_RULES}


#: kinds other than the government's own report, the first rule whose cue is found wins; a text none
#: of them takes is a ``report`` when it has at least one part heading, else ``other``
KIND_RULES: tuple[KindRule, ...] = (
    KindRule(
        "reply", "a reply to a deputy's proposal or suggestion (答复函)",
        cues=(r"^[^。\n]{1,12}(?:委员|代表|同志)[:：]", r"已收悉", r"答复(?:如下|函)", r"(?:提案|建议)的答复"),
        examples=("张美群委员:\n您提出的《关于推进法治政府建设提升基层治理水平的建议》已收悉,现答复如下:",),
        keep=("2023年,我区认真办理人大代表建议171件、政协委员提案264件,满意率100%。",),
    ),
    KindRule(
        "department_report", "a department's own report (我局/我委)",
        cues=(r"^[^。\n]{0,40}?(?:我局|本局|我委|我办)",
              r"^[^\n]{0,30}(?:局|委员会|办公室)\d{4}年度?法治政府建设"),
        window=200,
        examples=("2023年,我局坚持以习近平法治思想为指导,现将有关情况报告如下:",),
        keep=("2023年,我区坚持以习近平法治思想为指导,区司法局牵头推进法治政府建设。",),
    ),
    KindRule(
        "news", "a news item about the report or a meeting (记者/日前/召开)",
        cues=(r"^[^。\n]{0,30}(?:记者|通讯员)", r"^(?:日前|近日|近期|本报讯|\d{1,2}月\d{1,2}日(?:上午|下午)?)[,，(（]"),
        window=120,
        examples=("近日,县政府召开常务会议,审议通过2023年度法治政府建设情况报告。",
                  "本报讯(记者 张三)我区2023年度法治政府建设报告日前公布。"),
        keep=("2023年,我区坚持以习近平法治思想为指导,召开常务会议研究法治政府建设12次。",),
    ),
)

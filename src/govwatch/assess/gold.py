"""The hand-written gold set of the analyser: the demo corpus reports and variants built from them.

Every annotation here was written by reading the text, never from the analyser's output. A part is
given as ``P(status, heading, end)``: for a ``section`` its heading exactly as written and the last
characters of the part (the span runs from the heading to the end of those characters); for a
``mentioned`` part the beginning of the sentence that mentions it and that sentence's last characters.
Parts not listed are absent. A figure is ``(value, a piece of the sentence it comes from)``; figures
not listed must not be reported.

The variants apply hand-specified edits to the corpus paragraphs: parts moved, renamed, merged,
folded into a sub-point or missing; figures in Chinese numerals, full-width digits and percentages;
a department's report and a news item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govwatch.demo.documents import seed


@dataclass(frozen=True)
class P:
    status: str
    heading: str
    end: str


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    title: str
    kind: str
    parts: dict[str, P]
    figures: dict[str, tuple[float, str]] = field(default_factory=dict)

    def span(self, part: str) -> tuple[int, int]:
        """The part's character span, found from the hand-written heading and end."""
        p = self.parts[part]
        start = self.text.index(p.heading)
        return start, self.text.index(p.end, start) + len(p.end)


def _paras(seed_id: str) -> list[str]:
    return list(seed(seed_id).paragraphs)


def _sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _title(seed_id: str) -> str:
    return seed(seed_id).title


# ----------------------------------------------------------------------------------- the corpus

ZENGDU_FIG = {"review_received": (135, "全年共办理行政复议案件135件"),
              "litigation_first_instance": (30, "办理行政应诉案件30件"),
              "major_decisions": (48, "参与区政府重大决策事项48余件")}
ZENGDU_MEASURES = P("section", "一、主要举措和成效", "值班接待法律咨询2400余人次。")
ZENGDU_SHORT = P("section", "二、存在的主要问题", "审查程序有待进一步优化。")
ZENGDU_LEADERS = P("section", "三、2024年度党政主要负责人履行推进法治建设第一责任人职责,"
                   "落实年度责任清单,加强法治政府建设情况", "开展了实地督察。")
ZENGDU_PLANS = P("section", "四、下一步工作计划", "公民权益不减损。")

QJP_FIG = {"review_received": (81, "共受理行政复议案件81件"),
           "litigation_first_instance": (207, "一审案件207件"),
           "litigation_loss_rate": (7.3, "行政诉讼败诉率7.3%"),
           "leader_appearance_rate": (100, "行政首长出庭应诉率100%"),
           "normative_documents_reviewed": (2, "等2件规范性文件的合法性审核"),
           "legal_adviser_coverage": (100, "公职律师覆盖率均达100%")}
QJP_MEASURES = P("section", "一、推进法治政府建设的主要举措和成效", "顺利通过“八五”普法中期评估验收。")
QJP_LEADERS = P("section", "二、党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况",
                "形成通报、以督促进。")
QJP_SHORT = P("section", "三、推进法治政府建设存在的不足和问题", "解决问题的能力还有待加强。")
QJP_PLANS = P("section", "四、推进法治政府建设的主要安排", "幸福感、安全感。")

QIJIANG_FIG = {"review_received": (61, "全年共收到行政相对人复议申请61件"),
               "review_concluded": (47, "办结47件"),
               "normative_documents_reviewed": (53, "全年共审查区政府规范性文件53件"),
               "major_decisions": (26, "全年共审查重大行政决策26件"),
               "legal_adviser_coverage": (100, "381个村(社区)法律顾问全覆盖")}
QIJIANG_LEADERS = P("section", "一、2021年党政主要负责人履行推进法治建设第一责任人职责工作情况",
                    "确保法治政府建设各项目标任务按时有效推进")
QIJIANG_MEASURES = P("section", "二、2021年法治政府建设工作情况", "法治建设经费保障有待进一步加强。")
QIJIANG_SHORT = P("mentioned", "2021年,我区在法治政府建设工作中取得了较好成绩,但也存在一些薄弱环节",
                  "法治建设经费保障有待进一步加强。")
QIJIANG_PLANS = P("section", "三、2022年法治政府建设工作打算", "满足社会公众公共法律服务需求。")

ZHONGWEI_FIG = {"review_received": (56, "2019年全市共受理行政复议案件56件"),
                "review_concluded": (52, "已审结52件"),
                "normative_documents_reviewed": (80, "2019年审查备案规范性文件80份"),
                "legal_adviser_coverage": (100, "实现村(社区)法律顾问全覆盖")}
ZHONGWEI_MEASURES = P("section", "一、主要做法及成效", "行政执法监督制度还不健全。")
ZHONGWEI_SHORT = P("mentioned", "尽管我市在推进法治政府建设中取得了一定的成效,但还存在一些差距和问题",
                   "行政执法监督制度还不健全。")
ZHONGWEI_LEADERS = P("mentioned", "二是落实法治政府建设第一责任人职责。", "二是落实法治政府建设第一责任人职责。")
ZHONGWEI_PLANS = P("section", "二、下一步工作", "打造中卫版“枫桥经验”。")

HAIYAN_FIG = {"review_concluded": (64, "全年办结行政复议案件64件"),
              "review_correction_rate": (1.56, "行政复议案件纠错率1.56%"),
              "litigation_first_instance": (61, "一审行政诉讼案件结案61件"),
              "litigation_loss_rate": (1.64, "败诉率1.64%"),
              "normative_documents_reviewed": (32, "全年共审查规范性文件32份"),
              "major_decisions": (2, "审核重大行政决策事项2项")}


def _corpus() -> list[GoldDoc]:
    def text(sid: str) -> str:
        return "\n".join(_paras(sid))

    return [
        GoldDoc("zengdu-2024", text("zengdu-2024"), _title("zengdu-2024"), "report",
                {"measures": ZENGDU_MEASURES, "shortcomings": ZENGDU_SHORT, "leaders": ZENGDU_LEADERS,
                 "plans": ZENGDU_PLANS}, ZENGDU_FIG),
        GoldDoc("qingjiangpu-2023", text("qingjiangpu-2023"), _title("qingjiangpu-2023"), "report",
                {"measures": QJP_MEASURES, "leaders": QJP_LEADERS, "shortcomings": QJP_SHORT,
                 "plans": QJP_PLANS}, QJP_FIG),
        GoldDoc("qijiang-2021", text("qijiang-2021"), _title("qijiang-2021"), "report",
                {"leaders": QIJIANG_LEADERS, "measures": QIJIANG_MEASURES, "shortcomings": QIJIANG_SHORT,
                 "plans": QIJIANG_PLANS}, QIJIANG_FIG),
        GoldDoc("zhongwei-2019", text("zhongwei-2019"), _title("zhongwei-2019"), "report",
                {"measures": ZHONGWEI_MEASURES, "shortcomings": ZHONGWEI_SHORT, "leaders": ZHONGWEI_LEADERS,
                 "plans": ZHONGWEI_PLANS}, ZHONGWEI_FIG),
        GoldDoc("haiyan-reply-2023", text("haiyan-reply-2023"), _title("haiyan-reply-2023"), "reply",
                {"measures": P("section", "一、我县法治政府建设工作现况", "推进社会基层治理。"),
                 "plans": P("section", "二、下一步工作举措", "打造高素质法治人才队伍。")}, HAIYAN_FIG),
    ]


# ----------------------------------------------------------------------------------- variants

def _zengdu_variants() -> list[GoldDoc]:
    z = _paras("zengdu-2024")
    title = _title("zengdu-2024")
    measures_body, short_body, leaders_body, plans_body = z[2:18], z[19], z[21], z[23:26]
    out = []

    # moved: the leaders' part first, everything renumbered
    lead1 = "一、2024年度党政主要负责人履行推进法治建设第一责任人职责情况"
    t = "\n".join([z[0], lead1, leaders_body, "二、主要举措和成效", *measures_body, "三、存在的主要问题", short_body,
                   "四、下一步工作计划", *plans_body])
    out.append(GoldDoc("zengdu-moved-leaders-first", t, title, "report", {
        "leaders": P("section", lead1, "开展了实地督察。"),
        "measures": P("section", "二、主要举措和成效", "2400余人次。"),
        "shortcomings": P("section", "三、存在的主要问题", "审查程序有待进一步优化。"),
        "plans": P("section", "四、下一步工作计划", "公民权益不减损。")}, ZENGDU_FIG))

    # renamed headings
    t = "\n".join([z[0], "一、2024年法治政府建设工作回顾", *measures_body, "二、存在的短板和原因", short_body,
                   "三、党政主要负责人履职情况", leaders_body, "四、2025年工作思路", *plans_body])
    out.append(GoldDoc("zengdu-renamed", t, title, "report", {
        "measures": P("section", "一、2024年法治政府建设工作回顾", "2400余人次。"),
        "shortcomings": P("section", "二、存在的短板和原因", "审查程序有待进一步优化。"),
        "leaders": P("section", "三、党政主要负责人履职情况", "开展了实地督察。"),
        "plans": P("section", "四、2025年工作思路", "公民权益不减损。")}, ZENGDU_FIG))

    # missing: no shortcomings (the measures' "报告法治政府建设中存在的问题" is not a self-assessment)
    t = "\n".join([z[0], z[1], *measures_body, "二、" + z[20][2:], leaders_body, "三、下一步工作计划",
                   *plans_body])
    out.append(GoldDoc("zengdu-no-shortcomings", t, title, "report", {
        "measures": ZENGDU_MEASURES,
        "leaders": P("section", "二、" + z[20][2:], "开展了实地督察。"),
        "plans": P("section", "三、下一步工作计划", "公民权益不减损。")}, ZENGDU_FIG))

    # merged: shortcomings and plans under one heading
    merged = "二、存在的主要问题和下一步工作计划"
    t = "\n".join([z[0], z[1], *measures_body, merged, short_body, *plans_body,
                   "三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况", leaders_body])
    out.append(GoldDoc("zengdu-merged-shortcomings-plans", t, title, "report", {
        "measures": ZENGDU_MEASURES,
        "shortcomings": P("section", merged, "公民权益不减损。"),
        "plans": P("section", merged, "公民权益不减损。"),
        "leaders": P("section", "三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况",
                     "开展了实地督察。")}, ZENGDU_FIG))

    # folded: the leaders' part as the measures' fifth sub-point
    sub = "(五)党政主要负责人履行推进法治建设第一责任人职责情况"
    t = "\n".join([z[0], z[1], *measures_body, sub, leaders_body, z[18], short_body, "三、下一步工作计划",
                   *plans_body])
    out.append(GoldDoc("zengdu-leaders-subpoint", t, title, "report", {
        "measures": P("section", "一、主要举措和成效", "开展了实地督察。"),
        "leaders": P("mentioned", sub, sub),
        "shortcomings": ZENGDU_SHORT,
        "plans": P("section", "三、下一步工作计划", "公民权益不减损。")}, ZENGDU_FIG))

    # missing leaders' part: only the measures mention the first responsible person's duty
    t = "\n".join([z[0], z[1], *measures_body, z[18], short_body, "三、下一步工作计划", *plans_body])
    out.append(GoldDoc("zengdu-no-leaders", t, title, "report", {
        "measures": ZENGDU_MEASURES,
        "leaders": P("mentioned", "充分发挥区委依法治区委员会牵头抓总", "做好全省法治政府建设示范地区回访抽查工作。"),
        "shortcomings": ZENGDU_SHORT,
        "plans": P("section", "三、下一步工作计划", "公民权益不减损。")}, ZENGDU_FIG))

    base = "\n".join(z)
    parts = {"measures": ZENGDU_MEASURES, "shortcomings": ZENGDU_SHORT, "leaders": ZENGDU_LEADERS,
             "plans": ZENGDU_PLANS}

    # figures in Chinese numerals
    t = _sub(base, "行政复议案件135件,办理行政应诉案件30件", "行政复议案件一百三十五件,办理行政应诉案件三十件")
    t = _sub(t, "重大决策事项48余件", "重大决策事项四十八件")
    out.append(GoldDoc("zengdu-chinese-numerals", t, title, "report", parts, {
        "review_received": (135, "全年共办理行政复议案件一百三十五件"),
        "litigation_first_instance": (30, "办理行政应诉案件三十件"),
        "major_decisions": (48, "参与区政府重大决策事项四十八件")}))

    # full-width digits and a full-width percentage
    t = _sub(base, "行政复议案件135件,办理行政应诉案件30件。", "行政复议案件１３５件,办理行政应诉案件３０件。"
             "行政机关负责人出庭应诉率达到９５％。")
    t = _sub(t, "重大决策事项48余件", "重大决策事项４８余件")
    out.append(GoldDoc("zengdu-fullwidth", t, title, "report", parts, {
        "review_received": (135, "全年共办理行政复议案件１３５件"),
        "litigation_first_instance": (30, "办理行政应诉案件３０件"),
        "major_decisions": (48, "重大决策事项４８余件"),
        "leader_appearance_rate": (95, "行政机关负责人出庭应诉率达到９５％")}))

    # percentages in Chinese numerals
    t = _sub(base, "办理行政应诉案件30件。",
             "办理行政应诉案件30件。行政复议纠错率为百分之十二点五,行政诉讼败诉率为百分之八。")
    out.append(GoldDoc("zengdu-chinese-percentages", t, title, "report", parts, {
        **ZENGDU_FIG,
        "review_correction_rate": (12.5, "行政复议纠错率为百分之十二点五"),
        "litigation_loss_rate": (8, "行政诉讼败诉率为百分之八")}))

    # the fifth part, other matters
    t = base + "\n五、其他需要报告的事项\n2024年度,我区无其他需要报告的事项。"
    out.append(GoldDoc("zengdu-other-part", t, title, "report", {
        **parts, "other": P("section", "五、其他需要报告的事项", "我区无其他需要报告的事项。")}, ZENGDU_FIG))

    # a target for next year in the plans is not a result
    target = "确保行政检查于法有据、严格规范、公正文明、精准高效,坚决遏制乱检查,切实减轻企业负担。"
    t = _sub(base, target, target + "力争行政机关负责人出庭应诉率达到100%。")
    out.append(GoldDoc("zengdu-target-only-in-plans", t, title, "report", parts, ZENGDU_FIG))
    t = _sub(t, "办理行政应诉案件30件。", "办理行政应诉案件30件,行政机关负责人出庭应诉率为95%。")
    out.append(GoldDoc("zengdu-result-and-target", t, title, "report", parts, {
        **ZENGDU_FIG, "litigation_first_instance": (30, "办理行政应诉案件30件,行政机关负责人出庭应诉率为95%"),
        "leader_appearance_rate": (95, "行政机关负责人出庭应诉率为95%")}))

    # headings without numbers
    t = "\n".join([z[0], "主要举措和成效", *measures_body, "存在的主要问题", short_body, "党政主要负责人履职情况",
                   leaders_body, "下一步工作计划", *plans_body])
    out.append(GoldDoc("zengdu-unnumbered", t, title, "report", {
        "measures": P("section", "主要举措和成效", "2400余人次。"),
        "shortcomings": P("section", "存在的主要问题", "审查程序有待进一步优化。"),
        "leaders": P("section", "党政主要负责人履职情况", "开展了实地督察。"),
        "plans": P("section", "下一步工作计划", "公民权益不减损。")}, ZENGDU_FIG))
    return out


def _qingjiangpu_variants() -> list[GoldDoc]:
    q = _paras("qingjiangpu-2023")
    title = _title("qingjiangpu-2023")
    out = []
    plans3, short4 = "三、推进法治政府建设的主要安排", "四、推进法治政府建设存在的不足和问题"
    t = "\n".join([*q[0:11], plans3, q[14], short4, q[12]])
    out.append(GoldDoc("qingjiangpu-plans-before-shortcomings", t, title, "report", {
        "measures": QJP_MEASURES, "leaders": QJP_LEADERS,
        "plans": P("section", plans3, "幸福感、安全感。"),
        "shortcomings": P("section", short4, "解决问题的能力还有待加强。")}, QJP_FIG))

    t = "\n".join(q[0:13])
    out.append(GoldDoc("qingjiangpu-no-plans", t, title, "report", {
        "measures": QJP_MEASURES, "leaders": QJP_LEADERS, "shortcomings": QJP_SHORT}, QJP_FIG))

    sub = "(四)存在的不足和问题"
    t = "\n".join([*q[0:11], sub, q[12], plans3, q[14]])
    out.append(GoldDoc("qingjiangpu-shortcomings-subpoint", t, title, "report", {
        "measures": QJP_MEASURES,
        "leaders": P("section", QJP_LEADERS.heading, "解决问题的能力还有待加强。"),
        "shortcomings": P("mentioned", sub, sub),
        "plans": P("section", plans3, "幸福感、安全感。")}, QJP_FIG))

    opening = ("2023年,清江浦区司法局在区委、区政府的坚强领导下,坚持以习近平新时代中国特色社会主义思想为指导,"
               "我局深入贯彻落实习近平法治思想,扎实推进依法行政。现将有关情况报告如下:")
    t = "\n".join([opening, *q[1:]])
    out.append(GoldDoc("qingjiangpu-department", t, "淮安市清江浦区司法局2023年度法治政府建设工作情况报告",
                       "department_report", {"measures": QJP_MEASURES, "leaders": QJP_LEADERS,
                                             "shortcomings": QJP_SHORT, "plans": QJP_PLANS}, QJP_FIG))

    t = _sub("\n".join(q), "行政首长出庭应诉率100%", "行政首长出庭应诉率１００％")
    t = _sub(t, "行政诉讼败诉率7.3%", "行政诉讼败诉率７．３％")
    out.append(GoldDoc("qingjiangpu-fullwidth-percentages", t, title, "report", {
        "measures": QJP_MEASURES, "leaders": QJP_LEADERS, "shortcomings": QJP_SHORT, "plans": QJP_PLANS}, {
        **QJP_FIG, "litigation_loss_rate": (7.3, "行政诉讼败诉率７．３％"),
        "leader_appearance_rate": (100, "行政首长出庭应诉率１００％")}))

    heads = ("一、2023年度法治政府建设工作开展情况及成效", "二、党政主要负责人履行推进法治建设第一责任人职责情况",
             "三、存在问题及原因分析", "四、2024年工作安排")
    t = "\n".join([q[0], heads[0], *q[2:7], heads[1], *q[8:11], heads[2], q[12], heads[3], q[14]])
    out.append(GoldDoc("qingjiangpu-renamed", t, title, "report", {
        "measures": P("section", heads[0], "顺利通过“八五”普法中期评估验收。"),
        "leaders": P("section", heads[1], "形成通报、以督促进。"),
        "shortcomings": P("section", heads[2], "解决问题的能力还有待加强。"),
        "plans": P("section", heads[3], "幸福感、安全感。")}, QJP_FIG))

    news = ("近日,清江浦区政府召开常务会议,审议并原则通过《关于2023年度法治政府建设工作情况的报告》。\n"
            "会议指出,2023年全区共受理行政复议案件81件,行政首长出庭应诉率100%。\n"
            "会议要求,下一步要抓住领导干部这个“关键少数”,持续推进法治政府建设。")
    out.append(GoldDoc("qingjiangpu-news", news, "清江浦区政府常务会议审议法治政府建设年度报告", "news", {
        "plans": P("mentioned", "会议要求,下一步要抓住", "持续推进法治政府建设。")}, {
        "review_received": (81, "全区共受理行政复议案件81件"),
        "leader_appearance_rate": (100, "行政首长出庭应诉率100%")}))
    return out


def _qijiang_variants() -> list[GoldDoc]:
    j = _paras("qijiang-2021")
    title = _title("qijiang-2021")
    out = []
    t = "\n".join([*j[0:12], "三、存在的不足", j[12], "四、2022年法治政府建设工作打算", *j[14:]])
    out.append(GoldDoc("qijiang-shortcomings-heading", t, title, "report", {
        "leaders": QIJIANG_LEADERS,
        "measures": P("section", QIJIANG_MEASURES.heading, "依法受理57件,办结47件。"),
        "shortcomings": P("section", "三、存在的不足", "法治建设经费保障有待进一步加强。"),
        "plans": P("section", "四、2022年法治政府建设工作打算", "满足社会公众公共法律服务需求。")}, QIJIANG_FIG))

    t = _sub("\n".join(j), "三、2022年法治政府建设工作打算", "三、下一年度主要工作安排")
    out.append(GoldDoc("qijiang-plans-renamed", t, title, "report", {
        "leaders": QIJIANG_LEADERS, "measures": QIJIANG_MEASURES, "shortcomings": QIJIANG_SHORT,
        "plans": P("section", "三、下一年度主要工作安排", "满足社会公众公共法律服务需求。")}, QIJIANG_FIG))

    t = _sub("\n".join(j), "复议申请61件,依法受理57件,办结47件", "复议申请六十一件,依法受理五十七件,办结四十七件")
    t = _sub(t, "全年共审查区政府规范性文件53件", "全年共审查区政府规范性文件五十三件")
    t = _sub(t, "全年共审查重大行政决策26件", "全年共审查重大行政决策二十六件")
    out.append(GoldDoc("qijiang-chinese-numerals", t, title, "report", {
        "leaders": QIJIANG_LEADERS, "measures": P("section", QIJIANG_MEASURES.heading, "经费保障有待进一步加强。"),
        "shortcomings": QIJIANG_SHORT, "plans": QIJIANG_PLANS}, {
        "review_received": (61, "复议申请六十一件"), "review_concluded": (47, "办结四十七件"),
        "normative_documents_reviewed": (53, "规范性文件五十三件"),
        "major_decisions": (26, "重大行政决策二十六件"),
        "legal_adviser_coverage": (100, "381个村(社区)法律顾问全覆盖")}))
    return out


def _zhongwei_variants() -> list[GoldDoc]:
    w = _paras("zhongwei-2019")
    title = _title("zhongwei-2019")
    out = []
    lead = "二、党政主要负责人履行推进法治建设第一责任人职责情况"
    t = "\n".join([*w[0:9], lead, "市委、市政府主要负责同志带头学法,全年主持召开专题会议研究法治政府建设工作8次。",
                   "三、下一步工作", w[10]])
    out.append(GoldDoc("zhongwei-leaders-section", t, title, "report", {
        "measures": ZHONGWEI_MEASURES, "shortcomings": ZHONGWEI_SHORT,
        "leaders": P("section", lead, "研究法治政府建设工作8次。"),
        "plans": P("section", "三、下一步工作", "打造中卫版“枫桥经验”。")}, ZHONGWEI_FIG))

    t = "\n".join([*w[0:9], w[10]])
    out.append(GoldDoc("zhongwei-plans-unheaded", t, title, "report", {
        "measures": P("section", "一、主要做法及成效", "打造中卫版“枫桥经验”。"),
        "shortcomings": ZHONGWEI_SHORT, "leaders": ZHONGWEI_LEADERS,
        "plans": P("mentioned", "2020年,我们将深入贯彻党的十九届四中全会精神", "确保2020年实现法治政府建设总体目标。")},
        ZHONGWEI_FIG))

    t = _sub("\n".join(w), "受理行政复议案件56件,已审结52件", "受理行政复议案件５６件,已审结５２件")
    out.append(GoldDoc("zhongwei-fullwidth", t, title, "report", {
        "measures": ZHONGWEI_MEASURES, "shortcomings": ZHONGWEI_SHORT, "leaders": ZHONGWEI_LEADERS,
        "plans": ZHONGWEI_PLANS}, {**ZHONGWEI_FIG, "review_received": (56, "受理行政复议案件５６件"),
                                    "review_concluded": (52, "已审结５２件")}))

    t = _sub("\n".join(w), "一、主要做法及成效", "一．主要做法及成效")
    t = _sub(t, "二、下一步工作", "二．下一步工作")
    out.append(GoldDoc("zhongwei-fullwidth-heading-numbers", t, title, "report", {
        "measures": P("section", "一．主要做法及成效", "行政执法监督制度还不健全。"),
        "shortcomings": ZHONGWEI_SHORT, "leaders": ZHONGWEI_LEADERS,
        "plans": P("section", "二．下一步工作", "打造中卫版“枫桥经验”。")}, ZHONGWEI_FIG))

    t = _sub("\n".join(w), "一、主要做法及成效", "第一部分 主要做法及成效")
    t = _sub(t, "二、下一步工作", "第二部分 下一步工作")
    out.append(GoldDoc("zhongwei-part-numbering", t, title, "report", {
        "measures": P("section", "第一部分 主要做法及成效", "行政执法监督制度还不健全。"),
        "shortcomings": ZHONGWEI_SHORT, "leaders": ZHONGWEI_LEADERS,
        "plans": P("section", "第二部分 下一步工作", "打造中卫版“枫桥经验”。")}, ZHONGWEI_FIG))
    return out


def _other_styles() -> list[GoldDoc]:
    """Short texts written for this set in layouts the corpus does not use (annotated before the
    analyser was run on them): a field of work per top-level heading, （一） as the top level, a
    department's report, a reply to a deputy's suggestion, and a report with all five parts and harder
    figures. On their first run the analyser got the （一） layout wrong (no sections); the rule that
    （一） is the top level of a text without 一、 headings came from it."""
    topical = ("2023年,某县法治政府建设工作情况报告如下:\n"
               "一、深化“放管服”改革,优化法治化营商环境\n"
               "全年新增市场主体3200户。\n"
               "二、严格规范公正文明执法\n"
               "全县开展行政执法案卷评查2次,评查案卷120卷。\n"
               "三、强化行政复议和应诉\n"
               "全年共受理行政复议申请四十二件,办结三十九件,纠错率为百分之七点一。"
               "一审行政诉讼案件二十八件,行政机关负责人出庭应诉率100%。\n"
               "四、存在的问题\n"
               "一是基层执法力量薄弱;二是法治宣传针对性不强。\n"
               "五、2024年工作打算\n"
               "继续深化依法行政,力争行政复议纠错率下降。")
    sub_top = ("2023年,某区司法局在区委、区政府领导下推进法治政府建设,现将有关情况报告如下:\n"
               "(一)主要工作和成效\n"
               "全年审核行政规范性文件15件,审查重大行政决策事项6项,政府法律顾问覆盖率100%。\n"
               "(二)存在的不足\n"
               "法治队伍建设仍需加强。\n"
               "(三)党政主要负责人履行推进法治建设第一责任人职责情况\n"
               "区长主持召开常务会议专题研究法治政府建设4次。\n"
               "(四)下一步打算\n"
               "持续推进严格规范公正文明执法。")
    dept = ("2023年,我局坚持以习近平法治思想为指导,扎实推进依法行政,现将有关情况报告如下:\n"
            "一、主要举措和成效\n"
            "全年办理行政复议案件5件,行政诉讼败诉率为零。\n"
            "二、存在的不足和原因\n"
            "执法人员法治素养有待提高。\n"
            "三、2024年主要安排\n"
            "加强执法人员培训。")
    reply = ("尊敬的王小明代表:\n"
             "您提出的关于加强基层法治政府建设的建议收悉。现答复如下:\n"
             "一、工作开展情况\n"
             "2023年,全县共收到行政复议申请58件,其中受理52件,审结48件,纠错率7.7%。\n"
             "二、下一步工作\n"
             "我们将认真研究您的建议。\n"
             "感谢您对我县工作的关心和支持。")
    figures = ("2023年,我市坚持以习近平法治思想为指导,现将法治政府建设情况报告如下:\n"
               "一、2023年度法治政府建设主要举措和成效\n"
               "全市新收一审行政诉讼案件93件,行政诉讼案件一审败诉率为3.2%,行政机关负责人出庭应诉率达到了100%。"
               "全市各级党政机关法律顾问覆盖率达到100%。全年审查规范性文件1,024件。\n"
               "二、党政主要负责人履行推进法治建设第一责任人职责情况\n"
               "市政府主要负责同志带头讲法治课。\n"
               "三、存在的不足和原因\n"
               "一是法治意识有待增强。\n"
               "四、2024年工作安排\n"
               "行政机关负责人出庭应诉率力争保持100%。\n"
               "五、其他需要报告的事项\n"
               "无。")
    return [
        GoldDoc("other-reply-to-deputy", reply, "关于县人大十八届三次会议第12号建议的答复", "reply", {
            "measures": P("section", "一、工作开展情况", "纠错率7.7%。"),
            "plans": P("section", "二、下一步工作", "感谢您对我县工作的关心和支持。")}, {
            "review_received": (58, "全县共收到行政复议申请58件"), "review_concluded": (48, "审结48件"),
            "review_correction_rate": (7.7, "纠错率7.7%")}),
        GoldDoc("other-all-five-parts", figures, "某市2023年度法治政府建设情况报告", "report", {
            "measures": P("section", "一、2023年度法治政府建设主要举措和成效", "全年审查规范性文件1,024件。"),
            "leaders": P("section", "二、党政主要负责人履行推进法治建设第一责任人职责情况", "带头讲法治课。"),
            "shortcomings": P("section", "三、存在的不足和原因", "法治意识有待增强。"),
            "plans": P("section", "四、2024年工作安排", "力争保持100%。"),
            "other": P("section", "五、其他需要报告的事项", "无。")}, {
            "litigation_first_instance": (93, "新收一审行政诉讼案件93件"),
            "litigation_loss_rate": (3.2, "一审败诉率为3.2%"),
            "leader_appearance_rate": (100, "出庭应诉率达到了100%"),
            "legal_adviser_coverage": (100, "法律顾问覆盖率达到100%"),
            "normative_documents_reviewed": (1024, "审查规范性文件1,024件")}),
        GoldDoc("other-topical-headings", topical, "某县2023年度法治政府建设情况报告", "report", {
            "measures": P("section", "一、深化“放管服”改革,优化法治化营商环境", "出庭应诉率100%。"),
            "shortcomings": P("section", "四、存在的问题", "法治宣传针对性不强。"),
            "plans": P("section", "五、2024年工作打算", "力争行政复议纠错率下降。")}, {
            "review_received": (42, "受理行政复议申请四十二件"), "review_concluded": (39, "办结三十九件"),
            "review_correction_rate": (7.1, "纠错率为百分之七点一"),
            "litigation_first_instance": (28, "一审行政诉讼案件二十八件"),
            "leader_appearance_rate": (100, "出庭应诉率100%")}),
        GoldDoc("other-sub-numbered-top-level", sub_top, "某区2023年度法治政府建设情况报告", "report", {
            "measures": P("section", "(一)主要工作和成效", "政府法律顾问覆盖率100%。"),
            "shortcomings": P("section", "(二)存在的不足", "法治队伍建设仍需加强。"),
            "leaders": P("section", "(三)党政主要负责人履行推进法治建设第一责任人职责情况", "研究法治政府建设4次。"),
            "plans": P("section", "(四)下一步打算", "严格规范公正文明执法。")}, {
            "normative_documents_reviewed": (15, "审核行政规范性文件15件"),
            "major_decisions": (6, "审查重大行政决策事项6项"),
            "legal_adviser_coverage": (100, "政府法律顾问覆盖率100%")}),
        GoldDoc("other-department", dept, "某县司法局2023年度法治政府建设情况报告", "department_report", {
            "measures": P("section", "一、主要举措和成效", "行政诉讼败诉率为零。"),
            "shortcomings": P("section", "二、存在的不足和原因", "有待提高。"),
            "plans": P("section", "三、2024年主要安排", "加强执法人员培训。")}, {
            "review_received": (5, "全年办理行政复议案件5件"), "litigation_loss_rate": (0, "行政诉讼败诉率为零")}),
    ]


def gold_set() -> list[GoldDoc]:
    """The corpus reports, every variant and the texts in other layouts."""
    return [*_corpus(), *_zengdu_variants(), *_qingjiangpu_variants(), *_qijiang_variants(),
            *_zhongwei_variants(), *_other_styles()]

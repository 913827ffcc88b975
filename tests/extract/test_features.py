"""Body selection, overrides, metadata, attachments and paragraphs on small hand-made pages."""

from __future__ import annotations

import pytest

from govwatch.extract import extract
from govwatch.extract.meta import report_year, strip_site_name
from govwatch.extract.textutil import normalize_space, parse_date

PROSE = [
    "2023年，我县坚持以习近平法治思想为指导，全面推进法治政府建设，取得积极成效。",
    "一、主要举措和成效",
    "（一）深化“放管服”改革，全年取消调整行政许可事项12项，推进无障碍环境建设。",
    "（二）严格规范公正文明执法，开展行政执法案卷评查，纠正问题32个。",
    "二、存在的不足和下一步工作安排",
]


def page(body: str, head: str = "", before: str = "", after: str = "") -> str:
    nav = "<ul class='nav'>" + "".join(f"<li><a href='/c{i}/'>栏目{i}</a></li>" for i in range(30)) + "</ul>"
    return (f"<html><head>{head}</head><body>{nav}{before}{body}{after}"
            "<div class='footer'>版权所有：某某县人民政府 浙ICP备05018911号</div></body></html>")


def ps(lines: list[str]) -> str:
    return "".join(f"<p>{x}</p>" for x in lines)


@pytest.mark.parametrize(
    "container",
    [
        '<div class="TRS_Editor">{}</div>',
        '<div class="view TRS_UEDITOR trs_paper_default">{}</div>',
        '<div class="trs_editor_view">{}</div>',
        '<div id="zoom">{}</div>',
        '<div id="zoom"><div id="font"><ucapcontent>{}</ucapcontent></div></div>',
        '<div id="UCAP-CONTENT">{}</div>',
        '<div class="x"><!--ZJEG_RSS.content.begin-->{}<!--ZJEG_RSS.content.end--></div>',
        '<div class="q7"><div class="k2">{}</div></div>',  # unknown template: density fallback
    ],
)
def test_known_containers_and_fallback(container: str) -> None:
    html = page(container.format(ps(PROSE)), before="<div class='side'><p>热点新闻</p><p>通知公告</p></div>")
    res = extract(html)
    assert res.paragraphs == PROSE


def test_chrome_between_markers_is_excluded() -> None:
    body = ('<div id="zoom"><p>字号：[ 大 中 小 ]</p><!--ZJEG_RSS.content.begin-->' + ps(PROSE)
            + '<!--ZJEG_RSS.content.end--><p>打印本页 关闭窗口</p><p>扫一扫在手机打开当前页</p></div>')
    assert extract(page(body)).paragraphs == PROSE


def test_chrome_inside_container_is_removed() -> None:
    body = ('<div class="TRS_Editor"><p>当前位置：首页 &gt; 政务公开 &gt; 正文</p>'
            "<p>发布时间：2024-02-18 来源：县司法局</p>" + ps(PROSE)
            + "<p>（责任编辑：张三）</p><p>上一篇：关于印发工作要点的通知</p><p>返回顶部</p></div>")
    res = extract(page(body))
    assert res.paragraphs == PROSE
    assert res.published == "2024-02-18"
    assert res.publisher == "县司法局"


def test_hidden_copies_are_not_returned_twice() -> None:
    body = (f'<div class="TRS_Editor">{ps(PROSE)}</div><div style="display:none" id="print">{ps(PROSE)}</div>'
            f'<div class="mobile hide">{ps(PROSE)}</div><div hidden>{ps(PROSE)}</div>')
    assert extract(page(body)).paragraphs == PROSE


def test_content_and_drop_override() -> None:
    body = (f'<div class="TRS_Editor"><p>编者按：这是一段导语，不是正文。</p></div>'
            f'<div class="real">{ps(PROSE)}<div class="ad">广告位招租，欢迎联系。</div></div>')
    res = extract(page(body), content="div.real", drop=["div.ad"])
    assert res.paragraphs == PROSE
    # an override matching nothing falls back to the automatic choice
    res2 = extract(page(body), content="div.missing")
    assert res2.paragraphs[: len(PROSE)] == PROSE


def test_metadata_sources() -> None:
    head = ('<meta name="ArticleTitle" content="某某县2023年度法治政府建设情况报告">'
            '<meta name="PubDate" content="2024-03-28 10:00">'
            '<meta name="ContentSource" content="某某县人民政府">'
            "<title>工作报告_某某县人民政府</title>")
    res = extract(page(f'<div class="TRS_Editor">{ps(PROSE)}</div>', head=head))
    assert res.title == "某某县2023年度法治政府建设情况报告"
    assert res.published == "2024-03-28"
    assert res.publisher == "某某县人民政府"
    assert res.report_year == 2023


def test_title_from_title_tag_minus_site_name_and_dateline() -> None:
    before = "<div class='info'>发布日期：2022-03-22 来源：綦江区司法局</div>"
    head = "<title>关于2021年度法治政府建设工作情况的报告_綦江区人民政府</title>"
    html = page(f'<div class="TRS_Editor">{ps(PROSE)}</div>', head=head, before=before)
    res = extract(html)
    assert res.title == "关于2021年度法治政府建设工作情况的报告"
    assert res.published == "2022-03-22"
    assert res.publisher == "綦江区司法局"
    assert res.report_year == 2021


def test_column_name_title_loses_to_heading() -> None:
    before = "<h1 class='title'>某某区2024年度法治政府建设情况报告</h1>"
    html = page(f'<div class="TRS_Editor">{ps(PROSE)}</div>', head="<title>法治政府建设年度报告</title>",
                before=before)
    assert extract(html).title == "某某区2024年度法治政府建设情况报告"


def test_today_widget_is_never_a_date() -> None:
    before = "<div class='top'>今天是：2019年10月31日 星期三</div><div class='t'>2019年10月31日 星期三</div>"
    lines = [*PROSE, "某某县人民政府", "2024年3月1日"]
    res = extract(page(f'<div class="TRS_Editor">{ps(lines)}</div>', before=before))
    assert res.published == "2024-03-01"  # the signature date
    assert res.publisher == "某某县人民政府"
    res2 = extract(page(f'<div class="TRS_Editor">{ps(PROSE)}</div>', before=before))
    assert res2.published is None


def test_disclosure_table_becomes_fields() -> None:
    table = ("<table class='xxgk'><tr><td>索 引 号：</td><td>113304240025560106/2023-74723</td>"
             "<td>组配分类：</td><td>建议提案</td></tr><tr><td>发布机构：</td><td>县司法局</td>"
             "<td>成文日期：</td><td>2023年06月05日</td></tr>"
             "<tr><td>文件编号：</td><td>盐司函〔2023〕2号</td><td>有效性：</td><td>有效</td></tr></table>")
    res = extract(page(f'<div id="zoom">{table}{ps(PROSE)}</div>'))
    assert res.fields == {"索引号": "113304240025560106/2023-74723", "主题分类": "建议提案",
                          "发布机构": "县司法局", "成文日期": "2023-06-05", "文号": "盐司函〔2023〕2号",
                          "有效性": "有效"}
    assert res.paragraphs == PROSE
    assert res.published == "2023-06-05"
    assert res.publisher == "县司法局"


def test_table_body_keeps_cells() -> None:
    table = ("<table><tr><td>序号</td><td>当事人名称</td><td>处罚内容</td></tr>"
             "<tr><td>1</td><td>某某保险公司</td><td><p>罚款56万元</p><p>警告</p></td></tr></table>")
    res = extract(page(f'<div class="TRS_Editor"><p>行政处罚信息公开表如下，请查阅。</p>{table}</div>'))
    assert "序号 当事人名称 处罚内容" in res.paragraphs
    assert "罚款56万元" in res.paragraphs and "某某保险公司" in res.paragraphs


def test_attachments_and_images() -> None:
    body = ('<div class="TRS_Editor">' + ps(PROSE)
            + '<p><img src="./W020240318.jpg" alt="现场照片"><img src="data:image/png;base64,AAAA"></p>'
            '<p>附件：<a href="./P020240318123.pdf">1.报告全文.pdf</a></p>'
            '<p><a href="/module/download/downfile.jsp?classid=0&amp;filename=abc123.docx">2.附表</a></p>'
            '<p><a href="/zwgk/other.html">相关文件</a></p></div>'
            '<div class="fj"><a href="files/table.xlsx">统计表</a></div>')
    res = extract(page(body), "http://www.example.gov.cn/zwgk/202403/t20240318_1.html")
    urls = {a.url: a.text for a in res.attachments}
    assert urls == {
        "http://www.example.gov.cn/zwgk/202403/P020240318123.pdf": "1.报告全文.pdf",
        "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=abc123.docx": "2.附表",
        "http://www.example.gov.cn/zwgk/202403/files/table.xlsx": "统计表",
    }
    assert [(i.text, i.url) for i in res.images] == [
        ("现场照片", "http://www.example.gov.cn/zwgk/202403/W020240318.jpg")]


def test_br_lines_and_whitespace() -> None:
    body = ('<div class="TRS_Editor">　　第一行，内容。<br>  第二行 ， 含  空格。<br><br>'
            "第三行（全角）！</div>")
    assert extract(page(body)).paragraphs == ["第一行，内容。", "第二行 ， 含 空格。", "第三行（全角）！"]


def test_source_line_breaks_between_cjk_are_not_spaces() -> None:
    assert normalize_space("依法\n    行政，\u3000推进") == "依法行政， 推进"
    assert normalize_space("A\nB") == "A B"


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("某某区2023年度法治政府建设情况报告", 2023),
        ("2019年法治政府建设工作报告", 2019),
        ("关于2016—2020年法治政府建设情况的报告", 2020),
        ("关于2016-2020年法治政府建设情况的报告", 2020),
        ("中共某某县委 某某县人民政府关于2024年法治政府建设情况的报告", 2024),
        ("2025年某某县法治政府建设情况", 2025),
        ("关于县政协十届二次会议第75号提案的答复函", None),
        ("1-10月德清县固定资产投资结构趋稳趋优", None),
        ("全国人大常委会关于调整2007年末国债余额限额的决议", None),
        (None, None),
    ],
)
def test_report_year(title: str | None, year: int | None) -> None:
    assert report_year(title) == year


@pytest.mark.parametrize(
    ("text", "date"),
    [("2024-03-28 10:00", "2024-03-28"), ("2023年6月5日", "2023-06-05"), ("2022/1/7", "2022-01-07"),
     ("二〇二三年六月五日", "2023-06-05"), ("2023年13月40日", None), ("no date", None)],
)
def test_parse_date(text: str, date: str | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("title", "stripped"),
    [("报告标题_某某县人民政府", "报告标题"), ("报告标题 - 某某政府网", "报告标题"),
     ("1-10月投资情况_浙江省发展和改革委员会", "1-10月投资情况"), ("报告标题", "报告标题"),
     ("报告标题__2007年第23号国务院公报_中国政府网", "报告标题")],
)
def test_strip_site_name(title: str, stripped: str) -> None:
    assert strip_site_name(title) == stripped

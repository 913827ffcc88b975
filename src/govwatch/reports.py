"""What an annual rule-of-law report looks like: title patterns, as data.

``DEFAULT_MATCH`` is the regex a link text or a document title must match for a source
without its own ``match:``; ``DEFAULT_EXCLUDE`` removes the decoys that mention the topic
(interpretations, proposal replies, meeting news, notices).

>>> classify("重庆市綦江区2021年度法治政府建设情况报告")
('report', 2021)
>>> classify("关于2016—2020年法治政府建设情况的报告")
('five_year_report', 2020)
>>> classify("【政策解读】《綦江区2021年度法治政府建设情况报告》解读")
(None, None)
"""

from __future__ import annotations

import re

#: (kind, pattern) — the first match wins; order from most to least specific.
REPORT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("five_year_report", r"(20\d\d|19\d\d)\s*[—–\-－~至到]+\s*(20\d\d)\s*年.{0,6}法治政府建设.{0,12}(报告|总结)"),
    ("joint_report", r"中共.{1,20}(委|党委).{0,6}.{1,20}人民政府.{0,10}关于.{0,12}法治政府建设.{0,12}(报告|情况)"),
    ("department_report",
     r"(局|委员会|办公室|中心|管委会|委)\s*(关于)?\s*(20\d\d)\s*年度?.{0,4}法治政府建设.{0,12}(报告|总结)"),
    ("report", r"(20\d\d)\s*年度?\s*.{0,10}法治政府建设.{0,16}(报告|总结|情况)"),
    ("report", r"法治政府建设.{0,6}(20\d\d)\s*年度?.{0,10}(报告|总结)"),
)

#: titles that mention the topic but are not reports
DECOY_PATTERNS: tuple[str, ...] = (
    r"解读|图解|一图读懂",
    r"答复",
    r"提案",
    r"建议的(复|回)",
    r"(召开|举办|举行|部署|推进会|座谈会|培训|会议)",
    r"通知|公告|意见|方案|要点|规划|纲要|清单|公示",
    r"示范创建|示范区创建|示范县创建",  # news of the 法治政府建设示范 campaign, not a report
)

DEFAULT_MATCH = "|".join(f"(?:{p})" for _, p in REPORT_PATTERNS)
DEFAULT_EXCLUDE = "|".join(f"(?:{p})" for p in DECOY_PATTERNS)

_COMPILED = tuple((kind, re.compile(p)) for kind, p in REPORT_PATTERNS)
_DECOY = re.compile(DEFAULT_EXCLUDE)
_YEAR = re.compile(r"(?:19|20)\d\d")


def classify(title: str | None) -> tuple[str | None, int | None]:
    """Return ``(kind, report_year)`` for a title, or ``(None, None)`` when it is no report."""
    if not title:
        return None, None
    text = re.sub(r"\s+", "", title)
    if _DECOY.search(text):
        return None, None
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return kind, report_year(text)
    return None, None


def report_year(title: str) -> int | None:
    """The year a report covers: the last year named before 法治政府建设 or right after it."""
    text = re.sub(r"\s+", "", title)
    head = text.split("法治政府建设", 1)[0]
    years = _YEAR.findall(head)
    if years:
        return int(years[-1])
    years = _YEAR.findall(text)
    return int(years[0]) if years else None

"""Report recognition: real title shapes from the field guide, and the decoys beside them."""

from __future__ import annotations

import pytest

from govwatch.reports import classify

REPORTS = [
    ("XX区2023年度法治政府建设情况报告", "report", 2023),
    ("关于2023年度法治政府建设工作情况的报告", "report", 2023),
    ("XX县人民政府关于2024年度法治政府建设工作情况的报告", "report", 2024),
    ("XX区人民政府 关于2020年度法治政府建设情况的报告", "report", 2020),
    ("XX区2023年法治政府建设年度情况报告", "report", 2023),
    ("XX县2022年法治政府建设年度报告", "report", 2022),
    ("2025年XX县法治政府建设情况", "report", 2025),
    ("2022年XX县法治政府建设工作总结", "report", 2022),
    ("中共XX县委 XX县人民政府关于2024年法治政府建设情况的报告", "joint_report", 2024),
    ("关于2016—2020年法治政府建设情况的报告", "five_year_report", 2020),
    ("XX区司法局2021年度法治政府建设情况报告", "department_report", 2021),
    ("2019年法治政府建设工作报告", "report", 2019),
    ("XX县司法局关于2024年法治政府建设工作情况的报告", "department_report", 2024),
    ("XX区住建局关于2023年度法治政府建设情况的报告", "department_report", 2023),
]
DECOYS = [
    "【文字解读】《XX区2023年度法治政府建设情况报告》文件解读",
    "【政策解读】XX县2022年法治政府建设年度报告",
    "【图解】XX区2024年度法治政府建设情况报告",
    "一图读懂《XX县2023年法治政府建设年度报告》",
    "关于县政协十届二次会议第75号提案的答复函",
    "XX区召开2023年度法治政府建设工作推进会",
    "关于印发《XX县2024年法治政府建设工作要点》的通知",
    "XX区2023年度部门预算",
    "2024年XX县法治政府建设示范创建工作情况",
    "XX县2024年度法治政府建设示范创建情况报告",
    "",
]


@pytest.mark.parametrize(("title", "kind", "year"), REPORTS)
def test_reports(title: str, kind: str, year: int) -> None:
    assert classify(title) == (kind, year)


@pytest.mark.parametrize("title", DECOYS)
def test_decoys(title: str) -> None:
    assert classify(title) == (None, None)

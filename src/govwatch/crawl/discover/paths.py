"""Column paths that repeat within a province, as data (one test per entry).

For a government of ``province``, discovery first asks the portal for each of the province's
paths; a 404 costs one request, a hit is the government's report column. Paths come from the
real sites listed in the shared coverage notes; ``{xxgk}`` alternatives are spelled out.

>>> [p.path for p in paths_for("宁夏回族自治区")]
['/xxgk/zfxxgkml/fzzfjs/list.html']
>>> paths_for("火星省")
[]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnPath:
    """One path, the province it repeats in, what the column is called, and where it was seen."""

    province: str
    path: str
    label: str
    seen_on: str


COLUMN_PATHS: tuple[ColumnPath, ...] = (
    ColumnPath(
        "湖北省",
        "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/",
        "法定主动公开内容 › 其他主动公开内容 › 法治政府建设年度报告",
        "房县 fangxian.gov.cn, 曾都区",
    ),
    ColumnPath(
        "湖北省",
        "/xxgk/fdzdgknr/qtzdgknr/fzzfjsndbg/",
        "法定主动公开内容 › 其他主动公开内容 › 法治政府建设年度报告",
        "下陆区 xialuqu.gov.cn",
    ),
    ColumnPath(
        "宁夏回族自治区", "/xxgk/zfxxgkml/fzzfjs/list.html", "政府信息公开目录 › 法治政府建设", "盐池 yanchi.gov.cn"
    ),
    ColumnPath("贵州省", "/zfxxgk/fdzdgknr/qtfdxx/fzzfjsqkndbg/", "其他法定信息 › 法治政府建设情况年度报告", "遵义"),
    ColumnPath("湖南省", "/zwgk/zfxxgkml/rdzt/fzzfsfcz/", "热点专题 › 法治政府示范创建", "长沙县"),
    ColumnPath("陕西省", "/ztzl/fzzfjs/", "专题专栏 › 法治政府建设", "周至"),
    ColumnPath("陕西省", "/ztzl/rdzt/fzzfjs/", "热点专题 › 法治政府建设", "高陵"),
)


def paths_for(province: str) -> list[ColumnPath]:
    """The column paths to try first for a government of ``province``."""
    return [p for p in COLUMN_PATHS if p.province == province]

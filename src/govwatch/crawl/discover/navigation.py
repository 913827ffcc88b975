"""Which links lead toward reports: link-text words with a priority, as data (one test per entry).

Navigation follows the links of a page whose text contains one of :data:`NAV_WORDS`, best
first (a lower number is followed earlier), breadth-first through paginated lists, on the
government's own hosts only.

>>> link_priority("法治政府建设年度报告"), link_priority("政府信息公开"), link_priority("联系我们")
(0, 3, None)
"""

from __future__ import annotations

#: (word in the link text, priority): 0 is a report column, 5 a broad section
NAV_WORDS: tuple[tuple[str, int], ...] = (
    ("法治政府建设年度报告", 0),
    ("法治政府建设年报", 0),
    ("法治政府建设", 1),
    ("法治政府", 1),
    ("依法行政", 2),
    ("其他主动公开内容", 2),
    ("其他法定信息", 2),
    ("法定主动公开内容", 3),
    ("政府信息公开", 3),
    ("信息公开", 3),
    ("司法局", 3),
    ("专题专栏", 4),
    ("通知公告", 4),
    ("政务公告", 4),
    ("公示公告", 4),
    ("县区政府", 2),
    ("专题", 5),
)

#: links whose text is one of these are never navigation (the site's chrome)
SKIP_WORDS = ("首页", "网站地图", "无障碍", "English", "登录", "注册")


def link_priority(text: str) -> int | None:
    """The priority of a navigation link by its text (``None``: not worth following)."""
    text = text.strip()
    if not text or len(text) > 30 or text in SKIP_WORDS:
        return None
    best = None
    for word, prio in NAV_WORDS:
        if word in text and (best is None or prio < best):
            best = prio
    return best

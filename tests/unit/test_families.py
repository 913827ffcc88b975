"""CMS family markers (data): one positive and one negative case per entry."""

from __future__ import annotations

import pytest

from govwatch.crawl.families import FAMILY_MARKERS, detect_family

# (html, url) that each marker must recognise
POSITIVE = {
    r"SID\s*:\s*['\"]\w+['\"]": ("<script>window._CONFIG={SID: '755585'}</script>", "http://x.gov.cn/a/"),
    r"/gkmlpt/": ("<html></html>", "http://www.szlhq.gov.cn/gkmlpt/index#2751"),
    r"<datastore>": ('<script type="text/xml"><datastore><recordset></recordset></datastore></script>', ""),
    r"jpage/dataproxy\.jsp": ("<script>proxyUrl: '/module/web/jpage/dataproxy.jsp'</script>", ""),
    r"/col/col\d+/": ("<html></html>", "http://www.haiyan.gov.cn/col/col1229436875/index.html"),
    r"/art/\d{4}/art_[0-9a-f]{32}\.html": ('<a href="/zhxx/art/2025/art_3f2a9c0b8d7e4f61a2b3c4d5e6f70812.html">', ""),
    r"function\s+goPage\s*\(": ("<script>function goPage(p){}</script>", ""),
    r"/col/\d+_\d+/": ("<html></html>", "http://www.haqjp.gov.cn/col/1835_433615/index.html"),
    r"createPageHTML\s*\(": ('<script>createPageHTML(4, 0, "index", "html");</script>', ""),
    r"/t\d{8}_\d+\.s?html": ("<html></html>", "http://www.cqqj.gov.cn/zwgk/202203/t20220322_123.html"),
    r"/content_\d+\.html": ('<a href="/37584/38152/66314/66315/content_3138490.html">x</a>', ""),
    r"/\d{19}\.html": ('<a href="/zfxxgk/fdzdgknr/zffz/1659120718843109377.html">x</a>', ""),
}
NEGATIVE_HTML = '<html><body><ul><li><a href="/news/2023/05/a.html">新闻</a></li></ul></body></html>'


@pytest.mark.parametrize("marker", FAMILY_MARKERS, ids=lambda m: f"{m.family}:{m.pattern}")
def test_marker(marker) -> None:  # type: ignore[no-untyped-def]
    html, url = POSITIVE[marker.pattern]
    assert detect_family(html, url or "http://x.gov.cn/") == marker.family
    assert detect_family(NEGATIVE_HTML, "http://x.gov.cn/news/index.html") is None


def test_every_marker_has_a_case() -> None:
    assert {m.pattern for m in FAMILY_MARKERS} == set(POSITIVE)

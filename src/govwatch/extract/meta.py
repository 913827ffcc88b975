"""Document metadata: title, publication date, publisher, report year."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.extract.chrome import match_rule
from govwatch.extract.fastdom import Rules, select
from govwatch.extract.textutil import (
    DATE_RE,
    full_date_line,
    make_date,
    normalize_space,
    parse_date,
    squash,
)

_TAG_RE = re.compile(r"<[^>]*>?")


def read_metas(tree: LexborHTMLParser, nodes: list[LexborNode] | None = None) -> dict[str, str]:
    """``<meta name|property|http-equiv=… content=…>`` anywhere in the page, first non-empty value wins;
    keys are lower-cased. ``nodes``: the page's elements from a selection that includes every ``meta``
    (other tags are skipped), so that a caller looking for more than metas walks the tree once."""
    out: dict[str, str] = {}
    for m in tree.css("meta") if nodes is None else nodes:
        if m.tag != "meta":
            continue
        attrs = m.attributes
        name = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        if not name:
            continue
        content = attrs.get("content")
        if not content:
            continue
        key = name.strip().lower()
        if key not in out:
            out[key] = content
    return out


_IDEO_SPACE = re.compile(r"(?<=[\u3400-\u9fff\d])[ \t\r\n]*\u3000[\s\u3000]*(?=[\u3400-\u9fff\d])")


def clean_title(text: str) -> str:
    """Whitespace-normalised title; ideographic spaces wedged between characters are dropped."""
    return normalize_space(_IDEO_SPACE.sub("", text))


def clean_meta_text(text: str | None) -> str:
    if not text:
        return ""
    return normalize_space(_TAG_RE.sub("", text).replace('">', ""))


# ---------------------------------------------------------------- title

#: heading-like elements, where a title is looked for (a selection, see :mod:`govwatch.extract.fastdom`)
HEADING_RULES = Rules(tags=("h1", "h2", "h3"), class_parts=("tit", "biaoti"), id_parts=("tit",),
                      class_tokens=("bt",))
HEADING_SELECTOR = HEADING_RULES.selector


_SITE_SEPS = ("_", "｜", "|", " - ", " – ", " — ", "－", "-", "—")
_SITE_HINT = re.compile(r"网|政府|门户|官网|官方|首页|频道|平台|中心|公报|专栏|委员会|局|厅|办公室|人民|栏目")
_BRACKETED = re.compile(r"[（(][^（()）]{1,40}[）)]|〔[^〔〕]{1,40}〕|【[^【】]{1,40}】|\[[^\[\]]{1,40}\]")


def heading_text(node: LexborNode) -> str:
    """Text of a heading element; block children are joined with one space."""
    parts: list[str] = []
    buf: list[str] = []
    for n in node.traverse(include_text=True):
        if n.tag == "-text":
            buf.append(n.text_content or "")
        elif n.tag in ("div", "p", "h1", "h2", "h3", "h4", "li") and n is not node and buf:
            # a block inside a heading is a sub-line (joined with a space); <br> is only a wrap hint
            parts.append("".join(buf))
            buf = []
    parts.append("".join(buf))
    return normalize_space(" ".join(p for p in (normalize_space(x) for x in parts) if p))


def _heading_candidates(root: LexborNode, prefix_of: str,
                        nodes: list[LexborNode] | None = None) -> list[tuple[str, LexborNode]]:
    """Heading-like elements whose squashed text begins ``prefix_of`` (the squashed meta or page title:
    no other heading can match), with that text (``heading_text`` is taken only of the one chosen: it
    walks the element, and menus give dozens of candidates). ``nodes``: ``root.css(HEADING_SELECTOR)``
    when the caller already selected them."""
    out: list[tuple[str, LexborNode]] = []
    for n in select(root, HEADING_RULES) if nodes is None else nodes:
        st = squash(n.text(deep=True))
        # the text test first: it rejects nearly every candidate (menus), the ancestor walk fewer
        if 4 <= len(st) <= 200 and prefix_of.startswith(st) and not _in_link_list(n):
            links = n.css("a")
            if links and sum(len(squash(a.text(deep=True))) for a in links) >= 0.9 * len(st):
                continue  # a link to a document, not the heading of this one
            out.append((st, n))
    return out


def _in_link_list(n: LexborNode, levels: int = 6) -> bool:
    """Headings of menus and link lists (nav mega-menus repeat other documents' titles)."""
    p: LexborNode | None = n
    for _ in range(levels):
        if p is None:
            return False
        if p.tag in ("a", "li", "nav", "option"):
            return True
        p = p.parent
    return False


def strip_site_name(title: str, site_names: tuple[str, ...] = ()) -> str:
    title = normalize_space(title)
    for sep in _SITE_SEPS:
        if sep not in title:
            continue
        parts = [p.strip() for p in title.split(sep)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        longest = max(parts, key=len)
        if parts[0] == longest and (sep in "_｜|" or sep.strip() != sep or
                                    all(_SITE_HINT.search(p) or p in site_names for p in parts[1:])):
            return parts[0]
        if _SITE_HINT.search(parts[-1]) or parts[-1] in site_names:
            while len(parts) > 1 and (_SITE_HINT.search(parts[-1]) or parts[-1] in site_names):
                parts.pop()  # site, then column / issue names
            return sep.join(parts).strip()
    return title


def find_title(root: LexborNode, metas: dict[str, str], page_title: str,
               headings: list[LexborNode] | None = None) -> tuple[str | None, str]:
    """The document title and where it came from: ``meta``, ``heading`` or ``page`` (``<title>`` minus the
    site name, which on many sites is only the column name: the caller may prefer a nearby heading).
    ``headings``: ``root.css(HEADING_SELECTOR)`` when the caller already selected them."""
    meta_title = clean_title(clean_meta_text(metas.get("articletitle") or metas.get("og:title")
                                             or metas.get("title")))
    sm = squash(meta_title)
    pt = spt = ""
    if not sm:
        pt = clean_title(page_title)
        spt = squash(pt)
    cands = _heading_candidates(root, sm or spt, headings) if sm or spt else []
    if sm:
        for st, node in cands:
            if st == sm:
                return heading_text(node), "heading"
        for st, node in cands:
            if len(st) >= 6 and sm.startswith(st) and _BRACKETED.fullmatch(sm[len(st):]):
                return heading_text(node), "heading"
        return meta_title, "meta"
    if spt:
        best = ""
        for st, node in cands:
            fits = len(st) >= 4 and spt.startswith(st) and len(st) > len(squash(best))
            if fits and (len(st) == len(spt) or spt[len(st)] in "_-|｜－—–( "):
                best = heading_text(node)
        if best:
            return best, "heading"
        site = tuple(v for k, v in metas.items() if k in ("sitename", "columnname") and v)
        stripped = strip_site_name(pt, site)
        if stripped:
            # "page": a site suffix was cut off, the rest is most likely the document title;
            # "page_raw": nothing to cut, the <title> may just name the site or the column
            return stripped, "page" if stripped != pt else "page_raw"
    return None, "none"


def prefer_heading(title: str | None, source: str, heading: str | None) -> bool:
    """Whether a heading found next to the body beats a title taken from ``<title>``."""
    if not heading:
        return False
    if not title or source in ("none", "page_raw"):
        return True
    sp, sh = squash(title), squash(heading)
    return sp in sh and len(sh) > len(sp)


def nearby_heading(container: LexborNode, levels: int = 5, max_sibs: int = 12) -> str | None:
    """The nearest heading-like element before ``container`` (for pages without meta/<title> help)."""
    cur: LexborNode | None = container
    for _ in range(levels):
        if cur is None:
            break
        sib = cur.prev
        seen = 0
        while sib is not None and seen < max_sibs:
            if sib.tag not in ("-text", "-comment"):
                seen += 1
                cand = [sib, *select(sib, HEADING_RULES)] if sib.tag not in ("h1", "h2", "h3") else [sib]
                for n in reversed(cand):
                    if n.tag in ("h1", "h2", "h3") or n is not sib or _looks_heading(n):
                        t = heading_text(n)
                        if _title_like(t):
                            return t
            sib = sib.prev
        cur = cur.parent
        if cur is not None and cur.tag in ("body", "html"):
            break
    return None


def _looks_heading(n: LexborNode) -> bool:
    if n.tag in ("h1", "h2", "h3", "h4"):
        return True
    name = (n.attributes.get("class") or "") + " " + (n.attributes.get("id") or "")
    return bool(re.search(r"tit|bt|biaoti|headline", name, re.I))


def _title_like(t: str) -> bool:
    st = squash(t)
    if not 5 <= len(st) <= 120:
        return False
    if re.search(r"(?:发布|时间|日期|来源|浏览)[:：]", st):
        return False
    return match_rule(t) is None


# ---------------------------------------------------------------- date

_DATE_META_KEYS = ("pubdate", "publishdate", "publish_date", "article:published_time", "dcterms.issued",
                   "pubtime", "publishtime")
#: a labelled date (发布时间：2024-01-02); the match starts at 时间/日期, a character the regex engine
#: looks for directly (an optional label word first made it try the pattern at every position of the
#: page's text, five times slower); the label word before it is :data:`_DATE_LABEL_WORDS`
_LABEL_DATE_RE = re.compile(
    r"(?:时间|日期)\s*[:：]\s*"
    r"((?:19|20)\d{2}\s*[-年/.－]\s*\d{1,2}\s*[-月/.－]\s*\d{1,2})"
)
_DATE_LABEL_WORDS = frozenset({"发布", "发稿", "公开", "发表", "刊发", "印发", "成文", "发文", "更新"})
_TODAY_RE = re.compile(r"今天是|今日是|当前时间|现在时间|星期[一二三四五六日天]")


def date_from_metas(metas: dict[str, str]) -> str | None:
    for k in _DATE_META_KEYS:
        v = metas.get(k)
        if v:
            d = parse_date(v)
            if d:
                return d
    return None


def _not_widget(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start]
    after = text[start:start + 24]
    return not _TODAY_RE.search(before) and not re.search(r"星期|周[一二三四五六日天]", after)


def labeled_date(text: str, last: bool = True) -> str | None:
    found = None
    for m in _LABEL_DATE_RE.finditer(text):
        start = m.start()
        if start >= 2 and text[start - 2:start] in _DATE_LABEL_WORDS:
            start -= 2  # (the label's own start: what precedes it tells a widget)
        # a clock's label (当前时间：) is a widget too
        if not _not_widget(text, start) or _TODAY_RE.search(text[max(0, start - 12):m.start() + 2]):
            continue
        d = parse_date(m.group(1))
        if d:
            found = d
            if not last:
                return d
    return found


#: a label naming a document's own date (written, issued), not its publication: never a header date
_DOC_DATE_LABEL = re.compile(r"(?:成文|印发|发文|生成)(?:时间|日期)\s*[:：]\s*$")
_GENERATED_RE = re.compile(
    r"(?:页面|网页)生成(?:时间|日期)|生成时间"
)


def header_date(pre: str, title: str | None) -> str | None:
    """The date printed next to the title: in the lines between the title (its last occurrence in
    ``pre``, the text before the body) and the body, labelled (发布时间：…) or not; ``None`` when the
    title is not there. Dates of the document itself (成文日期, 印发日期) are left to other rules."""
    st = squash(title or "")
    if len(st) < 4 or not pre:
        return None
    lines = pre.split("\n")
    at = -1
    for i in range(len(lines) - 1, -1, -1):
        sl = squash(lines[i])
        if sl and (st in sl or (len(sl) >= max(6, 0.6 * len(st)) and sl in st)):  # the title, maybe wrapped
            at = i
            break
    if at < 0:
        return None
    tail = "\n".join(lines[at + 1:])[:300]
    for m in DATE_RE.finditer(tail):
        if not _not_widget(tail, m.start()) or _DOC_DATE_LABEL.search(tail[max(0, m.start() - 8):m.start()]):
            continue
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def generated_dates(html: str) -> set[str]:
    """Dates shown as the time the page was generated (页面生成时间：…), which a CMS often also writes
    into its ``PubDate`` meta."""
    out: set[str] = set()
    for m in _GENERATED_RE.finditer(html):
        d = parse_date(_TAG_RE.sub("", html[m.end():m.end() + 80]))
        if d:
            out.add(d)
    return out


def reconcile_dates(meta: str | None, header: str | None, html: str) -> str | None:
    """The meta date, unless the date next to the title disagrees and the meta one is later than it or
    is a page-generation time shown on the page (a CMS stamping ``PubDate`` when it renders the page)."""
    if meta and header and meta != header and (meta > header or meta in generated_dates(html)):
        return header
    return meta


def bare_date(text: str) -> str | None:
    """A lone date close to the body (e.g. a dateline without a label); not from lists or widgets."""
    hits = [m for m in DATE_RE.finditer(text) if _not_widget(text, m.start())]
    if not hits or len(hits) > 2:
        return None
    m = hits[-1]
    return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


_ORG_END = re.compile(r"(?:人民政府|政府|委员会|局|厅|办公室|办|委|院|中心|公司|部|处|署|会)$")


def signature_date(paragraphs: list[str]) -> str | None:
    for p in reversed(paragraphs[-4:]):
        d = full_date_line(p)
        if d:
            return d
    return None


def signature_publisher(paragraphs: list[str]) -> str | None:
    """The signing organisation: a short line ending like an organisation, right before the signature
    date at the end of the text."""
    tail = paragraphs[-4:]
    for i in range(len(tail) - 1, 0, -1):
        if full_date_line(tail[i]):
            org = tail[i - 1].strip()
            if 2 < len(org) <= 30 and _ORG_END.search(org) and not re.search(r"[，。；：:]", org):
                return org
            return None
    return None


def context_text(container: LexborNode, before: bool = True, levels: int = 5, limit: int = 600) -> str:
    """Text of the siblings before (or after) ``container`` and its ancestors, nearest first, joined in
    document order."""
    parts: list[str] = []
    total = 0
    cur: LexborNode | None = container
    used = 0
    for _ in range(levels + 12):
        if cur is None or cur.tag in ("body", "html") or used >= levels:
            break
        sib = cur.prev if before else cur.next
        before_total = total
        while sib is not None and total < limit:
            if sib.tag == "-text":
                t = sib.text_content or ""
            elif sib.tag == "-comment":
                t = ""
            else:
                t = sib.text(deep=True, separator="\n")
            if t and not t.isspace():
                parts.append(t)
                total += len(t.strip())
            sib = sib.prev if before else sib.next
        if total >= limit:
            break
        if total > before_total:
            used += 1
        cur = cur.parent
    if before:
        parts.reverse()
    return "\n".join(parts)


def preceding_nodes(container: LexborNode, levels: int = 4, max_nodes: int = 12) -> list[LexborNode]:
    """Element siblings before ``container`` and its ancestors, nearest first."""
    out: list[LexborNode] = []
    cur: LexborNode | None = container
    for _ in range(levels + 8):
        if cur is None or cur.tag in ("body", "html") or len(out) >= max_nodes:
            break
        sib = cur.prev
        while sib is not None and len(out) < max_nodes:
            if sib.tag not in ("-text", "-comment"):
                out.append(sib)
            sib = sib.prev
        cur = cur.parent
    return out


# ---------------------------------------------------------------- publisher, year

_SOURCE_RE = re.compile(r"(?:信息|文章|稿件)?来源\s*[:：]\s*([^\s:：|｜]{2,30})")


def prefer_visible_source(meta: str | None, visible: str | None) -> str | None:
    """The meta publisher, unless the 来源 printed on the page is a fuller form of it (meta ``浙江``,
    page ``浙江监管局``)."""
    if meta and visible and meta != visible and meta in visible:
        return visible
    return meta or visible


def source_from_text(text: str) -> str | None:
    for m in _SOURCE_RE.finditer(text):
        v = m.group(1).strip()
        if v and not re.match(r"(?:发布|作者|时间|日期|浏览|字号)", v):
            return v
    return None


_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]\s*((?:19|20)\d{2})\s*年")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年度|年)")
_REPORT_HINT = re.compile(r"法治|依法行政|报告|总结|情况|工作")


def report_year(title: str | None) -> int | None:
    if not title:
        return None
    t = squash(title)
    m = _YEAR_RANGE_RE.search(t)
    if m and _REPORT_HINT.search(t[m.end():]):
        return int(m.group(2))
    for m2 in _YEAR_RE.finditer(t):
        if _REPORT_HINT.search(t[m2.end():m2.end() + 40]) and not re.match(r"第", t[m2.end():]):
            return int(m2.group(1))
    return None

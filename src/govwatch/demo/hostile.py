"""Hostile answers for the hostile-site suite (issue 15): each one an attack that once stalled a crawl,
exhausted memory or kept the daemon from stopping.

Every factory returns a :data:`~govwatch.demo.protocol.Handler` for :meth:`SimulatedSites.override`,
like :mod:`govwatch.demo.faults`. ``ATTACKS`` lists the document-level attacks (a page or an attachment
served at a path) that the suite and ``benchmarks/bench_hostile.py`` run one by one beside a healthy
source.
"""

from __future__ import annotations

import base64
import io
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from govwatch.demo.protocol import Handler, HandlerResult, Request, Response

HTML = "text/html; charset=utf-8"
REPORT_TITLE = "XX县2023年度法治政府建设情况报告"


def _gzip(data_parts: Iterator[bytes]) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [co.compress(part) for part in data_parts]
    out.append(co.flush())
    return b"".join(out)


#: 1 GiB of zero bytes gzipped twice: 1,827 bytes (made by :func:`stacked_bomb_body`, which takes ~15 s)
GIB_TWICE_GZIPPED = base64.b64decode(
    "H4sIAAAAAAACA+3coW5TcRyG4XataCY2JqYQ4yZIZkiKAYvYFGIhmZlAottkoDDcCRguABR3AHO7gGViWVALpe1NLDnv85j/0T/5"
    "5eQ9+jwbbexMbn6Mx+uP5Zd/X29nuyMAAABg4JZXl5PNGDB6tvr96s0pAAAAMHTv9vem21Hg4ezpS+cAAACAwfv04vjJ9g+Bu8X7"
    "qXMAAADA4B3+vZ5vt4Bfq+8HJ+4BAAAAg/dHMAAAAABSBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMA"
    "AAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABa"
    "BAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAA"
    "AABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBF"
    "MAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAA"
    "AKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoE"
    "AwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAA"
    "AFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYw"
    "AAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAA"
    "IEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQD"
    "AAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAA"
    "WgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAA"
    "AAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACg"
    "RTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMA"
    "AACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABa"
    "BAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAA"
    "AABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBG"
    "MAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAA"
    "ACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoE"
    "AwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAA"
    "AFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUw"
    "AAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWi7292ab"
    "LeDj/eLD69Eje/7t5/nb9Tv/D9RnhczI7A8A"
)


@lru_cache(maxsize=2)
def stacked_bomb_body(size: int) -> bytes:
    """``size`` zero bytes, gzipped twice (1,827 bytes on the wire for 1 GiB)."""
    if size == 1 << 30:
        return GIB_TWICE_GZIPPED
    block = b"\0" * (1 << 20)
    inner = _gzip(block[: min(len(block), size - i)] for i in range(0, size, len(block)))
    return _gzip(iter([inner]))


def stacked_gzip_bomb(size: int = 1 << 30) -> Handler:
    """``Content-Encoding: gzip, gzip``: a body that inflates to ``size`` bytes only after two rounds."""

    def handler(req: Request) -> HandlerResult:
        return Response(200, [("Content-Type", HTML), ("Content-Encoding", "gzip, gzip")], stacked_bomb_body(size))

    return handler


def trickle(interval: float = 1.0, limit: int = 100_000) -> Handler:
    """Headers at once, then one byte every ``interval`` seconds (up to ``limit`` bytes)."""

    def handler(req: Request) -> HandlerResult:
        def drip() -> Iterator[bytes]:
            yield b"<html><body>"
            for _ in range(limit):
                time.sleep(interval)
                yield b" "

        return Response(200, [("Content-Type", HTML), ("Content-Length", str(limit + 12))], drip())

    return handler


def page(body_html: str, title: str = REPORT_TITLE) -> bytes:
    """A detail page with ``body_html`` as its body."""
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<div class='TRS_Editor'>{body_html}</div></body></html>").encode()


def html(body: bytes | str, content_type: str = HTML) -> Handler:
    data = body.encode() if isinstance(body, str) else body

    def handler(req: Request) -> HandlerResult:
        return 200, {"Content-Type": content_type}, data

    return handler


# ------------------------------------------------------------------ documents that run away when parsed

def chrome_backtrack_html() -> bytes:
    """A page whose one line is ``附件下载`` twenty times and one more character (exponential backtracking)."""
    return page("<p>" + "附件下载" * 20 + "好</p><p>" + "电话:" * 60 + "</p>")


def nested_divs_html(size: int = 800_000) -> bytes:
    """``size`` bytes of nested ``div`` elements (35 s to extract before the fix)."""
    depth = size // 11
    return page("<div>" * depth + "法治政府建设情况报告正文。" + "</div>" * depth)


@lru_cache(maxsize=1)
def xlsx_far_rows() -> bytes:
    """An XLSX with rows 1 and 1e9 and no ``<dimension>``: a reader that pads empty rows runs forever."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>法治政府建设</t></is></c></row>'
             '<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>完</t></is></c></row>'
             '</sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


@lru_cache(maxsize=1)
def pdf_shared_stream(pages: int = 2000, ops: int = 6000) -> bytes:
    """A PDF whose ``pages`` pages all draw one large content stream (hours of text extraction)."""
    stream = b"BT /F1 12 Tf 72 720 Td " + b"(fazhi zhengfu jianshe) Tj 0 -1 Td " * ops + b"ET"
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages tree, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    first_page = len(objs) + 1
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages)).encode()
    objs[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


_DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def docx_with(document_xml: str) -> bytes:
    """A minimal DOCX whose ``word/document.xml`` is ``document_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in {**_DOCX_PARTS, "word/document.xml": document_xml}.items():
            zf.writestr(name, text)
    return buf.getvalue()


def docx_entities(prolog: str, entity: str) -> bytes:
    """A DOCX whose body paragraph is ``&entity;``, declared in ``prolog`` (billion laughs, XXE)."""
    return docx_with(prolog + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                     f"<w:body><w:p><w:r><w:t>法治政府建设&{entity};</w:t></w:r></w:p></w:body></w:document>")


@lru_cache(maxsize=1)
def docx_huge_xml(size: int = 196_000_000) -> bytes:
    """A DOCX whose ``word/document.xml`` is ``size`` bytes of paragraphs (a few hundred KB zipped)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body>')
    para = "<w:p><w:r><w:t>法治政府建设情况报告</w:t></w:r></w:p>".encode()
    tail = b"</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _DOCX_PARTS.items():
            zf.writestr(name, text)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            block = para * (1_000_000 // len(para))
            written = len(head)
            while written + len(block) + len(tail) <= size:
                fh.write(block)
                written += len(block)
            fh.write(tail)
    return buf.getvalue()


def rtf_nested(depth: int = 4_000_000) -> bytes:
    """An RTF (served as ``.doc``) with ``depth`` unclosed ``{`` groups."""
    return b"{\\rtf1\\ansi " + b"{\\b " * depth + "法治".encode("gbk")


@dataclass(frozen=True)
class Attack:
    """One hostile document: served at ``path``; a page links to attachments (``attachment`` true)."""

    name: str
    path: str
    body: Callable[[], bytes]
    content_type: str
    attachment: bool
    what: str


ATTACKS: tuple[Attack, ...] = (
    Attack("chrome_backtrack", "/hostile/chrome.html", chrome_backtrack_html, HTML, False,
           "附件下载 ×20 + one character; 电话: repeated"),
    Attack("nested_divs", "/hostile/divs.html", nested_divs_html, HTML, False, "800 KB of nested div"),
    Attack("xlsx_far_rows", "/hostile/files/rows.xlsx", xlsx_far_rows,
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True,
           "XLSX rows 1 and 1e9, no <dimension>"),
    Attack("pdf_shared_stream", "/hostile/files/pages.pdf", pdf_shared_stream, "application/pdf", True,
           "PDF, 2,000 pages sharing one content stream"),
    Attack("docx_huge_xml", "/hostile/files/huge.docx", docx_huge_xml,
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True,
           "DOCX with 196 MB of XML"),
    Attack("rtf_nested", "/hostile/files/nested.doc", rtf_nested, "application/msword", True,
           "RTF named .doc, unbounded brace nesting"),
)


def attachment_page(attack: Attack) -> bytes:
    """A thin report page whose text is in the attack's attachment."""
    name = attack.path.rsplit("/", 1)[-1]
    return page(f"<p>附件：<a href='{attack.path}'>{REPORT_TITLE}（{name}）</a></p>")


def list_page(attacks: tuple[Attack, ...] = ATTACKS, extra: str = "") -> bytes:
    """A column page linking to one report page per attack (attachments through a thin page)."""
    items = []
    for i, attack in enumerate(attacks):
        href = f"/hostile/page_{attack.name}.html" if attack.attachment else attack.path
        items.append(f"<li><a href='{href}'>XX县{2001 + i}年度法治政府建设情况报告</a> "
                     f"<span>2024-03-0{1 + i % 9}</span></li>")
    return (f"<html><head><meta charset='utf-8'><title>法治政府建设年度报告</title></head><body><ul>{''.join(items)}"
            f"</ul>{extra}</body></html>").encode()


def install(sites: object, source_id: str, attacks: tuple[Attack, ...] = ATTACKS, extra: str = "") -> str:
    """Serve ``attacks`` on ``source_id`` of a running :class:`SimulatedSites`; returns the list path.

    Bodies are built here, before the first request (the DOCX takes seconds to build: a lazy build
    would look like a slow server to a client with a short timeout)."""

    def serve(path: str, data: bytes, ctype: str) -> None:
        def handler(req: Request) -> HandlerResult:
            return 200, {"Content-Type": ctype}, data

        sites.override(source_id, path, handler)  # type: ignore[attr-defined]

    serve("/hostile/index.html", list_page(attacks, extra), HTML)
    for attack in attacks:
        serve(attack.path, attack.body(), attack.content_type)
        if attack.attachment:
            serve(f"/hostile/page_{attack.name}.html", attachment_page(attack), HTML)
    return "/hostile/index.html"

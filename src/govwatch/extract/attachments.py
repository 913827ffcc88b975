"""Text from attachments: PDF, DOCX, DOC/WPS, XLSX/XLS and OFD files.

Reports are often published as an attachment (``P020….pdf``, a Word or WPS file, an OFD file) with
little or no text on the page. :func:`attachment_text` turns the file's bytes into plain text, one
paragraph (or table row, cells separated by a tab) per line, and says what it could not do:

``kind``
    ``pdf``, ``docx``, ``doc``, ``wps``, ``xlsx``, ``xls``, ``ofd`` or ``unknown``. Magic bytes decide
    first (``%PDF``; OLE2 ``D0CF11E0`` with a ``WordDocument`` or ``Workbook`` stream; a zip holding
    ``word/document.xml``, ``xl/workbook.xml`` or ``OFD.xml``), then the file name's extension, then
    the content type.
``pages``
    page count for PDF and OFD, else None.
``scanned``
    True when the pages are images without a text layer (a scan: OCR would be needed). Such a file
    never comes back as silently empty text: ``scanned`` and ``reason`` say so.
``reason``
    None when the text is complete; otherwise why it is empty or partial (too large, corrupt,
    encrypted, scanned pages, only a heuristic read of an old binary format …).

Never raises for bad input. Files larger than :data:`MAX_BYTES` are refused, zip-based files may not
inflate to more than :data:`MAX_UNZIPPED` bytes (zip-bomb guard), PDFs are read up to
:data:`MAX_PAGES` pages.

How each format is read:

* PDF: pypdf, page by page; lines a PDF wrapped at the right margin are joined again, spaces that
  text extraction puts between Chinese characters are removed, ``— 3 —`` page-number lines dropped.
* DOCX: python-docx; body paragraphs and table rows in document order (content controls, tracked
  insertions and text boxes included, deleted text and field codes not), one line per table row.
* XLSX: openpyxl in read-only mode, cell values row by row (a ``# sheet`` line before each sheet when
  there are several). XLS: xlrd, the same way.
* OFD (GB/T 33190): ``OFD.xml`` → ``DocBody/DocRoot`` → ``Document.xml`` → ``Pages/Page@BaseLoc`` →
  each page's ``TextObject/TextCode`` text, placed by their coordinates into lines, in page order.
* DOC/WPS (Word 97-2003 binary, which WPS also writes): olefile opens the compound file; the text is
  taken through the piece table (``Clx`` in the table stream, UTF-16LE or compressed cp1252 pieces),
  main document only (``ccpText``), field codes dropped, cell marks turned into tabs. Files without
  a readable piece table (Word 6/95, damaged FIB) fall back to a heuristic scan of UTF-16LE runs,
  with ``reason`` saying so. Files that are really HTML or RTF under a ``.doc`` name are read as such.

>>> r = attachment_text(b"%PDF-1.4 truncated", filename="P020240301.pdf")
>>> r.kind, r.text, r.reason is not None
('pdf', '', True)
>>> attachment_text(b"plain bytes", filename="a.bin")
AttachmentText(kind='unknown', text='', pages=None, scanned=False, reason='unknown file type')
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import struct
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

log = logging.getLogger(__name__)

#: Larger inputs are refused (reason set).
MAX_BYTES = 64_000_000
#: At most this many bytes are inflated from a zip-based file (docx, xlsx, ofd).
MAX_UNZIPPED = 200_000_000
#: At most this many members in a zip-based file.
MAX_MEMBERS = 20_000
#: PDF pages read at most.
MAX_PAGES = 2_000
#: Spreadsheet cells read at most.
MAX_CELLS = 1_000_000
#: A page with fewer visible characters than this but with an image counts as an image-only page.
SCAN_CHARS = 10

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

KINDS = ("pdf", "docx", "doc", "wps", "xlsx", "xls", "ofd", "unknown")


@dataclass(frozen=True)
class AttachmentText:
    """Text of one attachment; see the module docs for the fields."""

    kind: str  # pdf|docx|doc|wps|xlsx|xls|ofd|unknown
    text: str
    pages: int | None = None
    scanned: bool = False
    reason: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


class _Refused(Exception):
    """Extraction stopped on purpose (a guard tripped); the message is the reason."""


# --- type detection --------------------------------------------------------------------------------

_EXTENSIONS = {
    "pdf": "pdf", "docx": "docx", "docm": "docx", "dotx": "docx", "doc": "doc", "dot": "doc",
    "wps": "wps", "wpt": "wps", "xlsx": "xlsx", "xlsm": "xlsx", "xls": "xls", "et": "xls", "ofd": "ofd",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/kswps": "wps",
    "application/wps-office.wps": "wps",
    "application/vnd.ms-works": "wps",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/ofd": "ofd",
    "application/x-ofd": "ofd",
}


def _hinted_kind(filename: str | None, content_type: str | None) -> str | None:
    if filename:
        name = filename.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
        if "." in name:
            kind = _EXTENSIONS.get(name.rsplit(".", 1)[1].strip().lower())
            if kind:
                return kind
    if content_type:
        return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())
    return None


def detect_kind(data: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """The attachment's kind from its magic bytes, else its name, else its content type.

    >>> detect_kind(b"%PDF-1.7 ...")
    'pdf'
    >>> detect_kind(b"", filename="/P020230301.ofd?x=1")
    'ofd'
    >>> detect_kind(b"??", content_type="application/msword")
    'doc'
    """
    hinted = _hinted_kind(filename, content_type)
    head = data[:1024]
    if head.startswith(b"%PDF") or b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data, hinted)
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = {n.lstrip("/").lower() for n in zf.namelist()[:MAX_MEMBERS]}
        except Exception:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ofd.xml" in names:
            return "ofd"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return hinted or "unknown"


def _ole_kind(data: bytes, hinted: str | None) -> str:
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("WordDocument"):
                return "wps" if hinted == "wps" else "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
    except Exception:
        pass
    return hinted if hinted in ("doc", "wps", "xls") else "unknown"


# --- text tidying ----------------------------------------------------------------------------------

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_PAGE_NO = re.compile(
    r"^[-—–－~\s]*[-—–－]\s*\d{1,4}\s*[-—–－][-—–－~\s]*$|^第\s*\d+\s*页(\s*[,，/共]\s*共?\s*\d+\s*页)?$"
)
_END_PUNCT = tuple("。！？；：!?;:」』”）)】")


def tidy(line: str, *, cjk_gaps: bool = False) -> str:
    """One line with whitespace squashed (ideographic spaces too) and stripped.

    >>> tidy("\\u3000\\u3000一、 主要  做法 ")
    '一、 主要 做法'
    >>> tidy("法 治 政 府 建设 report 2023", cjk_gaps=True)
    '法治政府建设 report 2023'
    """
    line = _WS.sub(" ", line).strip()
    if cjk_gaps:
        line = _CJK_GAP.sub("", line)
    return line


def _tidy_cells(cells: Iterable[str]) -> str:
    return "\t".join(c for c in (tidy(x) for x in cells) if c)


def _width(line: str) -> float:
    """Printed width in ideographs: narrow (ASCII) characters count half."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in line)


def _merge_wrapped(lines: list[str]) -> list[str]:
    """Join lines that a fixed-layout page wrapped at the right margin back into paragraphs.

    The right margin is where at least three lines of the page end (the widest lines). A line that
    reaches it and does not end a sentence was wrapped: the next line continues its paragraph.

    >>> row = "推进依法行政" * 3
    >>> _merge_wrapped(["标题", row, row, row, "完。", "二、"]) == ["标题", row * 3 + "完。", "二、"]
    True
    """
    if len(lines) < 4:
        return lines
    widths = [_width(x) for x in lines]
    ranked = sorted(widths, reverse=True)
    full = ranked[2]
    if full < 12 or ranked[0] > full * 1.15:
        # the margin is where the third-widest line ends; a few much wider lines mean no common margin
        full = next((w for i, w in enumerate(ranked[:-2]) if ranked[i + 2] >= w * 0.87), 0.0)
        if full < 12:
            return lines
    out: list[str] = []
    wrapped = False
    for line, width in zip(lines, widths, strict=True):
        if wrapped and out:
            sep = " " if re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9,.]$", out[-1]) else ""
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
        wrapped = width >= full * 0.87 and not line.endswith(_END_PUNCT)
    return out


def _layout_lines(raw: Iterable[str]) -> list[str]:
    lines = [tidy(x, cjk_gaps=True) for x in raw]
    return _merge_wrapped([x for x in lines if x and not _PAGE_NO.match(x)])


def _garbled(text: str) -> bool:
    """Mostly private-use or replacement characters: a font without a usable ToUnicode map."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return False
    bad = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
    return bad > len(chars) * 0.3


# --- zip guard -------------------------------------------------------------------------------------

class _Zip:
    """A zip archive read under the :data:`MAX_UNZIPPED` budget."""

    def __init__(self, data: bytes) -> None:
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _Refused(f"zip has {len(infos)} members (limit {MAX_MEMBERS})")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED:
            raise _Refused(f"zip would inflate to {total} bytes (limit {MAX_UNZIPPED}): refused as a bomb")
        odd = [i.filename for i in infos if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
        if odd:
            raise _Refused(f"unsupported zip compression in {odd[0]}")
        self.left = MAX_UNZIPPED
        self.names = {i.filename.lstrip("/").replace("\\", "/").lower(): i for i in infos}

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self.names

    def read(self, name: str) -> bytes:
        info = self.names.get(name.lstrip("/").lower())
        if info is None:
            raise _Refused(f"missing part {name}")
        if info.file_size > self.left:
            raise _Refused("zip inflates beyond the size limit: refused as a zip bomb")
        with self.zf.open(info) as fh:
            data = fh.read(self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise _Refused("zip inflates beyond the size limit: refused as a zip bomb")
        return data

    def close(self) -> None:
        self.zf.close()


def _xml(data: bytes) -> ElementTree.Element:
    if b"<!ENTITY" in data[:4096] or b"<!ENTITY" in data:
        raise _Refused("XML with entity declarations refused")
    return ElementTree.fromstring(data)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- entry point -----------------------------------------------------------------------------------

def attachment_text(
    data: bytes, *, filename: str | None = None, content_type: str | None = None, max_bytes: int = MAX_BYTES
) -> AttachmentText:
    """Extract the text of an attachment (see the module docs). Never raises for bad input."""
    kind = detect_kind(data[:max_bytes + 1] if len(data) > max_bytes else data, filename, content_type)
    if len(data) > max_bytes:
        return AttachmentText(kind, "", reason=f"file too large: {len(data)} bytes (limit {max_bytes})")
    if not data:
        return AttachmentText(kind, "", reason="empty file")
    head = data[:512].lstrip().lower()
    if kind in ("pdf", "docx", "xlsx", "ofd", "unknown") and head.startswith((b"<!doctype", b"<html")):
        return AttachmentText(kind, "", reason="an HTML page, not a file (an error page?)")
    readers = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "xls": _xls, "ofd": _ofd, "doc": _doc, "wps": _doc}
    reader = readers.get(kind)
    if reader is None:
        return AttachmentText(kind, "", reason="unknown file type")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return reader(data, kind)
    except _Refused as exc:
        return AttachmentText(kind, "", reason=str(exc))
    except MemoryError:  # the parse pool's memory budget ran out: its worker reports it as a stopped parse
        raise
    except Exception as exc:  # corrupt or hostile input: a reason, never an exception
        log.debug("attachment %s (%s) failed", filename, kind, exc_info=True)
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        reason = f"corrupt or unreadable {kind}: {type(exc).__name__}: {detail}"
        return AttachmentText(kind, "", reason=reason)


# --- PDF -------------------------------------------------------------------------------------------

_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s.{0,800}?\sID\s", re.S)


def _pdf_has_images(page: Any, depth: int = 0) -> bool:
    try:
        res = page.get("/Resources")
        res = res.get_object() if res is not None else None
        xobjects = res.get("/XObject") if res is not None else None
        xobjects = xobjects.get_object() if xobjects is not None else {}
        for ref in list(xobjects.values())[:200]:
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                return True
            if subtype == "/Form" and depth < 4 and _pdf_has_images(obj, depth + 1):
                return True
        if depth == 0:
            contents = page.get_contents()
            raw = contents.get_data()[:2_000_000] if contents is not None else b""
            return _INLINE_IMAGE.search(raw) is not None
    except MemoryError:
        raise
    except Exception:
        return False
    return False


def _pdf(data: bytes, kind: str) -> AttachmentText:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except MemoryError:
            raise
        except Exception as exc:
            raise _Refused(f"encrypted PDF: {type(exc).__name__}") from exc
        if not ok:
            raise _Refused("encrypted PDF: needs a password")
    total = len(reader.pages)
    lines: list[str] = []
    image_only: list[int] = []
    with_text = 0
    failed: list[int] = []
    for number in range(1, min(total, MAX_PAGES) + 1):
        page = reader.pages[number - 1]
        try:
            raw = page.extract_text() or ""
        except MemoryError:
            raise
        except Exception:
            raw = ""
            failed.append(number)
        chars = len(re.sub(r"\s+", "", raw))
        if chars < SCAN_CHARS and _pdf_has_images(page):
            image_only.append(number)
        elif chars:
            with_text += 1
        lines.extend(_layout_lines(raw.splitlines()))
    text = "\n".join(lines)
    reasons: list[str] = []
    scanned = bool(image_only) and len(image_only) >= with_text
    if scanned:
        reasons.append(f"scanned: {len(image_only)} of {total} pages are images without text (OCR needed)")
    elif image_only:
        reasons.append(f"pages {_ranges(image_only)} are images without text (their text is missing)")
    if failed:
        reasons.append(f"text extraction failed on pages {_ranges(failed)}")
    if total > MAX_PAGES:
        reasons.append(f"only the first {MAX_PAGES} of {total} pages read")
    if text and _garbled(text):
        reasons.append("text layer is garbled (fonts without a Unicode map)")
    if not text and not reasons:
        reasons.append("no text layer found" if total else "PDF has no pages")
    return AttachmentText(kind, text, total, scanned, "; ".join(reasons) or None)


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    for n in numbers:
        if out and "-" not in out[-1] and int(out[-1]) == n - 1:
            out[-1] = f"{out[-1]}-{n}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == n - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


# --- DOCX ------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(data: bytes, kind: str) -> AttachmentText:
    zf = _Zip(data)  # guard before python-docx inflates anything
    try:
        reason = None
        try:
            import docx

            body = docx.Document(io.BytesIO(data)).element.body
        except MemoryError:
            raise
        except Exception as exc:
            if not zf.has("word/document.xml"):
                raise
            from lxml import etree

            root = etree.fromstring(zf.read("word/document.xml"), etree.XMLParser(resolve_entities=False))
            body = root.find(f"{_W}body")
            if body is None:
                raise _Refused("word/document.xml has no body") from exc
            reason = f"python-docx could not open the package ({type(exc).__name__}); read document.xml"
    finally:
        zf.close()
    lines = [line for line in _docx_blocks(body) if line]
    text = "\n".join(lines)
    return AttachmentText(kind, text, None, False, reason or (None if text else "no text in document"))


def _docx_blocks(parent: Any) -> Iterator[str]:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield tidy(_docx_par(child))
        elif tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                cells = [" ".join(x for x in _docx_blocks(tc) if x) for tc in row.iterchildren(f"{_W}tc")]
                yield _tidy_cells(cells)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
            yield from _docx_blocks(child)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCX_CHARS = {f"{_W}tab": "\t", f"{_W}br": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-"}


def _docx_par(p: Any) -> str:
    """A paragraph's text: runs, hyperlinks, insertions, fields' results and text boxes, without
    deleted text, field codes, or the fallback copy of text boxes Word writes for old readers."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in _DOCX_CHARS:
                parts.append(_DOCX_CHARS[tag])
            elif tag != _MC_FALLBACK and isinstance(tag, str):
                walk(child)

    walk(p)
    return "".join(parts)


# --- XLSX / XLS ------------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _sheets_text(sheets: list[tuple[str, Iterable[Iterable[Any]]]]) -> tuple[str, str | None]:
    lines: list[str] = []
    cells = 0
    for name, rows in sheets:
        if len(sheets) > 1:
            lines.append(f"# {tidy(name)}")
        for row in rows:
            values = [_cell(v) for v in row]
            cells += len(values)
            if cells > MAX_CELLS:
                return "\n".join(lines), f"only the first {MAX_CELLS} cells read"
            line = _tidy_cells(values)
            if line:
                lines.append(line)
    text = "\n".join(lines)
    has_cells = any(not x.startswith("# ") for x in lines)
    return (text if has_cells else ""), (None if has_cells else "no cell text in workbook")


def _xlsx(data: bytes, kind: str) -> AttachmentText:
    _Zip(data).close()  # guard before openpyxl inflates anything
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [(ws.title, ws.iter_rows(values_only=True)) for ws in wb.worksheets]
        text, reason = _sheets_text(sheets)
    finally:
        wb.close()
    return AttachmentText(kind, text, None, False, reason)


def _xls(data: bytes, kind: str) -> AttachmentText:
    if not data.startswith(OLE_MAGIC):
        return _misnamed(data, kind)
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO(), verbosity=0)
    try:
        def rows(sheet: Any) -> Iterator[list[Any]]:
            for r in range(sheet.nrows):
                out: list[Any] = []
                for c in sheet.row(r):
                    if c.ctype == xlrd.XL_CELL_DATE:
                        try:
                            out.append(xlrd.xldate.xldate_as_datetime(c.value, book.datemode))
                            continue
                        except MemoryError:
                            raise
                        except Exception:
                            pass
                    out.append(None if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else c.value)
                yield out

        sheets = [(book.sheet_by_index(i).name, rows(book.sheet_by_index(i))) for i in range(book.nsheets)]
        text, reason = _sheets_text(sheets)
    finally:
        book.release_resources()
    return AttachmentText(kind, text, None, False, reason)


# --- OFD -------------------------------------------------------------------------------------------

def _ofd_path(base_dir: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)
    return posixpath.normpath(path).lstrip("./") if path else path


def _floats(value: str | None) -> list[float]:
    try:
        return [float(x) for x in (value or "").replace(",", " ").split()]
    except ValueError:
        return []


def _ofd(data: bytes, kind: str) -> AttachmentText:
    zf = _Zip(data)
    try:
        if not zf.has("OFD.xml"):
            raise _Refused("not an OFD package: no OFD.xml")
        root = _xml(zf.read("OFD.xml"))
        doc_roots = [el.text.strip() for el in root.iter() if _local(el.tag) == "DocRoot" and el.text]
        if not doc_roots:
            raise _Refused("OFD.xml names no DocRoot")
        lines: list[str] = []
        pages = image_only = with_text = 0
        missing: list[str] = []
        for doc_root in doc_roots:
            doc_path = _ofd_path("", doc_root)
            document = _xml(zf.read(doc_path))
            base = posixpath.dirname(doc_path)
            page_locs = [el.get("BaseLoc", "") for el in document.iter() if _local(el.tag) == "Page"]
            for loc in page_locs:
                pages += 1
                path = _ofd_path(base, loc)
                if path and not path.lower().endswith(".xml"):
                    path = posixpath.join(path, "Content.xml")
                if not zf.has(path):
                    missing.append(loc)
                    continue
                page_lines, has_image = _ofd_page(_xml(zf.read(path)))
                chars = sum(len(x) for x in page_lines)
                if chars < SCAN_CHARS and has_image:
                    image_only += 1
                elif chars:
                    with_text += 1
                lines.extend(_merge_wrapped([x for x in page_lines if not _PAGE_NO.match(x)]))
    finally:
        zf.close()
    reasons: list[str] = []
    scanned = image_only > 0 and image_only >= with_text
    if scanned:
        reasons.append(f"scanned: {image_only} of {pages} pages are images without text (OCR needed)")
    elif image_only:
        reasons.append(f"{image_only} of {pages} pages are images without text (their text is missing)")
    if missing:
        reasons.append(f"{len(missing)} page part(s) missing ({missing[0]})")
    text = "\n".join(lines)
    if not text and not reasons:
        reasons.append("no text in OFD" if pages else "OFD has no pages")
    return AttachmentText(kind, text, pages, scanned, "; ".join(reasons) or None)


def _ofd_page(page: ElementTree.Element) -> tuple[list[str], bool]:
    """Lines of one OFD page, from TextObject/TextCode placed by their coordinates."""
    items: list[tuple[float, float, float, str]] = []  # y, x, size, text
    has_image = False
    order = 0
    for obj in page.iter():
        name = _local(obj.tag)
        if name == "ImageObject":
            has_image = True
        if name != "TextObject":
            continue
        box = _floats(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (_floats(obj.get("Size")) or [3.5])[0]
        x = y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode":
                continue
            x = (_floats(code.get("X")) or [x])[0]
            y = (_floats(code.get("Y")) or [y])[0]
            text = "".join(code.itertext())
            if text.strip():
                items.append((by + y, bx + x + order * 1e-9, size, text))
                order += 1
    items.sort(key=lambda t: (t[0], t[1]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for item in items:
        if lines and abs(item[0] - lines[-1][0][0]) <= max(0.8, 0.4 * item[2]):
            lines[-1].append(item)
        else:
            lines.append([item])
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda t: t[1])
        parts: list[str] = []
        end = None
        for _y, x, size, text in line:
            if end is not None and x - end > 2.5 * size:
                parts.append(" ")
            parts.append(text)
            end = x + len(text) * size
        out.append(tidy("".join(parts), cjk_gaps=True))
    return [x for x in out if x], has_image


# --- DOC / WPS (Word binary) -----------------------------------------------------------------------

def _misnamed(data: bytes, kind: str) -> AttachmentText:
    """A .doc/.wps/.xls that is really HTML, Word 2003 XML or RTF (web systems export such files)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if head.startswith(b"{\\rtf"):
        return AttachmentText(kind, _rtf_text(data), None, False, None)
    if head.startswith((b"<", b"mime-version")) or b"<html" in head:
        from selectolax.lexbor import LexborHTMLParser

        from govwatch.encoding import decode

        html = decode(data)[0]
        tree = LexborHTMLParser(html)
        for node in tree.css("script, style, head, title"):
            node.decompose()
        root = tree.body or tree.root
        raw = root.text(separator="\n") if root is not None else ""
        lines = [t for t in (tidy(x) for x in raw.splitlines()) if t]
        text = "\n".join(lines)
        return AttachmentText(kind, text, None, False, None if text else "HTML file without text")
    raise _Refused(f"not a {kind} file (no OLE2 header)")


def _doc(data: bytes, kind: str) -> AttachmentText:
    if not data.startswith(OLE_MAGIC):
        return _misnamed(data, kind)
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("WordDocument"):
            raise _Refused(f"{kind} file without a WordDocument stream")
        word = ole.openstream("WordDocument").read()
        tables = {name: ole.openstream(name).read() for name in ("0Table", "1Table") if ole.exists(name)}
    try:
        text = _word_text(word, tables)
        reason = None
    except _Refused:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        text = _utf16_runs(word)
        reason = f"piece table unreadable ({exc}); text recovered heuristically, may be partial"
    lines = [t for t in (_tidy_cells(x.split("\t")) for x in text.split("\n")) if t]
    text = "\n".join(lines)
    if not text and reason is None:
        reason = "no text in document"
    return AttachmentText(kind, text, None, False, reason)


def _u16(b: bytes, off: int) -> int:
    return struct.unpack_from("<H", b, off)[0]


def _u32(b: bytes, off: int) -> int:
    return struct.unpack_from("<I", b, off)[0]


def _word_text(word: bytes, tables: dict[str, bytes]) -> str:
    """Main-document text of a Word 97-2003 ``WordDocument`` stream through its piece table ([MS-DOC])."""
    if _u16(word, 0) != 0xA5EC:
        raise ValueError("no Word FIB signature")
    n_fib = _u16(word, 2)
    flags = _u16(word, 0x0A)
    if flags & 0x0100:
        raise _Refused("encrypted Word document: needs a password")
    if n_fib < 101:
        raise ValueError(f"Word 6/95 format (nFib {n_fib})")
    table = tables.get("1Table" if flags & 0x0200 else "0Table")
    if table is None:
        raise ValueError("table stream missing")
    csw = _u16(word, 32)
    lw = 34 + csw * 2
    cslw = _u16(word, lw)
    rg_lw = lw + 2
    ccp_text = _u32(word, rg_lw + 12)
    blob = rg_lw + cslw * 4 + 2
    fc_clx, lcb_clx = _u32(word, blob + 33 * 8), _u32(word, blob + 33 * 8 + 4)
    clx = table[fc_clx:fc_clx + lcb_clx]
    if not lcb_clx or len(clx) != lcb_clx:
        raise ValueError("Clx outside the table stream")
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: skip property modifiers
        pos += 3 + _u16(clx, pos + 1)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("no Pcdt in Clx")
    lcb = _u32(clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise ValueError("empty piece table")
    cps = [_u32(plc, 4 * i) for i in range(n + 1)]
    pieces: list[str] = []
    done = 0
    for i in range(n):
        if done >= ccp_text:
            break
        count = min(cps[i + 1] - cps[i], ccp_text - done)
        if count <= 0:
            continue
        fc_raw = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        if fc_raw & 0x40000000:
            start = (fc_raw & 0x3FFFFFFF) // 2
            pieces.append(word[start:start + count].decode("cp1252", "replace"))
        else:
            start = fc_raw & 0x3FFFFFFF
            pieces.append(word[start:start + 2 * count].decode("utf-16-le", "replace"))
        done += count
    return _word_specials("".join(pieces))


def _word_specials(text: str) -> str:
    """Drop field codes and control marks; paragraph marks become newlines, cell marks tabs."""
    out: list[str] = []
    stack: list[bool] = []  # per open field: True while in its code part
    for ch in text:
        if ch == "\x13":
            stack.append(True)
            continue
        if ch == "\x14":
            if stack:
                stack[-1] = False
            continue
        if ch == "\x15":
            if stack:
                stack.pop()
            continue
        if any(stack):
            continue
        out.append(ch)
    s = "".join(out)
    s = s.replace("\x07\x07", "\n").replace("\x07", "\t")
    s = re.sub(r"[\r\x0b\x0c\x0e]", "\n", s)
    s = s.replace("\x1e", "-").replace("\xa0", " ")
    return re.sub(r"[\x00-\x06\x08\x0f-\x1f]", "", s)


_TEXT_RUN = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u201f\x20-\x7e\r\t\x07\x13-\x15]{6,}"
)


def _ascii_pair(ch: str) -> bool:
    """A CJK character both of whose UTF-16 bytes are printable ASCII: likely two 8-bit letters."""
    code = ord(ch)
    return 0x20 <= code & 0xFF <= 0x7E and 0x20 <= code >> 8 <= 0x7E


def _utf16_runs(word: bytes) -> str:
    """Heuristic: runs of plausible UTF-16LE text containing Chinese, at the better byte alignment.

    Runs whose Chinese characters mostly decode from pairs of ASCII letters are 8-bit text misread
    and are dropped.
    """
    best: list[str] = []
    best_cjk = 0
    for align in (0, 1):
        decoded = word[align:len(word) - (len(word) - align) % 2].decode("utf-16-le", "replace")
        runs: list[str] = []
        cjk = 0
        for m in _TEXT_RUN.finditer(decoded):
            chunk = m.group(0)
            han = re.findall(r"[\u4e00-\u9fff]", chunk)
            if len(han) < 2 or sum(map(_ascii_pair, han)) > len(han) * 0.6:
                continue
            runs.append(chunk)
            cjk += len(han)
        if cjk > best_cjk:
            best, best_cjk = runs, cjk
    return _word_specials("\n".join(best))


# --- RTF (a .doc that is really RTF) ---------------------------------------------------------------

_RTF_TOKEN = re.compile(
    r"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-f]{2})|\\([^a-z])|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.I
)
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr",
             "footerl", "footerr", "object", "themedata", "colorschememapping", "datastore", "latentstyles",
             "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "fldinst", "filetbl"}


def _rtf_text(data: bytes) -> str:
    """Plain text of an RTF document (best effort: destinations skipped, \\'hh and \\uN decoded)."""
    src = data.decode("latin-1")
    m = re.search(r"\\ansicpg(\d+)", src[:4096])
    codepage = f"cp{m.group(1)}" if m else "cp936"
    try:
        "".encode(codepage)
    except LookupError:
        codepage = "cp936"
    out: list[str] = []
    pending = bytearray()
    stack: list[tuple[bool, int]] = []
    skip, uc, to_skip = False, 1, 0

    def flush() -> None:
        if pending:
            out.append(pending.decode("gb18030" if codepage == "cp936" else codepage, "replace"))
            pending.clear()

    for tok in _RTF_TOKEN.finditer(src):
        word, arg, hexed, sym, brace, plain = tok.groups()
        if brace == "{":
            stack.append((skip, uc))
            continue
        if brace == "}":
            flush()
            skip, uc = stack.pop() if stack else (skip, uc)
            continue
        if to_skip and (hexed or plain):
            if hexed:
                to_skip -= 1
                continue
            cut = min(to_skip, len(plain))
            plain, to_skip = plain[cut:], to_skip - cut
            if not plain:
                continue
        if hexed:
            if not skip:
                pending.append(int(hexed, 16))
            continue
        flush()
        if word:
            w = word.lower()
            if w in _RTF_SKIP:
                skip = True
            elif w == "uc" and arg:
                uc = int(arg)
            elif w == "u" and arg is not None:
                if not skip:
                    out.append(chr(int(arg) % 65536))
                to_skip = uc
            elif w in ("par", "line", "row", "sect", "page") and not skip:
                out.append("\n")
            elif w in ("tab", "cell") and not skip:
                out.append("\t")
        elif sym == "*":
            skip = True
        elif sym in ("\\", "{", "}") and not skip:
            out.append(sym)
        elif sym == "~" and not skip:
            out.append(" ")
        elif plain and not skip:
            out.append(plain)
    flush()
    return "\n".join(t for t in (_tidy_cells(x.split("\t")) for x in "".join(out).split("\n")) if t)


__all__ = ["MAX_BYTES", "MAX_UNZIPPED", "AttachmentText", "attachment_text", "detect_kind", "tidy"]

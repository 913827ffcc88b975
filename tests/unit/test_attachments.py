"""Attachment text: real small files of each kind are generated here (no committed binaries)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

import pytest

from govwatch.extract import attachments as att
from govwatch.extract.attachments import AttachmentText, attachment_text, detect_kind

TITLE = "关于2023年度法治政府建设情况的报告"
PARA = "一、主要做法和成效"
# Two paragraphs as a fixed-layout page prints them: 28 ideographs to a full line.
WRAPPED = ["全面贯彻落实习近平法治思想，深入推进法治政府建设，各项工作取得", "新成效。",
           "一是健全依法决策机制，严格落实重大行政决策程序规定，全年组织",
           "合法性审查二十三件，提出意见建议四十六条，意见采纳率达到百分之", "百。", "二、存在的不足"]
UNWRAPPED = ["全面贯彻落实习近平法治思想，深入推进法治政府建设，各项工作取得新成效。",
             "一是健全依法决策机制，严格落实重大行政决策程序规定，全年组织合法性审查二十三件，"
             "提出意见建议四十六条，意见采纳率达到百分之百。",
             "二、存在的不足"]


# --- generators --------------------------------------------------------------------------------------

def _pdf_from_objects(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _to_unicode(chars: set[str]) -> bytes:
    entries = "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in sorted(chars))
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{entries}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()


IMAGE = _stream(b"\x00\xff\xff\x00", b"/Type /XObject /Subtype /Image /Width 2 /Height 2 "
                b"/ColorSpace /DeviceGray /BitsPerComponent 8 ")


def make_pdf(pages: list[list[str] | None]) -> bytes:
    """A PDF whose pages carry Chinese/ASCII lines (a Type0 Identity-H font with a ToUnicode CMap, not
    embedded) or, for ``None``, only an image XObject (a scanned page)."""
    chars = {c for lines in pages if lines for line in lines for c in line}
    fixed = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled below
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
        _stream(_to_unicode(chars or {"a"})),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
        IMAGE,
    ]
    objs = list(fixed)
    kids = []
    for lines in pages:
        page_no = len(objs) + 1
        kids.append(f"{page_no} 0 R")
        if lines is None:
            content = b"q 400 0 0 560 90 140 cm /Im1 Do Q\n"
            res = b"<< /XObject << /Im1 7 0 R >> >>"
        else:
            content = b""
            for i, line in enumerate(lines):
                hexed = "".join(f"{ord(c):04X}" for c in line)
                content += f"BT /F1 12 Tf 72 {760 - 20 * i} Td <{hexed}> Tj ET\n".encode()
            res = b"<< /Font << /F1 3 0 R >> >>"
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + res
                    + f" /Contents {page_no + 1} 0 R >>".encode())
        objs.append(_stream(content))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    return _pdf_from_objects(objs)


def make_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph("\u3000\u3000" + PARA)
    p = d.add_paragraph("（一）坚持  党的领导，")
    p.add_run("全面推进依法行政。")
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "2022年"
    table.cell(0, 2).text = "2023年"
    table.cell(1, 0).text = "行政复议案件"
    table.cell(1, 1).text = "12"
    table.cell(1, 2).text = "15"
    d.add_paragraph("二、存在的不足")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "案件数", "日期"])
    ws.append(["司法局", 15, dt.datetime(2024, 3, 1)])
    ws.append([None, None, None])
    ws.append(["合计", 15.0, "  "])
    other = wb.create_sheet("说明")
    other["B2"] = "法治政府建设"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd(pages: list[list[tuple[float, float, str]] | None], *, reverse_files: bool = True) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml.

    Each page is a list of ``(x, y, text)`` text objects (mm, size 5) or None for an image-only page.
    Page files are numbered in reverse so that page order must come from Document.xml.
    """
    ofd_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0f1e2d3c</ofd:DocID><ofd:Title>报告</ofd:Title>"
        "<ofd:CreationDate>2024-03-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    n = len(pages)
    names = [f"Page_{n - 1 - i if reverse_files else i}" for i in range(n)]
    page_refs = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/{name}/Content.xml"/>'
                        for i, name in enumerate(names))
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
        "<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
    )
    public_res = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    )
    files = {"OFD.xml": ofd_xml, "Doc_0/Document.xml": document, "Doc_0/PublicRes.xml": public_res}
    uid = 100
    for name, objects in zip(names, pages, strict=True):
        if objects is None:
            body = (f'<ofd:ImageObject ID="{uid}" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" '
                    'ResourceID="50"/>')
        else:
            body = ""
            for x, y, text in objects:
                uid += 1
                body += (f'<ofd:TextObject ID="{uid}" Boundary="{x} {y} 160 7" Font="2" Size="5">'
                         f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="5" '
                         f'DeltaX="g {max(len(text) - 1, 0)} 5">{text}</ofd:TextCode></ofd:TextObject>')
        files[f"Doc_0/Pages/{name}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="{uid + 1000}">{body}</ofd:Layer></ofd:Content></ofd:Page>'
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, text in files.items():
            zf.writestr(path, text.encode("utf-8"))
    return buf.getvalue()


_END, _FREE, _FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors; streams padded to 4096 bytes: no mini stream)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    counts = [(len(d) + 511) // 512 for d in datas]
    dir_sectors = (128 * (1 + len(names)) + 511) // 512
    fat_sectors = 1
    while fat_sectors * 128 < dir_sectors + sum(counts) + fat_sectors:
        fat_sectors += 1
    fat = [_FATSECT] * fat_sectors

    def chain(n: int) -> int:
        start = len(fat)
        fat.extend(range(start + 1, start + n))
        fat.append(_END)
        return start

    dir_start = chain(dir_sectors)
    starts = [chain(n) for n in counts]
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    header = bytearray(512)
    header[0:8] = att.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 44, fat_sectors, dir_start)
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<IIII", header, 60, _END, 0, _END, 0)
    struct.pack_into("<109I", header, 76, *(list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, _FREE, right, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    dirs = entry("Root Entry", 5, 1 if names else _FREE, _FREE, _END, 0)
    for i, _name in enumerate(names):
        dirs += entry(names[i], 2, _FREE, i + 2 if i + 1 < len(names) else _FREE, starts[i], len(datas[i]))
    dirs += b"\0" * (dir_sectors * 512 - len(dirs))
    sectors = b"".join(d + b"\0" * (n * 512 - len(d)) for d, n in zip(datas, counts, strict=True))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + dirs + sectors


DOC_MAIN = (
    f"{TITLE}\r\u3000\u3000{PARA}\r指标\x072023年\x07\x07复议\x0715\x07\x07"
    "详见\x13 HYPERLINK \"http://sfj.example.gov.cn/\" \x14司法局网站\x15。\r"
)
DOC_ASCII = "Report 2023 – final\r"
DOC_FOOTNOTE = "脚注文字\r"


def make_word_stream(*, encrypted: bool = False, signature: int = 0xA5EC) -> tuple[bytes, bytes]:
    """A Word 97-2003 ``WordDocument`` stream (FIB + text) and its ``1Table`` stream with a two-piece
    table: a UTF-16LE piece (Chinese) and a compressed cp1252 piece; a footnote after ``ccpText``."""
    wide = (DOC_MAIN).encode("utf-16-le")
    narrow = (DOC_ASCII + DOC_FOOTNOTE.replace("脚注文字", "note")).encode("cp1252")
    word = bytearray(0x1000 + len(narrow) + 512)
    fc_wide, fc_narrow = 0x400, 0x400 + len(wide) + 64
    word[fc_wide:fc_wide + len(wide)] = wide
    word[fc_narrow:fc_narrow + len(narrow)] = narrow
    struct.pack_into("<HH", word, 0, signature, 0x00C1)
    struct.pack_into("<H", word, 0x0A, 0x0200 | (0x0100 if encrypted else 0))  # fWhichTblStm (+ fEncrypted)
    struct.pack_into("<H", word, 32, 14)  # csw
    struct.pack_into("<H", word, 62, 22)  # cslw
    ccp_text = len(DOC_MAIN) + len(DOC_ASCII)
    struct.pack_into("<I", word, 64 + 12, ccp_text)  # FibRgLw97.ccpText
    struct.pack_into("<I", word, 64 + 16, len(DOC_FOOTNOTE))  # ccpFtn
    struct.pack_into("<H", word, 152, 0x5D)  # cbRgFcLcb (Word 97)
    cps = [0, len(DOC_MAIN), len(DOC_MAIN) + len(DOC_ASCII) + len(DOC_FOOTNOTE)]
    pcds = [(fc_wide, False), (fc_narrow, True)]
    plc = struct.pack("<3I", *cps) + b"".join(
        struct.pack("<HIH", 0, (fc * 2 | 0x40000000) if comp else fc, 0) for fc, comp in pcds)
    clx = b"\x01" + struct.pack("<H", 3) + b"\x00\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = b"\0" * 32 + clx
    struct.pack_into("<II", word, 154 + 33 * 8, 32, len(clx))  # fcClx, lcbClx
    return bytes(word), table


def make_doc(**kwargs: object) -> bytes:
    word, table = make_word_stream(**kwargs)  # type: ignore[arg-type]
    return make_cfb({"WordDocument": word, "1Table": table})


def corruptions(data: bytes) -> list[bytes]:
    mid = len(data) // 2
    return [data[:mid], data[: len(data) // 5], data[:mid] + b"\x00" * 64 + data[mid + 64:],
            data[:16], data[:8] + bytes(range(256)) * 8]


# --- PDF ---------------------------------------------------------------------------------------------

def test_pdf_chinese_text() -> None:
    r = attachment_text(make_pdf([[TITLE, PARA, "Report 2023"]]), filename="P020240301123.pdf")
    assert r == AttachmentText("pdf", f"{TITLE}\n{PARA}\nReport 2023", 1, False, None)


def test_pdf_rejoins_wrapped_lines_and_drops_page_numbers() -> None:
    r = attachment_text(make_pdf([[TITLE, *WRAPPED, "— 2 —"]]))
    assert r.paragraphs == [TITLE, *UNWRAPPED]


def test_pdf_image_only_is_scanned_not_silently_empty() -> None:
    r = attachment_text(make_pdf([None, None]), content_type="application/pdf")
    assert r.kind == "pdf" and r.scanned and r.pages == 2 and r.text == ""
    assert r.reason and "scanned" in r.reason and "OCR" in r.reason


def test_pdf_with_one_scanned_page_says_so() -> None:
    r = attachment_text(make_pdf([[TITLE], [PARA], None]))
    assert not r.scanned and r.pages == 3
    assert r.text == f"{TITLE}\n{PARA}"
    assert r.reason and "pages 3 " in r.reason


def test_pdf_encryption() -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf([[TITLE]])
    for user, algorithm, expect_text in (("", "RC4-128", True), ("", "AES-128", True),
                                         ("secret", "RC4-128", False)):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
        writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
        buf = io.BytesIO()
        writer.write(buf)
        r = attachment_text(buf.getvalue())
        if expect_text:
            assert r.text == TITLE and r.reason is None
        else:
            assert r.text == "" and r.reason and "password" in r.reason


def test_pdf_without_text_or_images() -> None:
    r = attachment_text(make_pdf([[]]))
    assert r.text == "" and not r.scanned and r.reason == "no text layer found"


# --- DOCX --------------------------------------------------------------------------------------------

def test_docx_paragraphs_and_table_rows_in_order() -> None:
    r = attachment_text(make_docx(), filename="报告.docx")
    assert r.kind == "docx" and r.reason is None and r.pages is None
    assert r.paragraphs == [TITLE, PARA, "（一）坚持 党的领导，全面推进依法行政。", "指标\t2022年\t2023年",
                            "行政复议案件\t12\t15", "二、存在的不足"]


def test_docx_text_boxes_once_no_deleted_text_no_field_codes() -> None:
    import docx
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = f'<w:txbxContent xmlns:w="{w}"><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
    runs = (
        f'<root xmlns:w="{w}" xmlns:mc="{mc}">'
        "<mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:r><w:drawing>{box}</w:drawing></w:r></mc:Choice>'
        f"<mc:Fallback><w:r><w:pict>{box}</w:pict></w:r></mc:Fallback></mc:AlternateContent>"
        "<w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入的字</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></root>'
    )
    d = docx.Document()
    p = d.add_paragraph("正文")
    for el in etree.fromstring(runs):
        p._p.append(el)
    buf = io.BytesIO()
    d.save(buf)
    assert attachment_text(buf.getvalue()).text == "正文文本框插入的字3"


def test_docx_package_python_docx_refuses() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx())) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                dst.writestr(info, src.read(info))
    r = attachment_text(buf.getvalue())
    assert r.kind == "docx" and r.paragraphs[:2] == [TITLE, PARA]
    assert r.reason and "python-docx" in r.reason


def test_docx_detected_by_content_not_name() -> None:
    assert attachment_text(make_docx(), filename="download.jsp?id=1").kind == "docx"
    assert attachment_text(make_docx(), filename="报告.wps").kind == "docx"  # new WPS saves OOXML


# --- XLSX / XLS --------------------------------------------------------------------------------------

def test_xlsx_rows() -> None:
    r = attachment_text(make_xlsx(), filename="a.xlsx")
    assert r.kind == "xlsx" and r.reason is None
    assert r.paragraphs == ["# 汇总", "单位\t案件数\t日期", "司法局\t15\t2024-03-01", "合计\t15", "# 说明",
                            "法治政府建设"]


def test_xls_rows() -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("汇总")
    for c, v in enumerate(["单位", "案件数"]):
        ws.write(0, c, v)
    ws.write(1, 0, "司法局")
    ws.write(1, 1, 15)
    ws.write(2, 0, 1.5)
    buf = io.BytesIO()
    wb.save(buf)
    r = attachment_text(buf.getvalue(), filename="统计.xls")
    assert r == AttachmentText("xls", "单位\t案件数\n司法局\t15\n1.5", None, False, None)


# --- OFD ---------------------------------------------------------------------------------------------

OFD_PAGE_1 = [
    (25, 20, TITLE),
    (25, 35, "一、"), (35, 35, "主要做法"),  # one line in two text objects
    *((25, 50 + 7 * i, line) for i, line in enumerate(WRAPPED[:-1])),
]
OFD_PAGE_2 = [(25, 20, "二、存在的不足"), (25, 280, "— 1 —")]


def test_ofd_text_in_page_order() -> None:
    r = attachment_text(make_ofd([OFD_PAGE_1, OFD_PAGE_2]), filename="P020240301.ofd")
    assert r.kind == "ofd" and r.pages == 2 and not r.scanned and r.reason is None
    assert r.paragraphs == [TITLE, "一、主要做法", *UNWRAPPED]


def test_ofd_image_only_is_scanned() -> None:
    r = attachment_text(make_ofd([None, None]))
    assert r.kind == "ofd" and r.scanned and r.text == "" and r.reason and "scanned" in r.reason


def test_ofd_missing_page_part_is_reported() -> None:
    data = make_ofd([OFD_PAGE_1, OFD_PAGE_2], reverse_files=False)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if "Page_1" not in info.filename:
                dst.writestr(info, src.read(info))
    r = attachment_text(buf.getvalue())
    assert r.text.startswith(TITLE) and r.reason and "missing" in r.reason


# --- DOC / WPS ---------------------------------------------------------------------------------------

def test_doc_piece_table() -> None:
    r = attachment_text(make_doc(), filename="报告.doc")
    assert r.kind == "doc" and r.reason is None
    assert r.paragraphs == [TITLE, PARA, "指标\t2023年", "复议\t15", "详见司法局网站。",
                            "Report 2023 – final"]
    assert "note" not in r.text  # footnotes are after ccpText


def test_wps_is_word_binary() -> None:
    r = attachment_text(make_doc(), filename="报告.wps")
    assert r.kind == "wps" and r.paragraphs[0] == TITLE and r.reason is None
    assert attachment_text(make_doc(), content_type="application/kswps").kind == "wps"


def test_doc_encrypted() -> None:
    r = attachment_text(make_doc(encrypted=True), filename="a.doc")
    assert r.kind == "doc" and r.text == "" and r.reason and "encrypted" in r.reason


def test_doc_without_fib_falls_back_to_heuristic() -> None:
    r = attachment_text(make_doc(signature=0), filename="a.doc")
    assert TITLE in r.text and r.reason and "heuristic" in r.reason


def test_doc_that_is_rtf_or_html() -> None:
    rtf = (rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil \'cb\'ce\'cc\'e5;}}{\*\generator Msftedit;}"
           rb"\f0 \'b7\'a8\'d6\'ce\'d5\'fe\'b8\'ae\par \u27861?\u27835?\tab 2023\par}")
    assert attachment_text(rtf, filename="a.doc") == AttachmentText("doc", "法治政府\n法治\t2023")
    html = "<html><head><title>t</title></head><body><p>法治政府</p><p>建设</p></body></html>".encode("gbk")
    assert attachment_text(html, filename="a.doc").text == "法治政府\n建设"


def test_ole_without_word_stream() -> None:
    r = attachment_text(make_cfb({"Other": b"x"}), filename="a.doc")
    assert r.kind == "doc" and r.text == "" and r.reason


# --- detection, guards, corrupt input ----------------------------------------------------------------

def test_detect_kind_by_magic() -> None:
    assert detect_kind(make_pdf([["a"]]), filename="x.doc") == "pdf"
    assert detect_kind(make_docx(), filename="x.pdf") == "docx"
    assert detect_kind(make_xlsx()) == "xlsx"
    assert detect_kind(make_ofd([OFD_PAGE_2])) == "ofd"
    assert detect_kind(make_doc()) == "doc"
    assert detect_kind(b"\x00\x01", filename="x.ofd") == "ofd"
    assert detect_kind(b"\x00\x01") == "unknown"


def test_html_error_page_served_as_pdf() -> None:
    r = attachment_text(b"<!DOCTYPE html><html><body>404</body></html>", filename="P0201.pdf")
    assert r.kind == "pdf" and r.text == "" and r.reason and "HTML" in r.reason


def test_size_guard() -> None:
    data = make_pdf([[TITLE]])
    r = attachment_text(data, max_bytes=100)
    assert r.kind == "pdf" and r.text == "" and r.reason and "too large" in r.reason
    assert attachment_text(b"").reason == "empty file"


def test_zip_bomb_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(att, "MAX_UNZIPPED", 1_000_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
        zf.writestr("word/media/bomb.bin", b"\0" * 20_000_000)
    assert len(buf.getvalue()) < 100_000
    r = attachment_text(buf.getvalue(), filename="a.docx")
    assert r.kind == "docx" and r.text == "" and r.reason and "bomb" in r.reason
    ofd = make_ofd([OFD_PAGE_1])
    assert attachment_text(ofd).reason is None
    monkeypatch.setattr(att, "MAX_UNZIPPED", 500)
    assert "bomb" in (attachment_text(ofd).reason or "")


def test_xml_entities_refused() -> None:
    data = make_ofd([OFD_PAGE_2])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "OFD.xml":
                body = body.replace(b"<ofd:OFD", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><ofd:OFD', 1)
            dst.writestr(info, body)
    r = attachment_text(buf.getvalue())
    assert r.text == "" and r.reason and "entit" in r.reason


@pytest.mark.parametrize(("name", "make"), [
    ("a.pdf", lambda: make_pdf([[TITLE, PARA]])),
    ("a.docx", make_docx),
    ("a.xlsx", make_xlsx),
    ("a.ofd", lambda: make_ofd([OFD_PAGE_1, OFD_PAGE_2])),
    ("a.doc", make_doc),
    ("a.wps", make_doc),
    ("a.xls", lambda: make_cfb({"Workbook": b"\x09\x08\x10\x00" + b"\x00" * 100})),
])
def test_corrupt_input_never_raises(name: str, make: object) -> None:
    data = make()  # type: ignore[operator]
    for bad in corruptions(data):
        r = attachment_text(bad, filename=name)
        assert isinstance(r, AttachmentText)
        assert r.kind in att.KINDS
        assert r.text or r.reason, (name, len(bad))

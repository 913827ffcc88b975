"""Decoding: BOM, header, meta, detection; gbk/gb2312 as gb18030; untrusted latin-1 headers."""

from __future__ import annotations

import codecs

import pytest

from govwatch.encoding import decode

TEXT = "关于2023年度法治政府建设工作情况的报告。𠀀依法行政，建设法治政府。" * 5


@pytest.mark.parametrize(
    ("body", "header", "encoding"),
    [
        (TEXT.encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=gbk", "utf-8"),
        (TEXT.encode("gb18030"), "text/html; charset=GB2312", "gb18030"),
        (TEXT.encode("gb18030"), "text/html; charset=gbk", "gb18030"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + TEXT.encode("gb18030"),
         "text/html; charset=iso-8859-1", "gb18030"),
        (b'<meta charset="gbk">' + TEXT.encode("gb18030"), None, "gb18030"),
        (TEXT.encode("gb18030"), "text/html", "gb18030"),
        (TEXT.encode("utf-8"), "text/html", "utf-8"),
    ],
)
def test_decode(body: bytes, header: str | None, encoding: str) -> None:
    text, used = decode(body, header)
    assert used == encoding
    assert TEXT in text


def test_invalid_bytes_are_replaced_not_fatal() -> None:
    body = "法治政府".encode("gbk") + b"\xff\xfe\x81" + "建设".encode("gbk")
    text, used = decode(body, "text/html; charset=gbk")
    assert used == "gb18030" and text.startswith("法治政府") and text.endswith("建设")


def test_unknown_declared_charset_falls_through() -> None:
    text, used = decode(b'<meta charset="x-klingon">' + TEXT.encode("utf-8"), "text/html; charset=bogus")
    assert used == "utf-8" and TEXT in text

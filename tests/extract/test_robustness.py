"""Malformed input never raises; the worst case is an empty result with ``reason``."""

from __future__ import annotations

import random

import pytest

from govwatch.extract import Extracted, extract

BODY = "".join(f"<p>第{i}段，推进法治政府建设取得新进展。</p>" for i in range(8))


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "\x00\x00\x00",
        "<html></html>",
        "<html><body></body></html>",
        "<!-- only a comment -->",
        "plain text without tags",
        "<div><div><div><p>unclosed",
        "<<<>>><</><html</head<body>",
    ],
)
def test_degenerate_inputs(html: str) -> None:
    res = extract(html)
    assert isinstance(res, Extracted)
    if not res.paragraphs:
        assert res.reason


def test_empty_reason() -> None:
    assert extract("").reason == "empty document"


def test_binary_garbage() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    res = extract(data)
    assert isinstance(res, Extracted)
    assert res.reason


def test_nul_bytes_inside_page() -> None:
    html = f"<html><body><div class='TRS_Editor'>{BODY}\x00<p>结\x00尾。</p></div></body></html>"
    res = extract(html)
    assert "结尾。" in res.paragraphs


def test_two_closing_html_tags_and_broken_head() -> None:
    html = (f'<html><head><meta name="ArticleTitle" content="标题<div>副标题</div>">">\n<title>x</title>'
            f"<body><div id='zoom'>{BODY}</div></body></html></html><p>尾巴</p></html>")
    res = extract(html)
    assert res.title == "标题副标题"
    assert len(res.paragraphs) >= 8


def test_unclosed_tags() -> None:
    html = "<html><body><div class='TRS_Editor'>" + "".join(f"<p><span>第{i}段，内容。" for i in range(30))
    res = extract(html)
    assert len(res.paragraphs) == 30


def test_five_megabyte_page() -> None:
    filler = "<li><a href='/x'>导航链接</a></li>" * 80000
    tail = "<div class='side'>" + "<p>侧栏信息</p>" * 120000 + "</div>"
    html = f"<html><body><ul>{filler}</ul><div class='TRS_Editor'>{BODY}</div>{tail}</body></html>"
    assert len(html.encode()) > 5_000_000
    res = extract(html)
    assert len(res.paragraphs) == 8


def test_deep_nesting() -> None:
    html = "<div>" * 5000 + BODY + "</div>" * 5000
    res = extract(html)
    assert isinstance(res, Extracted)


def test_bytes_input_gb18030() -> None:
    html = ('<html><head><meta charset="gb2312"><title>报告</title></head><body><div class="TRS_Editor">'
            f"{BODY}</div></body></html>").encode("gb18030")
    res = extract(html)  # type: ignore[arg-type]
    assert len(res.paragraphs) == 8


def test_not_a_string() -> None:
    res = extract(12345)  # type: ignore[arg-type]
    assert res.reason

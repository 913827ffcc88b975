"""Sentence-aware diffs for Chinese text: a one-character edit is one changed sentence."""

from __future__ import annotations

from rich.console import Console

from govwatch.store.diff import (
    char_marks,
    diff_html,
    paragraph_diff,
    parse_unified,
    rich_diff,
    sentence_lines,
    split_sentences,
)

OLD = "一、总体情况\n全年办理案件120件。纠错率为8%；调解成功率98%！还有问题吗？有。\n二、下一步打算"
NEW = OLD.replace("120件", "126件")


def changed_lines(diff: str) -> tuple[list[str], list[str]]:
    body = [line for line in diff.splitlines() if line[:3] not in ("+++", "---")]
    return [line[1:] for line in body if line.startswith("-")], [line[1:] for line in body if line.startswith("+")]


def test_split_sentences_keeps_every_character() -> None:
    for para in [*OLD.split("\n"), "“好。”他说；", "无标点", "", "a?b!c;d", "问题……。"]:
        assert "".join(split_sentences(para)) == para
    assert split_sentences("纠错率为8%；调解成功率98%！还有问题吗？有。") == \
        ["纠错率为8%；", "调解成功率98%！", "还有问题吗？", "有。"]
    # the NFKC forms the store keeps split too
    assert split_sentences("一是;二是!三是?") == ["一是;", "二是!", "三是?"]
    assert split_sentences("他说：“已完成。”然后") == ["他说：“已完成。”", "然后"]


def test_one_character_edit_is_one_changed_sentence() -> None:
    removed, added = changed_lines(paragraph_diff(OLD, NEW, "v1", "v2"))
    assert removed == ["全年办理案件120件。"] and added == ["全年办理案件126件。"]


def test_paragraph_breaks_stay_visible() -> None:
    assert sentence_lines("甲。乙。\n丙") == ["甲。", "  乙。", "丙"]
    # splitting a paragraph in two changes one line: the sentence now starts a paragraph
    removed, added = changed_lines(paragraph_diff("甲。乙。", "甲。\n乙。"))
    assert removed == ["  乙。"] and added == ["乙。"]


def test_equal_texts_give_no_diff() -> None:
    assert paragraph_diff(OLD, OLD) == ""


def test_changed_characters_are_marked() -> None:
    old, new = char_marks("全年办理案件120件。", "全年办理案件126件。")
    assert [s for s, changed in old if changed] == ["0"]
    assert [s for s, changed in new if changed] == ["6"]
    lines = parse_unified(paragraph_diff(OLD, NEW))
    removed = next(i for i, line in enumerate(lines) if line.kind == "removed")
    assert lines[removed].partner is not None and lines[lines[removed].partner].kind == "added"


def test_unrelated_sentences_are_not_paired() -> None:
    diff = paragraph_diff("甲。完全不同的一句话。", "甲。另外写了些别的内容！")
    lines = parse_unified(diff)
    assert all(line.partner is None for line in lines if line.kind in ("removed", "added"))
    html = diff_html(diff)
    assert "<del>完全不同的一句话。</del>" in html and "<ins>另外写了些别的内容！</ins>" in html


def test_html_marks_edit_in_place_and_escapes() -> None:
    html = diff_html(paragraph_diff("甲<b>。有120件。", "甲<b>。有126件。"))
    assert "有12<del>0</del><ins>6</ins>件。" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_terminal_marks_changed_characters_in_reverse() -> None:
    diff = paragraph_diff(OLD, NEW, "v1", "v2")
    text = rich_diff(diff)
    assert text.plain == diff  # the words are the diff itself
    marked = {text.plain[span.start:span.end] for span in text.spans if "reverse" in str(span.style)}
    assert marked == {"0", "6"}
    console = Console(force_terminal=True, color_system="standard", width=200)
    with console.capture() as cap:
        console.print(text)
    assert "\x1b[" in cap.get() and "7" in cap.get()  # SGR 7: reverse video

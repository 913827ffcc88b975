"""Small text helpers shared by the extractor modules (whitespace, squashing, dates)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

# CJK ideographs and full-width punctuation: a line break between two of these is not a space.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*[\r\n]\s*(?=[{_CJK}])")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SENTENCE_PUNCT = frozenset("，。；！？、,;!?")

#: the C0/C1 control characters other than tab, line feed and carriage return (a regex class body)
_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: terminal escape sequences (CSI ``ESC [ … m``, OSC ``ESC ] … BEL``, other ``ESC x``) and control characters
_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
    rf"|[{_CONTROL_CLASS}]"
)
#: any character ``strip_controls`` removes (an escape sequence starts with one): one class, scanned much
#: faster than the alternation above, which runs only on the rare text that has one
_ANY_CONTROL = re.compile(rf"[{_CONTROL_CLASS}]")
#: a control character or an invisible one: most text has neither, and one scan tells
_CONTROL_OR_INVISIBLE = re.compile(rf"[{_CONTROL_CLASS}\u200b\u200c\u200d\ufeff]")


def strip_controls(text: str) -> str:
    r"""Drop control characters and terminal escape sequences (scraped text reaches terminals,
    CSV files and PostgreSQL, which refuses NUL).

    >>> strip_controls("a\x00b\x1b[31mred\x1b[0m\x9bc\td\n")
    'abredc\td\n'
    >>> strip_controls("\x1b]8;;http://x\x07link\x1b]8;;\x07")
    'link'
    """
    if not text or not _ANY_CONTROL.search(text):
        return text
    return _CONTROLS.sub("", text)


def normalize_space(text: str) -> str:
    """Strip, drop source line breaks between CJK characters, collapse other whitespace runs to one space."""
    if not text:
        return ""
    if _CONTROL_OR_INVISIBLE.search(text):
        text = strip_controls(text)
        if "\u200b" in text or "\ufeff" in text or "\u200c" in text or "\u200d" in text:
            text = _INVISIBLE.sub("", text)
    if "\n" in text or "\r" in text:
        text = _CJK_BREAK.sub("", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    """Remove every whitespace character (for comparisons that ignore spacing)."""
    if not text:
        return ""
    out = "".join(text.split())
    if "\u200b" in out or "\ufeff" in out:
        out = out.replace("\u200b", "").replace("\ufeff", "")
    return out


def visible_len(text: str) -> int:
    """Number of non-whitespace characters."""
    return len("".join(text.split())) if text else 0


#: the marks that carry nearly all of the signal in Chinese prose (the density measures count them)
PROSE_MARKS = ("，", "。", "、", ",")


def approx_len(text: str) -> int:
    r"""Length without ASCII whitespace (spaces, tabs, line breaks): C scans, no allocation (for size
    heuristics on big texts, where ``visible_len`` would build a copy). Whitespace-only text nodes add
    nothing, so an element's text taken with ``skip_empty`` (see :func:`measured_text`) measures the same.

    >>> approx_len(" 第一条\t法治\n政府　")
    8
    """
    if not text:
        return 0
    n = len(text) - text.count(" ") - text.count("\n") - text.count("\t")
    if "\r" in text:  # (rare: the parser turns line breaks into LF; a quick memchr rules them out)
        n -= text.count("\r")
    if "\f" in text:
        n -= text.count("\f")
    return n


def measured_text(node: LexborNode) -> str:
    """The text of ``node`` to measure with :func:`approx_len` and punctuation counts: whitespace-only
    text nodes (template indentation, often most of a page's text) are left out in C, so the scans that
    follow run over the visible text only and give the same numbers."""
    return node.text(deep=True, skip_empty=True)


def count_punct(text: str) -> int:
    return sum(1 for ch in text if ch in SENTENCE_PUNCT)


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_number(s: str) -> int | None:
    """二〇二三 -> 2023 (digit by digit); 二十七 -> 27; 十二 -> 12."""
    if not s:
        return None
    if all(ch in _CN_DIGITS and ch != "十" for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head, 0) if head else 1
        ones = _CN_DIGITS.get(tail, 0) if tail else 0
        return tens * 10 + ones
    return None


DATE_RE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|-|/|\.|－)\s*(\d{1,2})\s*(?:月|-|/|\.|－)\s*(\d{1,2})(?!\d)\s*日?"
)
_CN_NUM = "一二三四五六七八九十"
CN_DATE_RE = re.compile(rf"([〇○零Ｏ一二三四五六七八九]{{4}})年([{_CN_NUM}]{{1,3}})月([{_CN_NUM}]{{1,3}})日")


def make_date(y: int, m: int, d: int) -> str | None:
    if not (1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(text: str) -> str | None:
    """The first plausible date in ``text`` as YYYY-MM-DD (numeric or Chinese-numeral forms)."""
    if not text:
        return None
    m = DATE_RE.search(text)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m2 = CN_DATE_RE.search(text)
    if m2:
        y, mo, d = (_cn_number(g) for g in m2.groups())
        if y is not None and mo is not None and d is not None:
            return make_date(y, mo, d)
    return None


def full_date_line(text: str) -> str | None:
    """The date when ``text`` is nothing but a date (a signature line such as ``2023年6月5日``)."""
    t = squash(text)
    if not t or len(t) > 16:
        return None
    m = DATE_RE.fullmatch(t)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m2 = CN_DATE_RE.fullmatch(t)
    if m2:
        y, mo, d = (_cn_number(g) for g in m2.groups())
        if y is not None and mo is not None and d is not None:
            return make_date(y, mo, d)
    return None

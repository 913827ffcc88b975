"""Numbers as reports write them: Arabic, Chinese numerals, percentages.

>>> [parse_number(s) for s in ("61", "1.56%", "百分之九十五", "百分之十二点五", "一百二十", "一百零八", "十二")]
[61.0, 1.56, 95.0, 12.5, 120.0, 108.0, 12.0]
>>> parse_number("两千三百万"), parse_number("〇"), parse_number("9.5 %"), parse_number("x")
(23000000.0, 0.0, 9.5, None)
>>> parse_number("1,234"), parse_number("1.2万")
(1234.0, 12000.0)
"""

from __future__ import annotations

import re

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


def _chinese_below_wan(s: str) -> int | None:
    total, digit = 0, None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def chinese_int(s: str) -> int | None:
    """一百二十 → 120; 两万三千 → 23000; None when ``s`` is not a Chinese numeral."""
    if not s:
        return None
    if all(ch in _DIGITS for ch in s) and len(s) > 1:  # 二〇二三: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total = 0
    for i, piece in enumerate(reversed(s.split("万"))):
        if not piece:
            if i == 0:
                continue
            piece = "一"
        v = _chinese_below_wan(piece)
        if v is None:
            return None
        total += v * 10 ** (4 * i)
    return total


def parse_number(raw: str) -> float | None:
    """The value of a count or percentage phrase (the percent sign is dropped: 1.56% → 1.56)."""
    s = raw.strip().rstrip("%").strip().replace(",", "")
    if s.startswith("百分之"):
        s = s[3:]
    if _ARABIC.fullmatch(s):
        return float(s)
    if s.endswith("万") and _ARABIC.fullmatch(s[:-1]):
        return round(float(s[:-1]) * 10000, 6)
    whole, _, frac = s.partition("点")
    n = chinese_int(whole)
    if n is None:
        return None
    if frac:
        if not all(ch in _DIGITS for ch in frac):
            return None
        return float(f"{n}.{''.join(str(_DIGITS[ch]) for ch in frac)}")
    return float(n)

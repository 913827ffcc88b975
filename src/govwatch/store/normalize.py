"""Text normalisation and content hashing.

The stored text is the extracted text with whitespace tidied (:func:`clean_text`); the hash
is taken over a stricter form (:func:`hash_form`: Unicode NFKC, whitespace folded, spaces
next to Chinese characters dropped), so two extractions that differ only in Unicode form
or layout whitespace are the same content:

>>> content_hash("法治\\u3000政府 建设，\\n\\n报告") == content_hash("法治政府建设,\\n报告")
True
>>> clean_text(["  第一段  ", "", "第二段\\t 有空格 "])
'第一段\\n第二段 有空格'
>>> hash_form("Ａ１ 与 B 2")
'A1与B 2'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002-\u200b\u202f\u205f\ufeff]+")
_CJK = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Each paragraph (or line) trimmed, whitespace runs folded to one space, empties dropped."""
    out = []
    for para in paragraphs:
        for line in para.split("\n"):
            line = _WS.sub(" ", line).strip()
            if line:
                out.append(line)
    return out


def clean_text(paragraphs: Iterable[str]) -> str:
    return "\n".join(clean_paragraphs(paragraphs))


def hash_form(text: str) -> str:
    """The form that is hashed: NFKC, whitespace folded, no spaces beside Chinese characters."""
    lines = clean_paragraphs(unicodedata.normalize("NFKC", text).split("\n"))
    return "\n".join(_CJK_SPACE.sub("", line) for line in lines)


def content_hash(text: str) -> str:
    """SHA-256 hex of :func:`hash_form` of ``text``."""
    return hashlib.sha256(hash_form(text).encode("utf-8")).hexdigest()

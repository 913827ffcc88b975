"""The disclosure metadata table (索引号 / 发布机构 / 文号 / 主题分类 / 成文日期 / 发布日期 / 有效性 ...)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from govwatch.extract.blocks import paragraphs
from govwatch.extract.textutil import parse_date, squash, visible_len

#: label as printed (without spaces) -> canonical key in ``Extracted.fields``
FIELD_LABELS: dict[str, str] = {
    "索引号": "索引号",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发文单位": "发布机构",
    "发布单位": "发布机构",
    "公开机构": "发布机构",
    "信息公开机构": "发布机构",
    "办文部门": "发布机构",
    "文号": "文号",
    "发文字号": "文号",
    "文件编号": "文号",
    "发文编号": "文号",
    "文件字号": "文号",
    "主题分类": "主题分类",
    "组配分类": "主题分类",
    "信息分类": "主题分类",
    "分类": "主题分类",
    "体裁分类": "体裁分类",
    "主题词": "主题词",
    "关键词": "主题词",
    "成文日期": "成文日期",
    "生成日期": "成文日期",
    "发文日期": "成文日期",
    "印发日期": "成文日期",
    "发布日期": "发布日期",
    "公开日期": "发布日期",
    "有效性": "有效性",
    "时效性": "有效性",
    "效力状态": "有效性",
    "有效期": "有效期",
    "标题": "标题",
    "名称": "标题",
    "公文名称": "标题",
    "信息名称": "标题",
    "内容概述": "内容概述",
    "摘要": "内容概述",
    "公开方式": "公开方式",
    "公开范围": "公开范围",
    "公开时限": "公开时限",
    "来源": "来源",
    "信息来源": "来源",
}
DATE_KEYS = frozenset({"成文日期", "发布日期"})

# labels that identify a disclosure table on their own (weak ones such as 标题/分类 need company)
STRONG_LABELS = ("索引号", "发布机构", "发文机关", "成文日期", "发文字号", "文件编号", "组配分类", "主题分类",
                 "生成日期", "发文日期", "有效性", "公开方式")


def _spaced(label: str) -> str:
    return r"[\s\u3000\xa0]*".join(re.escape(ch) for ch in label)


_LABEL_ALT = "|".join(_spaced(lab) for lab in sorted(FIELD_LABELS, key=len, reverse=True))
# a label followed by a colon or by whitespace / end (the caller checks it starts the line or a word)
_LABEL_RE = re.compile(rf"({_LABEL_ALT})[\s\u3000\xa0]*(?:[:：]|(?=\s)|$)")
_STRONG_SET = frozenset(STRONG_LABELS)
_STRONG_RE = re.compile("|".join(_spaced(lab) for lab in STRONG_LABELS))
_STRONG_PLAIN_RE = re.compile("|".join(STRONG_LABELS))  # on whitespace-free text


_LABEL_FIRST = frozenset(lab[0] for lab in FIELD_LABELS)


def has_field_labels(text: str) -> bool:
    """Cheap test on element text before looking for a disclosure table (single-character membership
    tests are far faster than multi-character ones on CJK strings, so they go first)."""
    if not text:
        return False
    if not ("索" in text or "构" in text or "配" in text or "成文日期" in text or "发文机关" in text
            or "发文字号" in text):
        return False
    return _STRONG_PLAIN_RE.search(squash(text)) is not None


def parse_field_line(line: str, *, strict: bool = True) -> dict[str, str] | None:
    """Parse a line made only of ``label：value`` pairs; None when the line is anything else.

    ``strict`` refuses a line with one weak label ("来源：…", "发布日期：…") on its own; inside a
    block already known to be a disclosure table (``strict=False``) such a line is a field.

    >>> parse_field_line("发布日期：2022-03-30") is None
    True
    >>> parse_field_line("发布日期：2022-03-30", strict=False)
    {'发布日期': '2022-03-30'}
    """
    if len(line) > 400 or not line or line[0] not in _LABEL_FIRST:
        return None
    matches = [m for m in _LABEL_RE.finditer(line) if m.start() == 0 or line[m.start() - 1].isspace()]
    if not matches or matches[0].start() != 0:
        return None
    out: dict[str, str] = {}
    labels: set[str] = set()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end():end].strip(" \u3000\xa0:：|｜")
        label = "".join(m.group(1).split())
        key = FIELD_LABELS.get(label)
        if key is None or len(value) > 160 or "。" in value[:-1]:
            return None
        labels.add(label)
        if key not in out or (not out[key] and value):
            out[key] = value
    # a single weak label ("标题：…", "来源：…") with a value is not enough to call this a metadata line
    if strict and len(matches) == 1 and not labels & _STRONG_SET and next(iter(out.values())):
        return None
    return out


def merge_fields(target: dict[str, str], new: dict[str, str]) -> None:
    for k, v in new.items():
        v = v.strip()
        if k in DATE_KEYS and v:
            v = parse_date(v) or v
        if (v and not target.get(k)) or k not in target:
            target[k] = v


def parse_block_fields(node: LexborNode) -> dict[str, str]:
    """Fields of a metadata block; label and value may sit in one line or in consecutive lines."""
    out: dict[str, str] = {}
    lines = paragraphs(node)
    pending: str | None = None
    for ln in lines:
        parsed = parse_field_line(ln, strict=False)
        if parsed is not None:
            merge_fields(out, parsed)
            # "label：" with its value on the next line
            last_key = list(parsed)[-1] if parsed else None
            pending = last_key if last_key and not parsed[last_key] else None
            continue
        if pending is not None:
            merge_fields(out, {pending: ln})
            pending = None
    return {k: v for k, v in out.items() if v}


def find_field_blocks(root: LexborNode, max_text: int = 1500, loose: bool = True) -> list[LexborNode]:
    """Elements holding disclosure-table labels: tables/definition lists naming at least two labels;
    failing those (and when ``loose``), the nearest ancestor of a label naming three labels."""
    out: list[LexborNode] = []
    chosen: set[int] = set()
    cands = root.css("table, dl")
    if root.tag in ("table", "dl"):
        cands.insert(0, root)
    for t in cands:
        p = t.parent
        nested = False
        while p is not None and p is not root:
            if p.mem_id in chosen:
                nested = True
                break
            p = p.parent
        if nested:
            continue
        tx = t.text(deep=True)
        if visible_len(tx) > max_text or not has_field_labels(tx):
            continue
        if len(set(_STRONG_RE.findall(squash(tx)))) >= 2:
            out.append(t)
            chosen.add(t.mem_id)
    if out or not loose:
        return out
    return _find_loose_blocks(root, max_text)


def _find_loose_blocks(root: LexborNode, max_text: int) -> list[LexborNode]:
    found: dict[int, LexborNode] = {}
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        t = node.text_content
        if not t or len(t) > 60:
            continue
        st = squash(t)
        if not st or not _STRONG_RE.match(st):
            continue
        block = _climb(node, max_text)
        if block is not None:
            found.setdefault(block.mem_id, block)
    blocks = list(found.values())
    # drop blocks nested inside another found block
    ids = {b.mem_id for b in blocks}
    out = []
    for b in blocks:
        p = b.parent
        nested = False
        while p is not None:
            if p.mem_id in ids:
                nested = True
                break
            p = p.parent
        if not nested:
            out.append(b)
    return out


def _climb(text_node: LexborNode, max_text: int) -> LexborNode | None:
    cur = text_node.parent
    for _ in range(8):
        if cur is None or cur.tag in ("body", "html"):
            break
        txt = squash(cur.text())
        if len(txt) > max_text:
            break
        if cur.tag in ("table", "dl"):
            return cur
        if txt.count("。") > 3:
            break
        n_labels = len(set(_STRONG_RE.findall(txt)))
        if n_labels >= 3 or (cur.tag in ("ul", "ol") and n_labels >= 2):
            return cur
        cur = cur.parent
    return None

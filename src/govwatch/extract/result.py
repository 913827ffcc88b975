"""The extractor's output type, shared by the crawler, the store and the exporters."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """An attachment or image found in the body: its link text and absolute URL."""

    text: str
    url: str


@dataclass
class Extracted:
    """Clean content and metadata of one page.

    ``paragraphs`` is the body text, one entry per paragraph, chrome removed.
    ``fields`` holds the disclosure-table fields (索引号, 发布机构, 文号, 主题分类, 成文日期 ...)
    keyed by their canonical Chinese label. ``reason`` says why a result is empty.
    """

    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    report_year: int | None = None
    attachments: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)
    reason: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

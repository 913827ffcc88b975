"""Synthetic stores for the output tests: a small hand-made one through ``Store.record_page``,
and large ones written with bulk inserts (for memory measurements)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from govwatch.extract.result import Extracted, Link
from govwatch.store import Store
from govwatch.store.models import Content, Document, Version

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

P_2024 = [
    "2024年，某区坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）深化改革。全年办理行政复议案件120件，纠错率为8%。组织执法人员培训3次。",
    "（二）规范执法。开展案卷评查，评查案卷200卷；发现问题15个！均已整改。",
]
P_2024_EDITED = [P_2024[0], P_2024[1], P_2024[2].replace("120件", "126件"), P_2024[3]]


@dataclass
class Small:
    """What :func:`small_store` wrote (URLs by role)."""

    db: str
    config: Path
    urls: dict[str, str] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)


def page(paragraphs: list[str], title: str, year: int | None = 2024, published: str | None = "2025-03-20",
         attachments: int = 0) -> Extracted:
    links = [Link(f"附件{i + 1}", f"http://a.gov.cn/P{i}.pdf") for i in range(attachments)]
    return Extracted(title=title, published=published, publisher="某区人民政府", paragraphs=list(paragraphs),
                     fields={"索引号": "000/2025-1"}, report_year=year, attachments=links)


CONFIG = """\
sources:
  - id: alpha
    name: 甲区
    region: [湖北省, 随州市, 曾都区]
    start_urls: ["http://alpha.gov.cn/col/"]
  - id: beta
    name: 乙县
    region: [浙江省, 嘉兴市, 海盐县]
    start_urls: ["http://beta.gov.cn/col/"]
  - id: delta
    name: 丁县
    region: [陕西省, 渭南市, 潼关县]
    start_urls: ["http://delta.gov.cn/col/"]
"""


def small_store(db: str, tmp: Path) -> Small:
    """Three sources (gamma is not in the config): a report edited once, a reposted copy, a
    removed report, a department report, titles that need safe file names."""
    store = Store(db)
    out = Small(db=db, config=tmp / "sources.yaml")
    out.config.write_text(CONFIG, encoding="utf-8")
    u = out.urls
    u["edited"] = "http://alpha.gov.cn/col/202503/t20250320_1.html"
    u["dept"] = "http://alpha.gov.cn/col/202503/t20250321_2.html"
    u["copy"] = "http://alpha.gov.cn/other/t20250322_3.html"
    u["gone"] = "http://beta.gov.cn/art/2024/3/1/art_1.html"
    u["odd"] = "http://beta.gov.cn/art/2025/3/2/art_2.html"
    u["odd2"] = "http://beta.gov.cn/art/2025/3/2/art_3.html"
    u["gamma"] = "http://gamma.gov.cn/a/1.html"
    out.times["v1"] = T0
    alpha = "甲区2024年度法治政府建设情况报告"
    minute = timedelta(minutes=1)
    store.record_page("alpha", u["edited"], page(P_2024, alpha, attachments=2), kind="report",
                      encoding="utf-8", now=T0)
    dept = page(["区司法局2024年法治建设。完成任务。"], "甲区司法局2024年度法治政府建设情况报告")
    store.record_page("alpha", u["dept"], dept, kind="department_report", encoding="utf-8", now=T0 + minute)
    gone = page(["2023年乙县法治政府建设情况。", "成效明显；问题不少。"], "乙县2023年度法治政府建设情况报告",
                year=2023, published="2024-03-01")
    store.record_page("beta", u["gone"], gone, kind="report", encoding="gb18030", now=T0 + 2 * minute)
    odd_title = "乙县/2024年度\x07法治政府建设:情况*报告" + "很长" * 80
    store.record_page("beta", u["odd"], page(["乙县第一份。"], odd_title), kind="report", now=T0 + 3 * minute)
    store.record_page("beta", u["odd2"], page(["乙县第二份，不同文字。"], odd_title), kind="report",
                      now=T0 + 4 * minute)
    gamma = page(["丙市文字。"], "丙市2022年度法治政府建设情况报告", year=2022, published="2023-05-02")
    store.record_page("gamma", u["gamma"], gamma, kind="report", now=T0 + 5 * minute)
    out.times["v2"] = T0 + timedelta(days=10)
    store.record_page("alpha", u["edited"], page(P_2024_EDITED, alpha, attachments=2), kind="report",
                      encoding="utf-8", now=out.times["v2"])
    out.times["copy"] = T0 + timedelta(days=11)
    store.record_page("alpha", u["copy"], page(P_2024_EDITED, alpha), kind="report", now=out.times["copy"])
    store.mark_gone("beta", u["gone"], 404)
    store.close()
    return out


def bulk_store(db: str, n: int, *, text_chars: int = 1500, sources: int = 20, chunk: int = 2000) -> None:
    """``n`` documents with one version each, written with bulk inserts (fast, for 100k)."""
    store = Store(db)
    base = "".join(P_2024)
    body = (base * (text_chars // len(base) + 1))[:text_chars]
    # every column with its model default, filled in once (constructing models per row is slow)
    doc_t = Document(url="", source_id="", first_seen=T0, last_seen=T0, last_checked=T0).model_dump()
    ver_t = Version(document_id=0, number=1, content_hash="", created_at=T0).model_dump(exclude={"id"})
    with store.engine.begin() as conn:
        for start in range(0, n, chunk):
            docs, versions, contents = [], [], []
            for i in range(start, min(n, start + chunk)):
                text = f"第{i}号文件。{body}"
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                when = T0 + timedelta(seconds=i)
                docs.append({**doc_t, "id": i + 1, "url": f"http://s{i % sources}.gov.cn/a/{i}.html",
                             "source_id": f"src{i % sources:03d}", "first_seen": when, "last_seen": when,
                             "last_checked": when, "current_version": 1, "current_hash": digest})
                versions.append({**ver_t, "document_id": i + 1, "content_hash": digest,
                                 "title": f"某区{2015 + i % 10}年度法治政府建设情况报告（{i}）",
                                 "published": "2025-03-01", "publisher": "某区人民政府",
                                 "report_year": 2015 + i % 10, "kind": "report", "encoding": "utf-8",
                                 "created_at": when})
                contents.append({"hash": digest, "text": text, "created_at": when})
            conn.execute(insert(Content.__table__), contents)  # type: ignore[attr-defined]
            conn.execute(insert(Document.__table__), docs)  # type: ignore[attr-defined]
            conn.execute(insert(Version.__table__), versions)  # type: ignore[attr-defined]
    store.close()


def sha1_hex(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()

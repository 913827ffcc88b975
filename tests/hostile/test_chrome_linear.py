"""Every chrome rule runs in linear time on adversarial lines (issue 15, item 1).

The lines repeat the rule's own words, labels and needles up to its length limit and end with a
character that makes the match fail, the shape that makes a backtracking regex explode
(``附件下载`` ×20 then one more character; ``电话:`` repeated). Each rule gets a generous budget in a
child process, so that a regression fails in seconds instead of hanging.
"""

from __future__ import annotations

import pytest

from govwatch.extract.chrome import RULES
from tests.hostile.bounded import run_bounded

CHECK = """
import time
from govwatch.extract.chrome import RULES_BY_NAME, match_rule

rule = RULES_BY_NAME[{name!r}]
pieces = {{*rule.tokens, *rule.needles, *getattr(rule, "pairs", ()), "电话：", "地址: "}}
pieces |= {{ex[:n] for ex in rule.examples for n in (2, 4, 6)}}
pieces |= {{"附件下载", "电话:", "来源：", "首页 > ", "【"}}
lines = []
for piece in sorted(p for p in pieces if p):
    for limit in (rule.max_len, 80, 240):
        body = (piece * (limit // len(piece) + 1))[: limit - 1]
        lines += [body + "好", body + "。", body]
worst = 0.0
for line in lines:
    for rules in ((rule,), None):
        t = time.perf_counter()
        match_rule(line, rules)
        worst = max(worst, time.perf_counter() - t)
print(len(lines), worst)
assert worst < 0.5, f"{{rule.name}}: {{worst:.2f}}s on one line"
"""


@pytest.mark.parametrize("name", [r.name for r in RULES])
def test_rule_is_linear_on_adversarial_lines(name: str) -> None:
    run_bounded(CHECK.format(name=name), seconds=30)


def test_repeated_attachment_labels_page_extracts_quickly() -> None:
    """The page of the report: ``附件下载`` twenty times, then one more character; ``电话:`` repeated."""
    run_bounded(
        """
        from govwatch.extract import extract
        html = "<html><body><p>" + "附件下载" * 20 + "好</p></body></html>"
        extract(html, "http://x.gov.cn/a.html")
        html = "<html><body><div class='TRS_Editor'><p>" + "电话:" * 60 + "</p></div></body></html>"
        extract(html, "http://x.gov.cn/a.html")
        """,
        seconds=20,
    )

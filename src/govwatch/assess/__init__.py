"""What evaluators check in a report: the five required parts, the key figures, length and kind.

``assess_text`` analyses one text; ``govwatch.assess.table`` builds the per-government rows of
``govwatch assess``; the rules are data in ``govwatch.assess.rules``.
"""

from __future__ import annotations

from govwatch.assess.analyse import (
    ABSENT,
    MENTIONED,
    SECTION,
    Assessment,
    Figure,
    Highlight,
    Part,
    assess_text,
    highlight_html,
    highlights,
)
from govwatch.assess.rules import FIGURE_NAMES, PART_NAMES

__all__ = ["ABSENT", "FIGURE_NAMES", "MENTIONED", "PART_NAMES", "SECTION", "Assessment", "Figure", "Highlight",
           "Part", "assess_text", "highlight_html", "highlights"]

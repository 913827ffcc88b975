"""Paragraph-level unified diffs between two versions of a text.

>>> print(paragraph_diff("甲\\n乙\\n丙", "甲\\n乙二\\n丙", "v1", "v2"))
--- v1
+++ v2
@@ -1,3 +1,3 @@
 甲
-乙
+乙二
 丙
"""

from __future__ import annotations

import difflib


def paragraph_diff(old: str, new: str, old_label: str = "old", new_label: str = "new",
                   context: int = 3) -> str:
    """A unified diff of ``old`` and ``new`` with one paragraph per line; '' when equal."""
    lines = difflib.unified_diff(
        old.split("\n"), new.split("\n"), fromfile=old_label, tofile=new_label, n=context, lineterm=""
    )
    return "\n".join(lines)

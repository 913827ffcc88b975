"""Discovery: find every government's report columns and reports, starting from its portal.

Modules: :mod:`.paths` (column paths that repeat within a province, as data),
:mod:`.navigation` (which link texts lead toward reports), :mod:`.search` (the site's own
search: GET forms, Hanweb ``jsearchfront``, TRS), :mod:`.engine` (the per-government budgeted
walk, the prefecture aggregators, storing what was found).
"""

from govwatch.crawl.discover.engine import DEFAULT_BUDGET, Discoverer, GovResult, discover

__all__ = ["DEFAULT_BUDGET", "Discoverer", "GovResult", "discover"]

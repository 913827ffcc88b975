"""govwatch: watch local-government disclosure columns for rule-of-law reports.

Data flows one way: ``sources`` (config) -> ``crawl`` (http, fetchers, discovery)
-> ``extract`` (chrome, metadata) -> ``store`` (hash, versions, diffs) -> ``export``.
"""

__version__ = "0.1.0"

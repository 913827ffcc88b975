"""Crawling: the shared HTTP client, list-page discovery, and the per-source crawl loop."""

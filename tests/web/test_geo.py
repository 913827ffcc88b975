"""The map's shipped coordinates and projection."""

from __future__ import annotations

from govwatch.sources.catalog import load_catalog
from govwatch.web.geo import WIDTH, Dot, coordinates, projected, render_map


def test_every_catalogue_government_has_a_point_on_the_map() -> None:
    codes = {g.code for g in load_catalog()}
    assert codes <= set(coordinates())
    height = render_map([]).split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()[1]
    for x, y in projected().values():
        assert 0 <= x <= WIDTH and 0 <= y <= float(height)


def test_places_land_where_they_are() -> None:
    p = projected()
    beijing, urumqi, harbin, haikou, shanghai = p["110000"], p["650100"], p["230100"], p["460100"], p["310000"]
    assert urumqi[0] < beijing[0] < harbin[0]  # west to east
    assert harbin[1] < beijing[1] < shanghai[1] < haikou[1]  # north to south (y grows downwards)


def test_dots_are_escaped_links_with_titles() -> None:
    svg = render_map([Dot("421303", "曾都区<script>", "published"), Dot("000000", "nowhere", "missing")])
    assert svg.count("<circle") == 1 and 'href="/gov/421303"' in svg
    assert "曾都区&lt;script&gt;" in svg and "<script>" not in svg

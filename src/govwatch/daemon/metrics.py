"""In-process counters and gauges, rendered in the Prometheus text exposition format (0.0.4).

>>> m = Metrics()
>>> m.inc("govwatch_fetches_total", outcome="new")
>>> m.inc("govwatch_fetches_total", 2, outcome="new")
>>> print(m.render({"govwatch_fetches_total": ("counter", "Page fetches by outcome.")}))
# HELP govwatch_fetches_total Page fetches by outcome.
# TYPE govwatch_fetches_total counter
govwatch_fetches_total{outcome="new"} 3
<BLANKLINE>
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Iterable

Labels = tuple[tuple[str, str], ...]
Sample = tuple[str, dict[str, str], float]


def escape(value: str) -> str:
    r"""A label value with ``\``, ``"`` and newlines escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def fmt_value(value: float) -> str:
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def sample_line(name: str, labels: dict[str, str], value: float) -> str:
    if labels:
        inner = ",".join(f'{k}="{escape(str(v))}"' for k, v in sorted(labels.items()))
        return f"{name}{{{inner}}} {fmt_value(value)}"
    return f"{name} {fmt_value(value)}"


class Metrics:
    """Thread-safe labelled counters (the health server reads them from its own thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[Labels, float]] = defaultdict(dict)

    def inc(self, name: str, amount: float = 1, /, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            series = self._values[name]
            series[key] = series.get(key, 0) + amount

    def samples(self, name: str) -> list[Sample]:
        with self._lock:
            series = dict(self._values.get(name, {}))
        return [(name, dict(k), v) for k, v in sorted(series.items())]

    def render(self, meta: dict[str, tuple[str, str]], extra: Iterable[Sample] = ()) -> str:
        """Text for every metric named in ``meta`` (name -> (type, help)), counters and ``extra`` gauges."""
        by_name: dict[str, list[Sample]] = defaultdict(list)
        for name in meta:
            by_name[name].extend(self.samples(name))
        for sample in extra:
            by_name[sample[0]].append(sample)
        lines: list[str] = []
        for name, (kind, help_text) in meta.items():
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} {kind}")
            lines.extend(sample_line(n, labels, v) for n, labels, v in by_name.get(name, []))
        return "\n".join(lines) + "\n"

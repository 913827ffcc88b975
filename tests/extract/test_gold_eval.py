"""The gold set scores at or above the floor recorded in tests/gold/FLOOR.json."""

from __future__ import annotations

import json
from pathlib import Path

from govwatch.extract.evaluate import below_floor, char_prf, evaluate, load_floor, main

from .conftest import GOLD


def test_gold_set_size() -> None:
    assert len(list((GOLD / "real").glob("*.html"))) == 11
    synth = list((GOLD / "synth").glob("*.html"))
    assert len(synth) >= 30
    for page in synth:
        gold = json.loads(page.with_name(page.stem + ".gold.json").read_text("utf-8"))
        assert gold["paragraphs"] and gold["title"]


def test_gold_scores_above_floor() -> None:
    report = evaluate(GOLD)
    floor = load_floor(GOLD)
    assert floor, "FLOOR.json missing"
    problems = below_floor(report, floor)
    failing = [(p.name, p.failures) for p in report.pages if not p.passed]
    assert not problems, (problems, failing)
    assert report.synth_f1 >= 0.97


def test_main_exit_codes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(GOLD)]) == 0
    out = capsys.readouterr().out
    assert "real pages passed: 11/11" in out
    # the same pages against an impossible floor
    (tmp_path / "real").symlink_to(GOLD / "real")
    (tmp_path / "synth").symlink_to(GOLD / "synth")
    (tmp_path / "FLOOR.json").write_text(json.dumps({"synth_f1": 1.01}), "utf-8")
    assert main([str(tmp_path)]) == 1
    assert main([str(tmp_path / "missing")]) == 2


def test_char_prf() -> None:
    assert char_prf(["甲乙丙"], ["甲乙丙"]) == (1.0, 1.0, 1.0)
    p, r, f1 = char_prf(["甲乙丙", "多余"], ["甲乙丙"])
    assert r == 1.0 and p == 0.6 and 0.74 < f1 < 0.76
    p, r, _ = char_prf(["甲 乙"], ["甲乙丙丁"])
    assert p == 1.0 and r == 0.5
    assert char_prf([], []) == (1.0, 1.0, 1.0)
    assert char_prf([], ["甲"]) == (0.0, 0.0, 0.0)

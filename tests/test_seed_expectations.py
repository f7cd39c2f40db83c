"""The careful reader's expectations (samples/expected, from ../shared) through the shared scorer.

The scorer is run in process on the bundled samples; the acceptance bars of the foundation issue
(≥ 95% overall, every area ≥ 90%) are asserted so a regression fails the build.
"""
from __future__ import annotations

import importlib.util

import pytest

from conftest import SAMPLES, SHARED

SCORER = SHARED / "tools" / "score.py"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score.py is not beside the clone")
def test_seed_expectations_score(capsys):
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    seeds = [p for p in (SAMPLES / "expected").glob("0*.yaml")]
    total = score.Tally()
    for p in seeds:
        exp = score.load(p)
        src = SAMPLES / exp["file"]
        import govreport
        recs = govreport.extract_file(str(src))
        t = score.Tally()
        raw = src.read_text(encoding="utf-8")
        if exp.get("reports"):
            t.add("reports", len(recs) == exp["reports"])
        if exp.get("parts"):
            for idx, part in exp["parts"].items():
                i = int(idx) - 1
                score.score_record(part, recs[i] if i < len(recs) else {}, raw, t, p.name)
        else:
            score.score_record(exp, recs[0] if recs else {}, raw, t, p.name)
        total.merge(t)
    got, of = sum(total.got.values()), sum(total.of.values())
    assert got / of >= 0.95, total.line()
    for area in total.of:
        assert total.got[area] / total.of[area] >= 0.9, (area, total.line(), total.misses)

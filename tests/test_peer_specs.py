"""Other projects' numeral, percentage, money and date cases run against govreport's parsers.

Cases govreport does not handle stay visible as strict xfails, listed with a reason in
tests/peer_known_failures.yaml; a case that starts passing fails the run until it is removed there.
Pass rates per suite: `python tests/peer_report.py`.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peer_cases import PEER, cases

KNOWN = yaml.safe_load((Path(__file__).parent / "peer_known_failures.yaml").read_text(encoding="utf-8")) or {}
_REASONS = KNOWN.get("reasons", {})
_FAILS = KNOWN.get("cases", {})


def _params():
    for suite, case_id, run, expected in cases():
        marks = []
        if case_id in _FAILS:
            marks.append(pytest.mark.xfail(strict=True, reason=_REASONS.get(_FAILS[case_id], _FAILS[case_id])))
        yield pytest.param(run, expected, id=case_id, marks=marks)


PARAMS = list(_params())


@pytest.mark.skipif(not PEER.exists(), reason="../shared/peer-specs is not beside the clone")
@pytest.mark.parametrize("run,expected", PARAMS)
def test_peer_case(run, expected):
    got = run()
    if isinstance(expected, float) and isinstance(got, float):
        assert got == pytest.approx(expected)
    else:
        assert got == expected

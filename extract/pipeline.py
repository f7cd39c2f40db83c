"""The pipeline: a Document's text normalised, split into reports, and each report passed through an
ordered list of named stages that read one Report context and return their own parts."""
from __future__ import annotations

from typing import Any, Callable

from govreport.extract import audit, facts, indicators, metadata, sections, table_audit
from govreport.extract.normalise import normalise
from govreport.extract.read import Document
from govreport.extract.report import Report
from govreport.extract.sections import split_reports
from govreport.schemas import SCHEMA_VERSION
from govreport.schemas.shape import RECORD_KEYS  # the pydantic models there describe these dicts; tests validate them

Stage = Callable[[Report], dict[str, Any]]

# In order: each stage reads the parts of those before it (report["facts"]) and returns parts of its
# own, never changing one it was given. A new stage is one line here and a function in its module.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("table headings", table_audit.headings_stage),  # -> table_headings
    ("title", metadata.title_stage),                  # -> title, title_read
    ("sections", sections.stage),                     # -> sections
    ("facts", facts.stage),                           # -> facts_found
    ("year", metadata.year_stage),                    # -> year
    ("dated facts", facts.dated_stage),               # -> facts
    ("kind", metadata.kind_stage),                    # -> kind
    ("indicators", indicators.stage),                 # -> prose_indicators
    ("arithmetic", audit.stage),                      # -> text_checks
    ("tables", table_audit.stage),                    # -> tables (a TablesPart)
    ("names and dates", metadata.stage),              # -> agency, period, published, signed, anonymised, year_checks
)


def warm_up() -> None:
    """Load and compile every pattern now (before forking workers, so they share the work)."""
    from govreport.extract.read import read_bytes
    from govreport.extract.tables import row_rules
    extract_document(read_bytes("一、概述\n2020年共受理申请3件，占50%。\n".encode("utf-8"), "warm-up"))
    for table in ("table3_rows", "table2_2021", "table2_2019"):  # compiled only once a table is read
        row_rules(table)


def extract_document(doc: Document) -> list[dict[str, Any]]:
    page = normalise(doc.text)
    spans = split_reports(page.text)
    records = []
    for part, span in enumerate(spans, start=1):
        rec = {"schema_version": SCHEMA_VERSION, **extract_report(Report(page, span.start, span.end))}
        rec["source"] = {"path": printable_path(doc.path), "sha256": doc.sha256, "encoding": doc.encoding, "bytes": doc.size,
                         "part": part, "parts": len(spans), "format": doc.format, "pages": doc.pages}
        if doc.page_starts:
            _add_pages(rec, doc.page_starts)
        if rec["published"] is None and doc.meta.get("published"):
            rec["published"] = metadata.iso_date(doc.meta["published"])
        if len(spans) > 1:
            # Page-level furniture (published date of a mirror) is not the report's own.
            rec["published"] = None
        records.append(_in_schema_order(rec))
    return records


def run_stages(report: Report) -> Report:
    for _, stage in STAGES:
        report = report.with_parts(stage(report))
    return report


def extract_report(report: Report) -> dict[str, Any]:
    """One report's record fields, assembled from the parts its stages returned."""
    got = run_stages(report)
    tables = got["tables"]
    template = tables.template
    if template is None and got["kind"] == "annual_report" and got["year"]:
        template = "2021" if got["year"] >= 2021 else "2019" if got["year"] >= 2019 else None  # record.md: follows its year
    return {
        "kind": got["kind"],
        "script": got.page.script,
        "title": got["title"],
        "agency": got["agency"],
        "year": got["year"],
        "period": got["period"],
        "published": got["published"],
        "signed": got["signed"],
        "anonymised": got["anonymised"],
        "template": template,
        "sections": got["sections"],
        "facts": got["facts"],
        "indicators": {**got["prose_indicators"], **tables.indicators},  # a table's cell outranks the prose
        "tables": tables.tables,
        "checks": got["text_checks"] + tables.checks + got["year_checks"],
        # what a reader of the record should know before trusting it
        "warnings": tables.warnings + _anonymised_warning(got["anonymised"]),
    }


def printable_path(path: str) -> str:
    """A file name that is not UTF-8 (a GBK system's download) with its undecodable bytes as \\xNN escapes,
    so every output stays valid UTF-8; os.fsdecode(codecs.escape_decode(p)[0]) gives the name back."""
    if path.isascii() or not any("\udc80" <= c <= "\udcff" for c in path):
        return path
    import os
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _add_pages(rec: dict[str, Any], page_starts: tuple[int, ...]) -> None:
    """A PDF's facts, indicators and warnings carry the page (1-based) they are printed on."""
    from bisect import bisect_right
    for item in (*rec["facts"], *rec["indicators"].values()):
        item["page"] = bisect_right(page_starts, item["start"])


def _in_schema_order(rec: dict[str, Any]) -> dict[str, Any]:
    # (facts are built in FACT_KEYS order by facts.new_fact)
    for ind in rec["indicators"].values():
        ind.setdefault("source", "text")
    return {k: rec[k] for k in RECORD_KEYS}


def _anonymised_warning(anonymised: bool) -> list[dict[str, Any]]:
    return [{"code": "anonymised", "start": None, "end": None,
             "message": "names were replaced by placeholders (__, *, xx, ××); agency may be missing"}] if anonymised else []

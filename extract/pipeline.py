"""The pipeline as one function: Document → list of report Records."""
from __future__ import annotations

from typing import Any

from govreport.extract import metadata
from govreport.extract.audit import audit
from govreport.extract.facts import extract_facts, resolve_partial_dates
from govreport.extract.indicators import find_indicators
from govreport.extract.normalise import normalise
from govreport.extract.read import Document
from govreport.extract.sections import find_sections, innermost, split_reports
from govreport.extract.table_audit import apply_tables
from govreport.extract.tables import table_anchors
from govreport.schemas import SCHEMA_VERSION
from govreport.schemas.shape import RECORD_KEYS  # the pydantic models there describe these dicts; tests validate them


def warm_up() -> None:
    """Load and compile every pattern now (before forking workers, so they share the work)."""
    from govreport.extract.read import read_bytes
    from govreport.extract.tables import row_rules
    extract_document(read_bytes("一、概述\n2020年共受理申请3件，占50%。\n".encode("utf-8"), "warm-up"))
    for table in ("table3_rows", "table2_2021", "table2_2019"):  # compiled only once a table is read
        row_rules(table)


def extract_document(doc: Document) -> list[dict[str, Any]]:
    norm = normalise(doc.text)
    spans = split_reports(norm.text)
    records = []
    for part, span in enumerate(spans, start=1):
        rec = {"schema_version": SCHEMA_VERSION}
        rec.update(extract_report(norm, span.start, span.end))
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


_ORDER = RECORD_KEYS
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
    return {k: rec[k] for k in _ORDER}


def extract_report(norm, start: int, end: int) -> dict[str, Any]:
    text, original = norm.text, norm.original
    title, title_read, body_start = metadata.find_title(norm.reading, norm.printed, start, end, norm.kept)
    sections = find_sections(text, start, end, table_anchors(text, start, end))
    facts = extract_facts(text, start, end, original)
    starts = [sec["start"] for sec in sections]
    for f in facts:
        f["section"] = innermost(sections, f["start"], starts)
    year = metadata.find_year(title_read, text, start, end, facts)
    resolve_partial_dates(facts, year)
    kind = metadata.find_kind(title_read, norm.reading, start, end)
    indicators = find_indicators(text, original, start, end, facts, sections)
    checks = audit(text, facts)
    part = apply_tables(norm.reading, original, start, end, indicators)
    template, tables = part.template, part.tables
    indicators = {**indicators, **part.indicators}  # a table's cell outranks the prose
    checks = checks + part.checks
    warnings = part.warnings  # what a reader of the record should know before trusting it
    checks.extend(metadata.year_checks(title_read, year, facts, text))
    anonymised = metadata.is_anonymised(text[start:end])
    head = _PageHead(norm, start)
    if template is None and kind == "annual_report" and year:
        template = "2021" if year >= 2021 else "2019" if year >= 2019 else None  # record.md: follows its year
    return {
        "kind": kind,
        "script": norm.script,
        "title": title,
        "agency": _agency(norm, title_read, start, end, head),
        "year": year,
        "period": metadata.find_period(text, facts),
        "published": metadata.find_published(norm.kept, head, norm.original),
        "signed": metadata.find_signed(text, facts, end),
        "anonymised": anonymised,
        "template": template,
        "sections": sections,
        "facts": facts,
        "indicators": indicators,
        "tables": tables,
        "checks": checks,
        "warnings": warnings + _anonymised_warning(anonymised),
    }


def _agency(norm, title: str | None, start: int, end: int, head: str) -> str | None:
    if norm.changes.get("pinyin"):
        # names are read without a mirror's pinyin, not with the spaces it leaves (中南街道认(rèn)真)
        from govreport.extract.normalise import drop_pinyin
        body = drop_pinyin(norm.text[start:end])
        return metadata.find_agency(title, body, 0, len(body), head)
    return metadata.find_agency(title, norm.text, start, end, head)


class _PageHead:
    """The opening of the page as printed (furniture lines included), simplified and without pinyin:
    where its metadata lines stand. Made only when a reader asks for it (str(head))."""

    def __init__(self, norm, start: int):
        self.norm, self.start, self.text = norm, start, None

    def __str__(self) -> str:
        if self.text is None:
            from govreport.extract.normalise import drop_pinyin, to_halfwidth, to_simplified
            a, b, norm = self.start, self.start + 1500, self.norm
            parts, pos = [], a
            for x, y, _ in norm.furniture:  # the text, with its furniture lines as printed
                if y <= a or x >= b:
                    continue
                x, y = max(x, a), min(y, b)
                line = to_halfwidth(norm.printed[x:y])
                parts += [norm.text[pos:x], to_simplified(line) if norm.script == "traditional" else line]
                pos = y
            parts.append(norm.text[pos:b])
            self.text = drop_pinyin("".join(parts))
        return self.text


def _anonymised_warning(anonymised: bool) -> list[dict[str, Any]]:
    return [{"code": "anonymised", "start": None, "end": None,
             "message": "names were replaced by placeholders (__, *, xx, ××); agency may be missing"}] if anonymised else []

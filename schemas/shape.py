"""The record's shape in one place: its keys and their order, as plain tuples (extraction never
imports pydantic). The pydantic models (`record.py`) list their fields in this order, the pipeline
and the fact builder build dicts in it, and `tests/test_golden.py` checks the models agree."""
from __future__ import annotations

RECORD_KEYS = ("schema_version", "source", "kind", "script", "title", "agency", "year", "period", "published",
               "signed", "anonymised", "template", "sections", "facts", "indicators", "tables", "checks", "warnings")
SOURCE_KEYS = ("path", "sha256", "encoding", "bytes", "part", "parts", "format", "pages")
# (a PDF's facts add `page` after these)
FACT_KEYS = ("type", "value", "unit", "approx", "label", "text", "start", "end", "section", "currency", "issuer",
             "year", "serial")
CHECK_KEYS = ("rule", "status", "expected", "actual", "where", "message")

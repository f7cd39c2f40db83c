"""Adapters from other projects' test suites (../shared/peer-specs) to govreport's parsers.

Only the cases within govreport's scope are taken: numerals, percentages printed with % or 百分之,
amounts in yuan, and absolute dates and periods. Each case becomes (suite, id, run, expected).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

from govreport.extract.facts import extract_facts
from govreport.extract.normalise import normalise
from govreport.extract.numbers import parse_number

PEER = Path(__file__).resolve().parent.parent.parent / "shared" / "peer-specs"


def _lines(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    path = PEER / name
    if not path.exists():
        return
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            yield i, json.loads(line)


def _facts(text: str, kind: str) -> list:
    norm = normalise(text)
    return [f["value"] for f in extract_facts(norm.text, 0, len(text), text) if f["type"] == kind]


def _number(text: str):
    try:
        v = parse_number(text)
    except ValueError:
        return "ValueError"
    return float(v)


def cases() -> Iterator[tuple[str, str, Callable[[], Any], Any]]:
    for i, d in _lines("cn2an__cn2an_test.jsonl"):
        group = d["meta"]["group"]
        if group.startswith(("strict", "normal", "error_strict")):
            exp = d["expected"] if d["expected"] == "ValueError" else float(d["expected"])
            yield "cn2an", f"cn2an-{i}-{d['input']}", (lambda s=d["input"]: _number(s)), exp
    for i, d in _lines("recognizers-text__Number__Chinese__NumberModel.jsonl"):
        exp = d["expected"]
        if len(exp) == 1 and exp[0]["Text"] == d["input"].strip() and exp[0]["TypeName"] == "number":
            value = exp[0]["Resolution"]["value"]
            yield "recognizers-number", f"number-{i}-{d['input']}", (lambda s=d["input"]: _number(s)), float(value)
    for i, d in _lines("recognizers-text__Number__Chinese__PercentModel.jsonl"):
        exp = [e for e in d["expected"] if re.search(r"%|％|百分之|百分点", e["Text"])]
        if exp and len(exp) == len(d["expected"]):
            values = [float(e["Resolution"]["value"].rstrip("%")) for e in exp]
            yield "recognizers-percent", f"percent-{i}-{d['input']}", (lambda s=d["input"]: [float(v) for v in _facts(s, "percent")]), values
    for i, d in _lines("recognizers-text__NumberWithUnit__Chinese__CurrencyModel.jsonl"):
        exp = [e for e in d["expected"] if e["Resolution"].get("isoCurrency") == "CNY"]
        if exp and len(exp) == len(d["expected"]):
            values = [float(e["Resolution"]["value"]) for e in exp]
            yield "recognizers-currency", f"currency-{i}-{d['input']}", (lambda s=d["input"]: [float(v) for v in _facts(s, "money")]), values
    for i, d in _lines("jionlp__test_money_parser.jsonl"):
        exp = d["expected"]
        if exp.get("case") == "元" and exp.get("definition") == "accurate":
            yield "jionlp-money", f"money-{i}-{d['input']}", (lambda s=d["input"]: [float(v) for v in _facts(s, "money")]), [float(exp["num"])]
    for name in ("recognizers-text__DateTime__Chinese__DateParser.jsonl", "recognizers-text__DateTime__Chinese__DateExtractor.jsonl"):
        for i, d in _lines(name):
            for e in d["expected"]:
                timex = (e.get("Value") or {}).get("Timex", "")
                if e.get("Text") == d["input"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", timex) and "年" in d["input"]:
                    yield "recognizers-date", f"date-{i}-{d['input']}", (lambda s=d["input"]: _facts(s, "date")), [timex]
    for i, d in _lines("recognizers-text__DateTime__Chinese__DatePeriodParser.jsonl"):
        for e in d["expected"]:
            timex = (e.get("Value") or {}).get("Timex", "")
            m = re.fullmatch(r"\((\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),P\d+[DMWY]\)", timex)
            if m and e.get("Text") == d["input"] and "年" in d["input"]:
                # the spec's end is exclusive; govreport prints the last day of the period
                import datetime as dt
                end = (dt.date.fromisoformat(m.group(2)) - dt.timedelta(days=1)).isoformat()
                yield "recognizers-period", f"period-{i}-{d['input']}", (
                    lambda s=d["input"]: [(v["start"], v["end"]) for v in _facts(s, "period")]), [(m.group(1), end)]

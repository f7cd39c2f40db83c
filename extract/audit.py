"""Audit a report's own arithmetic: totals against their parts, percentages, rates and changes."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from govreport.extract.checks import new_check
from govreport.extract.patterns import rule, words
from govreport.extract.report import Report
from govreport.extract.text import format_number, sentence_start, soft_break

# The phrases are patterns/audit.yaml's rules, each with its examples.
_LIST_OPENER = rule("audit", "list_opener")
_SHARE = rule("audit", "share")
_SENTENCE_END = rule("audit", "sentence_end")
_PART_STOP = rule("audit", "part_stop")
_REDUCTION = rule("audit", "reduction")
_CHANGE_BETWEEN = rule("audit", "change_between")
_CHANGE_WORD = rule("audit", "change_word")
_PRINTED_DECIMALS = rule("audit", "printed_decimals")


_num = format_number


def units_compatible(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def percent_matches(computed: float, printed: float, printed_text: str) -> bool:
    """A printed percentage passes when it is the computed one rounded or truncated at its precision."""
    m = _PRINTED_DECIMALS.search(printed_text)
    places = len(m.group(1)) if m and m.group(1) else 0
    q = Decimal(1).scaleb(-places)
    c, p = Decimal(repr(computed)), Decimal(repr(printed))
    return c.quantize(q, ROUND_HALF_UP) == p or c.quantize(q, ROUND_DOWN) == p


_SENTENCE_REACH = 1000  # no report's sentence is longer: a page without full stops is not rescanned per number


def _sentence_end(text: str, pos: int, rx: re.Pattern[str] = _SENTENCE_END) -> int:
    limit = min(len(text), pos + _SENTENCE_REACH)
    m = rx.search(text, pos, limit)
    while m and m.group() == "\n":  # a line break ends a sentence unless the line was wrapped inside it
        after = m.end() + (text.startswith("\n", m.end()))
        if soft_break(text, after) is None:
            break
        m = rx.search(text, after, limit)
    return m.start() if m else limit


def _percent_after(text: str, fact: dict, facts: list[dict], i: int) -> dict | None:
    for g in facts[i + 1:i + 3]:
        if g["type"] == "percent" and g["unit"] is None and _SHARE.match(text[fact["end"]:g["start"]]):
            return g
    return None


def _is_other(label: str | None) -> bool:
    return bool(label) and label.lstrip("、").startswith(words("audit", "other"))


def _sum_check(total: dict, parts: list[dict], percents: list[dict | None], how: str) -> dict[str, Any]:
    s = sum(p["value"] for p in parts)
    t = total["value"]
    pct_sum = sum(p["value"] for p in percents if p)
    exhaustive = _is_other(parts[-1].get("label")) or (all(percents) and abs(pct_sum - 100) <= 0.5)
    listing = "+".join(_num(p["value"]) for p in parts)
    if abs(s - t) < 1e-9:
        status, msg = "pass", f"{_num(t)}{total.get('unit') or ''}: parts {listing} = {_num(s)}"
    elif s > t:
        status, msg = "fail", f"parts {listing} add to {_num(s)}, more than the printed total {_num(t)}"
    elif exhaustive:
        status, msg = "fail", f"parts {listing} add to {_num(s)}, not the printed total {_num(t)} (the list is exhaustive)"
    else:
        status, msg = "unknown", (f"parts {listing} add to {_num(s)} of the printed total {_num(t)}; "
                                  f"{_num(t - s)} not covered by a list that need not be exhaustive")
    where = [total["start"], total["end"], parts[0]["start"], parts[-1]["end"]]
    # (actual: what the report prints; expected: what its own numbers give, as in every check)
    return new_check("parts_sum_to_total", status, s, t, where, f"{msg} ({how}) at {total['text']!r}")


_MAX_PARTS = 40  # a total's parts printed after it: no report lists more (and a page of counts stays linear)


def audit(text: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    counts = [f for f in facts if f["type"] == "count"]
    covered: set[int] = set()  # ids of facts already used as parts of a printed 其中 list
    starts = [g["start"] for g in counts]  # facts come sorted by position
    idx = {id(x): k for k, x in enumerate(facts)}

    for f in counts:
        tail = text[f["end"]:f["end"] + 8]
        stop = _sentence_end(text, f["end"])
        following = counts[bisect_right(starts, f["end"]):bisect_left(starts, stop)]
        opener = _LIST_OPENER.match(tail)
        if opener:
            part_stop = _sentence_end(text, f["end"], _PART_STOP)
            parts = [g for g in following if g["start"] < part_stop and units_compatible(f["unit"], g["unit"])]
            if len(parts) >= 2 or parts and parts[0]["value"] > f["value"]:
                percents = [_percent_after(text, p, facts, idx[id(p)]) for p in parts]
                checks.append(_sum_check(f, parts, percents, "其中 list"))
                covered.update(id(p) for p in parts)
                continue
        run, run_sum = [], 0.0
        for g in following[:_MAX_PARTS]:
            if not units_compatible(f["unit"], g["unit"]):
                break
            run.append(g)
            run_sum += g["value"]
            if len(run) >= 2 and abs(run_sum - f["value"]) < 1e-9:
                checks.append(_sum_check(f, list(run), [None] * len(run), "parts that follow"))
                covered.update(id(p) for p in run)
                break

    # Shares: runs of "N条，占X%" whose total is the nearest earlier count of the same unit that can hold them.
    # (Counts are looked up by position with bisect: a page of thousands of shares stays linear.)
    shares = [(f, _percent_after(text, f, facts, idx[id(f)])) for f in counts]
    shares = [(f, p) for f, p in shares if p]
    groups: list[list[tuple[dict, dict]]] = []
    for f, p in shares:
        prev_end = groups[-1][-1][1]["end"] if groups else 0
        between = counts[bisect_right(starts, prev_end):bisect_left(starts, f["start"])]
        if groups and groups[-1][-1][0]["unit"] == f["unit"] and f["start"] - prev_end < 400 and not any(
                g["unit"] == f["unit"] for g in between):
            groups[-1].append((f, p))
        else:
            groups.append([(f, p)])
    for group in groups:
        parts = [f for f, _ in group]
        need = sum(f["value"] for f in parts)
        near = counts[bisect_left(starts, parts[0]["start"] - 1600):bisect_right(starts, parts[0]["start"])]
        earlier = [g for g in near if g["end"] <= parts[0]["start"] and g["unit"] == parts[0]["unit"]
                   and parts[0]["start"] - g["end"] < 1500 and g["value"] >= need - 1e-9]
        if not earlier:
            continue
        total = earlier[-1]
        # Each printed share implies a total (part / share); when they disagree with each other or with
        # the total found, the shares are not of that total and nothing can be settled.
        implied = sorted(f["value"] * 100.0 / p["value"] for f, p in group if p["value"])
        coherent = bool(implied) and implied[-1] <= implied[0] * 1.1 + 1 and abs(
            implied[len(implied) // 2] - total["value"]) <= 0.1 * total["value"] + 1
        if len(parts) >= 2 and not all(id(p) in covered for p in parts):
            checks.append(_sum_check(total, parts, [p for _, p in group], "shares of an earlier total"))
        for f, p in group:
            computed = 100.0 * f["value"] / total["value"] if total["value"] else 0.0
            ok = percent_matches(computed, p["value"], p["text"])
            status = ("pass" if ok else "fail") if coherent else "unknown"
            checks.append(new_check(
                "percent_of_total", status, round(computed, 4), p["value"], [f["start"], f["end"], p["start"], p["end"]],
                f"{p['text']} of {_num(total['value'])}: {_num(f['value'])}/{_num(total['value'])} = "
                f"{computed:.2f}%" + ("" if ok else f", not the printed {_num(p['value'])}%")
                + ("" if coherent else "; the shares printed beside it point at no single total")))

    checks.extend(_rates(text, facts))
    checks.extend(_changes(text, counts))
    return checks


def _rates(text: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, p in enumerate(facts):
        label = p.get("label") or ""
        if p["type"] != "percent" or p["unit"] is not None or not label.endswith(words("audit", "rate_label_ends")):  # (not 百分点)
            continue
        opening = sentence_start(text, p["start"], _SENTENCE_REACH)
        k = i
        while k > 0 and facts[k - 1]["start"] >= opening:  # (facts come sorted by position)
            k -= 1
        before = [f for f in facts[k:i] if f["type"] == "count"]
        reduction = None
        for a, b in zip(before, before[1:]):
            if _REDUCTION.match(text[a["end"]:b["start"]]) and any(
                    w in text[max(opening, a["start"] - 12):a["start"]] for w in words("audit", "reduction_from")):
                reduction = (a, b)
        if reduction:
            a, b = reduction
            computed = 100.0 * (a["value"] - b["value"]) / a["value"] if a["value"] else 0.0
            rule, msg = "reduction_rate", f"({_num(a['value'])}-{_num(b['value'])})/{_num(a['value'])}"
            where = [a["start"], b["end"], p["start"], p["end"]]
        else:
            stem = label[:-1][-2:]
            nums = [k for k, f in enumerate(before) if stem and stem in (f.get("label") or "")]
            if not nums or nums[-1] == 0:
                continue
            num, den = before[nums[-1]], before[nums[-1] - 1]
            if not units_compatible(num["unit"], den["unit"]) or not den["value"] or num["value"] > den["value"]:
                continue
            computed = 100.0 * num["value"] / den["value"]
            rule, msg = "ratio", f"{_num(num['value'])}/{_num(den['value'])}"
            where = [den["start"], num["end"], p["start"], p["end"]]
        ok = percent_matches(computed, p["value"], p["text"])
        out.append(new_check(rule, ok, round(computed, 4), p["value"], where,
                             f"{label} {_num(p['value'])}%: {msg} = {computed:.3f}%" + ("" if ok else " — does not match")))
    return out


def _changes(text: str, counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for a, b, c in zip(counts, counts[1:], counts[2:]):
        if not (_CHANGE_BETWEEN.match(text[a["end"]:b["start"]]) and units_compatible(a["unit"], b["unit"])):
            continue
        w = _CHANGE_WORD.match(text[b["end"]:c["start"]])
        if not w:
            continue
        sign = -1 if w.group("down") else 1
        expected = b["value"] + sign * c["value"]
        ok = abs(expected - a["value"]) < 1e-9
        out.append(new_check("change", ok, expected, a["value"], [a["start"], c["end"]],
                             f"{_num(a['value'])} = {_num(b['value'])} {'+' if sign > 0 else '-'} {_num(c['value'])}"
                             + ("" if ok else f" is {_num(expected)}, not {_num(a['value'])}")))
    return out


def stage(report: Report) -> dict[str, Any]:
    """text_checks: the text's own arithmetic (totals and their parts, shares, rates, changes)."""
    return {"text_checks": audit(report.text, report["facts"])}

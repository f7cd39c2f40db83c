"""What every table reader shares: the table spec (patterns/tables.yaml), tokens, cell values,
row labels and the result a reader hands back."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from govreport.extract.text import squeeze
from govreport.extract.patterns import load
from govreport.extract.scan import AnyOf

Cell = Optional[float]

# A cell: a number, or one printed with thousands separators (3,119), which is never split.
TOKEN = re.compile(r"-?\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|-?\d+(?:\.\d+)?")
# A table cell printed as a dash or 无 states none: 0 (a blank or / cell is left unknown).
NONE_PRINTED = {"-", "—", "–", "－", "无"}
BLANK = {"", "/"} | NONE_PRINTED


@dataclass(slots=True)
class Token:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class TableResult:
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (row, why): printed but cannot balance


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    data = dict(load("tables"))  # (a copy: the loaded data is shared, and checked against its schema)
    data["_template_signs"] = [(sign["template"], AnyOf(sign["regex"])) for sign in data["template_signs"]]
    data["_anchor"] = {k: re.compile(spaced(v)) for k, v in data["anchors"].items()}
    return data


@lru_cache(maxsize=None)
def row_rules(name: str) -> list[tuple[str, re.Pattern[str], str | None]]:
    """(key, label regex, template) of a table's rows, compiled when a table is first read."""
    return [(r["key"], re.compile(r["regex"]), r.get("template")) for r in spec()[name]]


def spaced(regex: str) -> str:
    """Let printed labels carry stray spaces or line breaks between their characters.

    Character classes ([、和及]) are copied as they are: a space inside one would join the class.
    """
    parts = re.split(r"(\[(?:\\.|[^\]])*\])", regex)  # odd items are classes
    return "".join(p if i % 2 else _spaced_han(p) for i, p in enumerate(parts))


def _spaced_han(part: str) -> str:
    # (a loop, not a regex of the Han range: that costs CPython's compiler 1.6 ms a class)
    out = []
    for a, b in zip(part, part[1:] + " "):
        out.append(a + r"\s*" if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" else a)
    return "".join(out)


def squeeze_label(s: str) -> str:
    return re.sub(r"[\s|#*]+", "", s)


@lru_cache(maxsize=4096)  # cells repeat (0, 1, 2…) and are read again for every candidate split
def cell_value(text: str) -> Cell:
    v = float(text.replace(",", ""))
    return int(v) if v == int(v) and "." not in text else v


# ---------------------------------------------------------------- grouping


def detect_template(text: str) -> str | None:
    squeezed = squeeze(text)
    for template, sign in spec()["_template_signs"]:
        if sign.search(squeezed):
            return template
    return None


@lru_cache(maxsize=8192)
def label_key(label: str, rows_name: str, template: str | None) -> str | None:
    """The row a printed label names (cached: the template's labels recur in every report). The
    template's own rows are tried first; a row of the other template is still known by its label
    (a 2021 report printing 2019's single （六）其他处理 row)."""
    other = None
    for key, rx, tmpl in row_rules(rows_name):
        if rx.search(label):
            if not (tmpl and template and tmpl != template):
                return key
            other = other or key
    return other

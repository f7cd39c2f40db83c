"""The shape of every pattern file (patterns/*.yaml), checked by the tests: a misspelt or stray key
fails loudly (extra='forbid') instead of being ignored. Pydantic is not imported at run time: these
models are for the tests and for contributors adding a rule."""
from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Examples(_Strict):
    regex: str
    positive: list[str] = Field(min_length=1)
    negative: list[str] = Field(min_length=1)


class Rule(Examples):
    """A rule of a file's `rules:` mapping (patterns.rule(file, name)); ${piece} names a piece of the file."""
    anchors: Optional[list[str]] = Field(default=None, min_length=1)  # literals every match holds
    test: Literal["search", "match", "fullmatch"] = "search"  # how the examples are tried, as the code uses it
    flags: Optional[list[Literal["IGNORECASE", "MULTILINE"]]] = None


class NamedRule(Examples):
    name: str
    keep: Optional[Literal["published", "archive_field"]] = None
    anchors: Optional[list[str]] = None


class Boilerplate(_Strict):
    triggers: list[str]
    lines: list[NamedRule]
    inline: list[NamedRule]
    pinyin: Examples
    rules: dict[str, Rule]


class HeadingLevel(Examples):
    level: int = Field(ge=1, le=5)


class Headings(_Strict):
    levels: list[HeadingLevel]
    max_heading_chars: int
    pieces: dict[str, str]
    rules: dict[str, Rule]


class Indicator(_Strict):
    units: Optional[list[str]] = None
    money: bool = False
    label: Optional[str] = None
    require_section_or_label: Optional[str] = None
    require_sentence: Optional[str] = None
    zero: Optional[str] = None
    zero_anchors: Optional[list[str]] = None


class IndicatorExample(_Strict):
    text: str
    indicator: str
    value: Optional[Union[int, float]]


class Indicators(_Strict):
    indicators: dict[str, Indicator]
    examples: list[IndicatorExample]


class KindRule(_Strict):
    kind: Literal["annual_report", "work_summary", "work_plan", "letter", "regulation", "other"]
    regex: str
    requires: Optional[list[str]] = None


class KindExample(_Strict):
    title: str
    kind: str


class Kinds(_Strict):
    title_rules: list[KindRule]
    body_rules: list[KindRule]
    examples: list[KindExample]


class Nonfacts(_Strict):
    masks: list[NamedRule]


class NumberExample(_Strict):
    text: str
    value: Union[int, float]
    unit: Optional[str] = None
    approx: Optional[str] = None


class NumberExamples(_Strict):
    positive: list[NumberExample]
    negative: list[str]


class Numbers(_Strict):
    count_units: list[str]
    hedges_before: list[str]
    hedges_after: list[str]
    scales: dict[str, int]
    examples: dict[Literal["count", "money", "percent"], NumberExamples]
    rules: dict[str, Rule]


class TableRow(_Strict):
    key: str
    regex: str
    template: Optional[Literal["2019", "2021"]] = None
    cells: Optional[list[str]] = None


class TemplateSign(_Strict):
    template: Literal["2019", "2021"]
    regex: str


class IndicatorCell(_Strict):
    cell: str = Field(pattern=r"^table[234]\.[a-z_*]+\.[a-z_]+$")
    rows: int = 1


class Tables(_Strict):
    table3_columns: list[str]
    table3_rows: list[TableRow]
    table3_results: list[str]
    table4_blocks: list[str]
    table4_columns: list[str]
    table2_2021: list[TableRow]
    table2_2019: list[TableRow]
    anchors: dict[str, str]
    template_signs: list[TemplateSign]
    stats_units: list[str]
    indicator_cells: dict[str, IndicatorCell]
    pieces: dict[str, str]
    rules: dict[str, Rule]


class Metadata(_Strict):
    rules: dict[str, Rule]
    pieces: dict[str, str]
    words: dict[str, list[str]]


class JoinedWords(_Strict):
    """A piece made of another file's word list (patterns._joined_words)."""
    tree_of: Optional[str] = None
    alternation_of: Optional[str] = None
    plus: Optional[list[str]] = None
    only: Optional[list[str]] = None
    except_: Optional[list[str]] = Field(default=None, alias="except")


class Facts(_Strict):
    pieces: dict[str, Union[str, JoinedWords]]
    rules: dict[str, Rule]
    words: dict[str, list[str]]


class Audit(_Strict):
    rules: dict[str, Rule]
    words: dict[str, list[str]]


SCHEMAS: dict[str, type[_Strict]] = {"boilerplate": Boilerplate, "headings": Headings, "indicators": Indicators,
                                     "kinds": Kinds, "nonfacts": Nonfacts, "numbers": Numbers, "tables": Tables,
                                     "metadata": Metadata, "facts": Facts, "audit": Audit}


def validate(name: str, data: Any) -> None:
    SCHEMAS[name].model_validate(data)

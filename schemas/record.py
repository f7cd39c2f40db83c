"""The report record. Field names are fixed by the record contract; add, never rename."""
from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from govreport.schemas import SCHEMA_VERSION

Kind = Literal["annual_report", "work_summary", "work_plan", "letter", "regulation", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    encoding: str
    bytes: int
    part: int = Field(1, description="1-based index of this report within the file")
    parts: int = 1
    format: Literal["text", "html", "pdf", "docx", "doc"] = "text"
    pages: Optional[int] = Field(None, description="page count of a PDF")


class Period(_Model):
    start: Optional[str] = None
    end: Optional[str] = None


class Section(_Model):
    level: int = Field(description="1 = 一、 2 = （一） 3 = 1、 4 = （1） 5 = ①")
    number: str
    heading: str
    start: int
    end: int
    parent: Optional[int] = Field(None, description="index of the enclosing section")
    group: int = Field(0, description="numbering run: increases when 1、 restarts without a parent")


class Fact(_Model):
    type: Literal["count", "percent", "money", "date", "period", "doc_number"]
    value: Union[float, int, str, Period, None]
    unit: Optional[str] = None
    approx: Optional[str] = None
    label: Optional[str] = None
    text: str
    start: int
    end: int
    section: Optional[int] = None
    currency: Optional[str] = None
    issuer: Optional[str] = None
    year: Optional[int] = None
    serial: Optional[int] = None
    page: Optional[int] = Field(None, description="1-based page of a PDF the fact is printed on")


class Indicator(_Model):
    value: Union[int, float]
    unit: Optional[str] = None
    text: str
    start: int
    end: int
    source: Literal["text", "table"] = "text"
    page: Optional[int] = None


class Check(_Model):
    rule: str
    status: Literal["pass", "fail", "unknown"]
    expected: Optional[float] = Field(None, description="what govreport computes from the report's own numbers")
    actual: Optional[float] = Field(None, description="what the report prints")
    where: Union[str, list[int], None] = None
    message: str


class ReportWarning(_Model):
    code: str
    message: str
    start: Optional[int] = None
    end: Optional[int] = None


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    kind: Kind = "other"
    script: Literal["simplified", "traditional"] = "simplified"
    title: Optional[str] = None
    agency: Optional[str] = None
    year: Optional[int] = None
    period: Optional[Period] = None
    published: Optional[str] = None
    signed: Optional[str] = None
    anonymised: bool = False
    template: Optional[Literal["2021", "2019"]] = None
    sections: list[Section] = []
    facts: list[Fact] = []
    indicators: dict[str, Indicator] = {}
    tables: dict[str, Any] = {}
    checks: list[Check] = []
    warnings: list[ReportWarning] = []

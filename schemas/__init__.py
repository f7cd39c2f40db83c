"""Pydantic models of the report record: the output contract (see shared spec/record.md)."""
from govreport.schemas.record import (  # noqa: F401
    SCHEMA_VERSION, Check, Fact, Indicator, Period, Record, Section, Source, Warning,
)

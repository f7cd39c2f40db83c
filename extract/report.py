"""The context every stage reads: one report of a page, and the parts the stages before it returned.

A stage is a function `Report -> dict of parts`; the pipeline hands each stage a new Report holding
the parts so far (`report["facts"]`). Parts are never replaced or changed: a stage that refines an
earlier part (the facts, once the year is known) returns it under a name of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from govreport.extract.normalise import Normalised


@dataclass(frozen=True)
class Report:
    page: Normalised
    start: int
    end: int
    parts: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, original: str) -> Report:
        """The whole of a text as one report (for tests, tools and the REPL)."""
        from govreport.extract.normalise import normalise
        return cls(normalise(original), 0, len(original))

    @property
    def text(self) -> str:
        """The normalised page (simplified, half-width, furniture blanked); offsets are the original's."""
        return self.page.text

    @property
    def original(self) -> str:
        """The page as decoded: what every fact's `text` quotes."""
        return self.page.original

    @property
    def reading(self) -> str:
        """The normalised page with a mirror's inserted pinyin blanked: what labels and names are matched in."""
        return self.page.reading

    @property
    def region(self) -> str:
        return self.page.text[self.start:self.end]

    def __getitem__(self, name: str) -> Any:
        return self.parts[name]

    def with_parts(self, new: Mapping[str, Any]) -> Report:
        clash = new.keys() & self.parts.keys()
        if clash:
            raise ValueError(f"stage returned parts already set by an earlier stage: {sorted(clash)}")
        return Report(self.page, self.start, self.end, MappingProxyType({**self.parts, **new}))

"""Load the YAML pattern files of govreport.patterns and compile their regexes once."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATTERN_FILES = ("boilerplate", "numbers", "nonfacts", "headings", "kinds", "indicators", "tables")


class PatternError(ValueError):
    """A pattern file is malformed: the message names the file and the rule."""


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    import govreport.patterns  # the YAML files install beside this package's __init__
    text = (Path(govreport.patterns.__file__).parent / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise PatternError(f"patterns/{name}.yaml: expected a mapping at the top level")
    return data


@lru_cache(maxsize=None)
def compile_rule(regex: str, where: str = "", multiline: bool = True) -> re.Pattern[str]:
    try:
        pattern = re.compile(regex, re.MULTILINE if multiline else 0)
    except re.error as exc:
        raise PatternError(f"{where}: regex does not compile: {exc}") from exc
    if pattern.fullmatch(""):
        raise PatternError(f"{where}: regex matches the empty string")
    return pattern


def iter_regexes(data: Any, where: str):
    """Yield (where, regex) for every `regex`/`label`/`zero`/`section` string in a pattern file."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("regex", "label", "zero", "require_section_or_label") and isinstance(value, str):
                yield f"{where}.{key}", value
            else:
                yield from iter_regexes(value, f"{where}.{key}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            name = item.get("name", i) if isinstance(item, dict) else i
            yield from iter_regexes(item, f"{where}[{name}]")

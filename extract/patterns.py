"""Load the YAML pattern files of govreport.patterns and compile their regexes once."""
from __future__ import annotations

import json
import os
import re
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

PATTERN_FILES = ("boilerplate", "numbers", "nonfacts", "headings", "kinds", "indicators", "tables", "metadata", "facts", "audit")


class PatternError(ValueError):
    """A pattern file is malformed: the message names the file and the rule."""


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    import govreport.patterns  # the YAML files install beside this package's __init__
    return load_from(Path(govreport.patterns.__file__).parent, name)


def load_from(folder: Path, name: str) -> dict[str, Any]:
    """The data of folder/name.yaml.

    Its parsed data is kept as JSON in the user's cache (`_cache_dir`), named by the YAML's checksum,
    as Python keeps bytecode (and not when writing bytecode is turned off): a run that finds it
    neither imports nor runs the YAML parser, a sixth of the work of extracting one file.
    """
    raw = (folder / f"{name}.yaml").read_bytes()
    cached = _cache_dir() / f"{name}.{zlib.crc32(raw):08x}.{len(raw)}.json"
    try:
        return json.loads(cached.read_bytes())
    except (OSError, ValueError):
        pass
    data = _parse(raw.decode("utf-8"), name)
    if not sys.dont_write_bytecode:
        _keep(cached, data)
    return data


def _cache_dir() -> Path:
    """The user's cache (XDG_CACHE_HOME or ~/.cache), never inside the installed package: a copy keyed by
    the YAML's checksum and size, so an edited or reinstalled file is simply parsed again."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govreport" / "patterns"


def _parse(text: str, name: str) -> dict[str, Any]:
    import yaml
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise PatternError(f"patterns/{name}.yaml: expected a mapping at the top level")
    return data


def _keep(path: Path, data: dict[str, Any]) -> None:
    try:
        encoded = json.dumps(data, ensure_ascii=False)
        if json.loads(encoded) != data:  # only plain data survives the trip unchanged
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(encoded, encoding="utf-8")
        os.replace(tmp, path)  # whole or not at all, should two processes write it at once
        for stale in path.parent.glob(f"{path.name.split('.')[0]}.*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)  # kept for an earlier version of the file
    except (OSError, TypeError, ValueError):
        pass  # a read-only install: parse the YAML each run, as before


@lru_cache(maxsize=None)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A regex compiled the first time a page needs it, then kept (re's own cache may drop it)."""
    return re.compile(pattern, flags)


@lru_cache(maxsize=None)
def compile_rule(regex: str, where: str = "", multiline: bool = True) -> re.Pattern[str]:
    try:
        pattern = re.compile(regex, re.MULTILINE if multiline else 0)
    except re.error as exc:
        raise PatternError(f"{where}: regex does not compile: {exc}") from exc
    if pattern.fullmatch(""):
        raise PatternError(f"{where}: regex matches the empty string")
    return pattern


_PIECE = re.compile(r"\$\{(\w+)\}")
_FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}


@lru_cache(maxsize=None)
def rule_source(file: str, name: str) -> str:
    """The regex of rule `name` in patterns/<file>.yaml, each ${piece} replaced by the file's piece of that name."""
    data = load(file)
    where = f"patterns/{file}.yaml: rules.{name}"
    try:
        regex = data["rules"][name]["regex"]
    except KeyError:
        raise PatternError(f"{where}: no such rule") from None
    return _with_pieces(regex, data.get("pieces", {}), where)


@lru_cache(maxsize=None)
def piece(file: str, name: str) -> str:
    """Piece `name` of patterns/<file>.yaml (its own ${pieces} replaced), for code that joins it to a word it reads."""
    pieces = load(file)["pieces"]
    return _with_pieces(pieces[name], pieces, f"patterns/{file}.yaml: pieces.{name}")


def _with_pieces(regex: str | dict[str, Any], pieces: dict[str, Any], where: str, depth: int = 0) -> str:
    if isinstance(regex, dict):
        return _joined_words(regex, where)

    def one(m: re.Match[str]) -> str:
        if m.group(1) not in pieces:
            raise PatternError(f"{where}: no piece named {m.group(1)!r} (pieces: {sorted(pieces)})")
        if depth > 5:
            raise PatternError(f"{where}: pieces nest too deep (a piece names itself?)")
        return _with_pieces(pieces[m.group(1)], pieces, where, depth + 1)
    return _PIECE.sub(one, regex)


def _joined_words(spec: dict[str, Any], where: str) -> str:
    """A piece made of another file's word list: {alternation_of: numbers.hedges_after, only: […] | except: […]}
    (longest word first) or {tree_of: numbers.count_units, plus: […]} (a prefix tree: scan.literal_trie)."""
    source = spec.get("tree_of") or spec.get("alternation_of")
    file, _, key = str(source).partition(".")
    try:
        found = load(file)[key]
    except (KeyError, OSError):
        raise PatternError(f"{where}: no word list {source!r}") from None
    words = [w for w in found if w in spec.get("only", found) and w not in spec.get("except", ())]
    if "tree_of" in spec:
        from govreport.extract.scan import literal_trie
        return literal_trie([*spec.get("plus", ()), *words])
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def rule(file: str, name: str) -> re.Pattern[str]:
    """Rule `name` of patterns/<file>.yaml, compiled the first time a page needs it (with its `flags`)."""
    flags = 0
    for flag in load(file)["rules"][name].get("flags", ()):
        flags |= _FLAGS[flag]
    try:
        return re.compile(rule_source(file, name), flags)
    except re.error as exc:
        raise PatternError(f"patterns/{file}.yaml: rules.{name}: regex does not compile: {exc}") from exc


@lru_cache(maxsize=None)
def anchored(file: str, name: str):
    """Rule `name` as a scan.AnchoredRegex: searched only near its `anchors`, literals every match holds."""
    from govreport.extract.scan import AnchoredRegex
    return AnchoredRegex(rule(file, name), load(file)["rules"][name]["anchors"])


@lru_cache(maxsize=None)
def words(file: str, name: str) -> tuple[str, ...]:
    """A list of words in patterns/<file>.yaml's `words` (hedges, stop characters …)."""
    return tuple(load(file)["words"][name])


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

"""Every pattern file loads; every regex compiles, cannot match empty; examples behave."""
from __future__ import annotations

from pathlib import Path

import pytest

from govreport.extract.normalise import normalise
from govreport.extract.patterns import PATTERN_FILES, compile_rule, iter_regexes, load

RULE_FILES = [("boilerplate", "lines"), ("boilerplate", "inline"), ("nonfacts", "masks"), ("headings", "levels")]


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_pattern_file_loads_and_compiles(name):
    data = load(name)
    for where, regex in iter_regexes(data, name):
        rx = compile_rule(regex, where)
        assert not rx.fullmatch(""), where


def _rule_cases():
    for name, key in RULE_FILES:
        for rule in load(name)[key]:
            rule_name = rule.get("name", rule.get("level"))
            for text in rule.get("positive", []):
                yield pytest.param(name, rule["regex"], text, True, id=f"{name}-{rule_name}-pos-{text[:12]}")
            for text in rule.get("negative", []):
                yield pytest.param(name, rule["regex"], text, False, id=f"{name}-{rule_name}-neg-{text[:12]}")


@pytest.mark.parametrize("name,regex,text,should_match", list(_rule_cases()))
def test_rule_examples(name, regex, text, should_match):
    rx = compile_rule(regex, name)
    if name == "headings":
        hit = bool(rx.match(text))
    else:
        hit = bool(rx.search(text))
    assert hit is should_match


def test_every_rule_has_positive_and_negative_examples():
    for name, key in RULE_FILES:
        for rule in load(name)[key]:
            assert rule.get("positive") and rule.get("negative"), f"{name}: {rule.get('name', rule.get('level'))}"


def test_boilerplate_blanking_keeps_every_offset():
    text = "标题行\n发布日期:2014-02-20 03:59 浏览次数:\n正文一段。\n打印\n关闭\n"
    norm = normalise(text)
    assert len(norm.text) == len(text)
    assert "浏览次数" not in norm.text and "打印" not in norm.text and "正文一段。" in norm.text
    assert any("furniture" in line for line in norm.explain())


def test_every_furniture_example_holds_a_trigger():
    data = load("boilerplate")
    for rule in data["lines"]:
        for text in rule["positive"]:
            assert any(t in normalise(text).original or t in text for t in data["triggers"]), (rule["name"], text)


def _kept(pattern_folder: Path) -> Path:
    return pattern_folder.parent / "cache" / "govreport" / "patterns"


@pytest.fixture
def pattern_folder(tmp_path, monkeypatch):
    from govreport.extract import patterns
    monkeypatch.setattr(patterns.sys, "dont_write_bytecode", False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # kept copies go to the user's cache
    folder = tmp_path / "patterns"
    folder.mkdir()
    source = Path(patterns.__file__).resolve().parent.parent / "patterns" / "headings.yaml"
    (folder / "headings.yaml").write_bytes(source.read_bytes())
    return folder


def test_parsed_pattern_file_is_kept_and_read_back_the_same(pattern_folder, monkeypatch):
    from govreport.extract import patterns
    first = patterns.load_from(pattern_folder, "headings")
    [kept] = _kept(pattern_folder).glob("headings.*.json")

    def no_yaml(*_):
        raise AssertionError("the YAML was parsed again")
    monkeypatch.setattr(patterns, "_parse", no_yaml)
    assert patterns.load_from(pattern_folder, "headings") == first
    assert first["levels"][0]["level"] == 1


def test_an_edited_pattern_file_is_parsed_again_and_its_old_copy_dropped(pattern_folder):
    from govreport.extract import patterns
    patterns.load_from(pattern_folder, "headings")
    path = pattern_folder / "headings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max_heading_chars: 60", "max_heading_chars: 61"),
                    encoding="utf-8")
    assert patterns.load_from(pattern_folder, "headings")["max_heading_chars"] == 61
    assert len(list(_kept(pattern_folder).glob("headings.*.json"))) == 1


def test_a_damaged_kept_copy_is_ignored(pattern_folder):
    from govreport.extract import patterns
    want = patterns.load_from(pattern_folder, "headings")
    [kept] = _kept(pattern_folder).glob("headings.*.json")
    kept.write_text('{"levels": [', encoding="utf-8")  # a half-written file
    assert patterns.load_from(pattern_folder, "headings") == want


def test_nothing_is_kept_when_bytecode_writing_is_off(pattern_folder, monkeypatch):
    from govreport.extract import patterns
    monkeypatch.setattr(patterns.sys, "dont_write_bytecode", True)
    patterns.load_from(pattern_folder, "headings")
    assert not _kept(pattern_folder).exists()


def test_a_folder_where_nothing_can_be_kept_still_loads(pattern_folder):
    from govreport.extract import patterns
    _kept(pattern_folder).parent.mkdir(parents=True)
    _kept(pattern_folder).write_text("a file where the folder would be")  # (root ignores read-only modes)
    assert patterns.load_from(pattern_folder, "headings")["levels"]
    assert patterns.load_from(pattern_folder, "headings")["levels"]


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_pattern_file_has_the_shape_its_schema_says(name):
    from govreport.schemas.patterns import SCHEMAS, validate
    assert set(SCHEMAS) == set(PATTERN_FILES)
    validate(name, load(name))  # raises on a stray, misspelt or missing key


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_top_level_key_of_a_pattern_file_is_read_by_some_code(name):
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    code = "".join(p.read_text(encoding="utf-8") for folder in ("extract", "cli")
                   for p in (root / folder).rglob("*.py"))
    code += (root / "tests" / "test_pattern_examples.py").read_text(encoding="utf-8")  # examples blocks
    code += "".join(p.read_text(encoding="utf-8") for p in (root / "patterns").glob("*.yaml"))  # pieces joining lists
    unread = [key for key in load(name) if f'"{key}"' not in code and f"'{key}'" not in code and f"{name}.{key}" not in code]
    assert not unread, f"patterns/{name}.yaml: {unread} read by no code"


def _files_with_rules():
    return [name for name in PATTERN_FILES if "rules" in load(name)]


def _named_rule_cases():
    for file in _files_with_rules():
        for name, spec in load(file)["rules"].items():
            for text in spec["positive"]:
                yield pytest.param(file, name, text, True, id=f"{file}-{name}-pos-{text[:12]}")
            for text in spec["negative"]:
                yield pytest.param(file, name, text, False, id=f"{file}-{name}-neg-{text[:12]}")


@pytest.mark.parametrize("file,name,text,should_match", list(_named_rule_cases()))
def test_named_rule_examples(file, name, text, should_match):
    """Each rule of a `rules:` mapping finds its positive examples and none of its negative ones, tried
    the way the code uses it (`test`: search, match or fullmatch)."""
    from govreport.extract.patterns import rule
    spec = load(file)["rules"][name]
    hit = getattr(rule(file, name), spec.get("test", "search"))(text)
    assert bool(hit) is should_match
    if should_match and "anchors" in spec:
        assert any(a in hit.group() for a in spec["anchors"]), f"{file}.{name}: a match holds none of its anchors"


@pytest.mark.parametrize("file", _files_with_rules())
def test_every_rule_compiles_cannot_match_empty_and_every_piece_word_and_rule_is_used(file):
    from govreport.extract.patterns import rule, rule_source
    root = Path(__file__).resolve().parent.parent
    code = "".join(p.read_text(encoding="utf-8") for folder in ("extract", "cli") for p in (root / folder).rglob("*.py"))
    data = load(file)
    sources = [rule_source(file, name) for name in data["rules"]]
    for name in data["rules"]:
        assert not rule(file, name).fullmatch(""), f"{file}.{name} matches the empty string"
        assert f'"{file}", "{name}"' in code, f"patterns/{file}.yaml: rule {name} is read by no code"
    for name in data.get("words", {}):
        assert f'"{file}", "{name}"' in code, f"patterns/{file}.yaml: words {name} are read by no code"
    raw = [spec["regex"] for spec in data["rules"].values()] + list(data.get("pieces", {}).values())
    for piece in data.get("pieces", {}):
        assert any("${" + piece + "}" in r for r in raw) or f'piece("{file}", "{piece}")' in code, \
            f"patterns/{file}.yaml: piece {piece} is used by no rule and no code"
    assert all("${" not in s for s in sources)


def test_a_rule_naming_a_missing_piece_is_reported_with_its_file_and_name(tmp_path):
    from govreport.extract import patterns
    with pytest.raises(patterns.PatternError, match="rules.x: no piece named 'nope'"):
        patterns._with_pieces("a${nope}", {}, "patterns/f.yaml: rules.x")


def test_a_piece_made_of_another_files_word_list_is_joined_longest_first_or_as_a_tree():
    from govreport.extract import patterns
    hedges = load("numbers")["hedges_after"]
    after = patterns._joined_words({"alternation_of": "numbers.hedges_after", "except": ["余", "多"]}, "t")
    assert set(after.split("|")) == set(hedges) - {"余", "多"}
    assert [len(w) for w in after.split("|")] == sorted((len(w) for w in after.split("|")), reverse=True)
    tree = patterns._joined_words({"tree_of": "numbers.count_units", "plus": ["元"]}, "t")
    import re
    assert re.fullmatch(tree, "个工作日") and re.fullmatch(tree, "元") and not re.fullmatch(tree, "年")
    with pytest.raises(patterns.PatternError, match="no word list 'numbers.nope'"):
        patterns._joined_words({"alternation_of": "numbers.nope"}, "t")


def test_every_indicator_read_from_a_table_cell_is_an_indicator_and_names_a_known_row_and_column():
    from fnmatch import fnmatchcase
    tables, indicators = load("tables"), load("indicators")["indicators"]
    for name, source in tables["indicator_cells"].items():
        assert name in indicators, name
        table, row, col = source["cell"].split(".")
        rows = [r["key"] for r in tables["table3_rows"]] if table == "table3" else tables["table4_blocks"]
        cols = tables["table3_columns"] if table == "table3" else tables["table4_columns"]
        assert sum(fnmatchcase(r, row) for r in rows) >= source.get("rows", 1), source
        assert col in cols, source

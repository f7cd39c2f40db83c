"""What the regular expressions of the rule set cost, rule by rule (prints figures; asserts nothing).

    python benchmarks/rule_costs.py          # the bundled samples, five times over
    python benchmarks/rule_costs.py -n 40    # show 40 rules

bench.py says how extraction compares with a bare read + one-regex scan; this script says how much
of that is the regex engine and which rules spend it. Every regex govreport compiles is wrapped when
compiled (the rules live in many modules and pattern files; compiling is the one place they all
pass), and the time inside each call (the engine's scan, the match objects it builds and, for a
sub() given a function, that function) is summed per regex. The wrapper's own cost is measured
and taken off.
"""
from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

from bench import SAMPLES, cpu_seconds  # (this script's folder is on sys.path when it runs)

ROUNDS = 5  # the samples, five times over
_CALLS = ("search", "match", "fullmatch", "findall", "sub", "subn", "split")


class _Timed:
    """A compiled regex whose calls are timed into `spent[key]`."""

    def __init__(self, compiled: re.Pattern[str], key: tuple[str, str], spent: collections.Counter,
                 calls: collections.Counter):
        self._compiled, self._key, self._spent, self._calls = compiled, key, spent, calls

    def __getattr__(self, name: str):
        method = getattr(self._compiled, name)
        if name not in _CALLS and name != "finditer":
            return method
        spent, calls, key = self._spent, self._calls, self._key

        def timed(*args, **kwargs):
            t = time.perf_counter()
            result = method(*args, **kwargs)
            if name == "finditer":
                result = iter(list(result))  # the scan happens while iterating: do it here
            spent[key] += time.perf_counter() - t
            calls[key] += 1
            return result
        return timed


def _samples() -> list[str]:
    from govreport.extract.read import read_file
    return [read_file(p).text for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".md")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20, help="rules to list (default 20)")
    ap.add_argument("--plain", action="store_true", help="only time extraction, unwrapped (used by this script)")
    a = ap.parse_args()
    if a.plain:
        import govreport
        texts = _samples()
        for text in texts:
            govreport.extract_text(text)  # compile everything first
        texts *= ROUNDS
        print(min(cpu_seconds(lambda: [govreport.extract_text(text) for text in texts]) for _ in range(3)))
        return
    plain = float(subprocess.run([sys.executable, __file__, "--plain"], capture_output=True, text=True,
                                 check=True).stdout)
    spent: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()
    compiler = getattr(re, "_compiler", None) or __import__("sre_compile")  # (sre_compile before Python 3.11)
    compile_ = compiler.compile

    import govreport  # (its __init__ compiles nothing: the rules are compiled when first used)
    package = str(Path(govreport.__file__).parent)

    yaml_names: dict[str, str] = {}

    def named_in_yaml(pattern: str) -> str | None:
        """facts.yaml:quantity for a rule compiled by the loader (patterns.py compiles them all)."""
        if not yaml_names:
            from govreport.extract.patterns import PATTERN_FILES, iter_regexes, load, rule_source
            for file in PATTERN_FILES:
                yaml_names.update((rx, f"{file}.yaml") for _, rx in iter_regexes(load(file), file))
                yaml_names.update((rule_source(file, name), f"{file}.yaml:{name}") for name in load(file).get("rules", {}))
        return yaml_names.get(pattern)

    def compile_timed(pattern, flags=0):
        compiled = compile_(pattern, flags)
        caller = next((f for f in reversed(traceback.extract_stack(limit=12)[:-1])
                       if f.filename.startswith(package) and "benchmarks" not in f.filename), None)
        if caller is None:
            return compiled
        where = Path(caller.filename).relative_to(Path(package) / "extract") if "/extract/" in caller.filename else Path(caller.filename).name
        where = f"{where}:{caller.lineno}"
        if caller.filename.endswith("patterns.py") and caller.name in ("rule", "compile_rule") and isinstance(pattern, str):
            where = named_in_yaml(pattern) or where
        key = (where, str(pattern)[:60].replace("\n", "\\n"))
        return _Timed(compiled, key, spent, calls)

    compiler.compile = compile_timed
    re.purge()
    texts = _samples()
    for text in texts:
        govreport.extract_text(text)  # compile everything first
    texts *= ROUNDS
    spent.clear()
    calls.clear()
    for text in texts:
        govreport.extract_text(text)
    bare_rx = compile_(r"\d+(?:\.\d+)?")
    bare = min(cpu_seconds(lambda: [bare_rx.findall(text) for text in texts]) for _ in range(5))

    # What the wrapper adds inside each timed span, measured on a call that does next to nothing.
    probe = _Timed(compile_("zz"), ("probe", ""), collections.Counter(), collections.Counter())
    wrapped, direct = probe.search, compile_("zz").search
    for _ in range(20000):
        wrapped("")
    t = time.perf_counter()
    for _ in range(20000):
        direct("")
    overhead = max(0.0, probe._spent[("probe", "")] / 20000 - (time.perf_counter() - t) / 20000)
    n_calls = sum(calls.values())
    regex = sum(spent.values()) - n_calls * overhead

    print(f"{len(texts)} documents, {sum(map(len, texts)) / 1e6:.2f} M chars, in memory (no file reads)")
    print(f"one-regex scan {bare * 1e3:.1f} ms; extraction {plain * 1e3:.0f} ms = {plain / bare:.1f}x")
    print(f"inside regex calls {regex * 1e3:.0f} ms = {regex / bare:.1f}x the scan, {regex / plain:.0%} of extraction: "
          f"{n_calls / len(texts):.0f} calls a document to {len(spent)} regexes")
    print(f"\n{'ms':>7} {'x bare':>6} {'calls':>6}  {'rule (or where compiled)':28s} regex")
    for key, seconds in spent.most_common(a.n):
        print(f"{seconds * 1e3:7.2f} {seconds / bare:6.2f} {calls[key]:6d}  {key[0]:28s} {key[1]}")


if __name__ == "__main__":
    sys.exit(main())

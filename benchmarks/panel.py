"""The panel's cost and memory against reading the same records once (prints figures; asserts nothing).

    python benchmarks/panel.py [--n 100000]

Records are the samples' own, repeated as copies from many mirrors (each with its own path), the
way a scrape of thousands of pages meets the same reports again and again. Targets: memory flat in
the record count; the panel at most 2x the cost of reading the records once (json.loads of each line).
"""
from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lines(n: int) -> list[str]:
    import govreport
    recs = [r for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".txt", ".md")
            for r in govreport.extract_file(str(p))]
    out = []
    for i in range(n):
        rec = dict(recs[i % len(recs)])
        rec["source"] = dict(rec["source"], path=f"mirror{i}/{Path(rec['source']['path']).name}")
        out.append(json.dumps(rec, ensure_ascii=False))
    return out


def read_once(data: list[str]) -> float:
    t = time.process_time()
    for line in data:
        json.loads(line)
    return time.process_time() - t


def panel(data: list[str], trace: bool = False) -> tuple[float, int]:
    from govreport.extract.panel import build_panel, wide_rows
    if trace:  # (tracemalloc slows every allocation: memory is measured in a run of its own)
        tracemalloc.start()
    t = time.process_time()
    rows, checks = build_panel(json.loads(line) for line in data)
    for _ in wide_rows(rows, checks):
        pass
    spent = time.process_time() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return spent, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    n = ap.parse_args().n
    small, big = lines(n // 10), lines(n)
    base = min(read_once(big) for _ in range(2))
    cost, _ = panel(big)
    _, peak_big = panel(big, trace=True)
    _, peak_small = panel(small, trace=True)
    print(f"panel of {n} records: {cost:.2f} s vs reading them once {base:.2f} s = {cost / base:.2f}x (target <= 2x)")
    print(f"peak memory beyond the input: {peak_small / 1e6:.1f} MB for {n // 10} records, {peak_big / 1e6:.1f} MB for "
          f"{n}: {peak_big / max(peak_small, 1):.2f}x (target: flat)")


if __name__ == "__main__":
    main()

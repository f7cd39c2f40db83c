"""The worker pool goes on when a worker dies, and still yields results in input order (cli/pool.py)."""
from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from govreport.cli import batch
from govreport.cli.pool import imap_in_order


def square_or_die(x: int, die_on: tuple[int, ...] = ()) -> int:
    if x in die_on:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's out-of-memory killer does
    return x * x


def _died(i: int, code: int | None) -> str:
    return f"died:{i}:{code}"


def test_results_come_in_input_order():
    args = [(x,) for x in range(50)]
    assert list(imap_in_order(square_or_die, args, jobs=2, chunk=3, on_death=_died)) == [x * x for x in range(50)]


def test_a_killed_worker_fails_only_the_item_it_was_reading():
    die_on = (7, 23)
    args = [(x, die_on) for x in range(40)]
    out = list(imap_in_order(square_or_die, args, jobs=2, chunk=4, on_death=_died))
    assert out == [f"died:{x}:{-signal.SIGKILL}" if x in die_on else x * x for x in range(40)]


def test_every_worker_dying_still_finishes_the_batch():
    die_on = tuple(range(0, 30, 2))
    args = [(x, die_on) for x in range(30)]
    out = list(imap_in_order(square_or_die, args, jobs=2, chunk=2, on_death=_died))
    assert [o for o in out if isinstance(o, int)] == [x * x for x in range(1, 30, 2)]
    assert len(out) == 30


def test_given_results_are_not_recomputed():
    args = [(x, (1,)) for x in range(4)]  # item 1 would kill its worker, but its result is given
    assert list(imap_in_order(square_or_die, args, jobs=2, chunk=1, on_death=_died, given={1: "given"})) == [
        0, "given", 4, 9]


def test_a_dead_worker_becomes_a_one_line_error_naming_the_file():
    msg = batch.worker_died("reports/a.txt", -signal.SIGKILL)
    assert msg.startswith("reports/a.txt: ") and "SIGKILL" in msg and "\n" not in msg and "--jobs 1" in msg


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches the parent; only forked workers see it")
def test_a_batch_reports_the_file_whose_worker_died_and_extracts_the_rest(monkeypatch, tmp_path):
    real = batch.extract_path
    paths = []
    for i in range(6):
        p = tmp_path / f"{i}.txt"
        p.write_text(f"一、概述\n{2020 + i}年共受理申请{i + 3}件。\n", encoding="utf-8")
        paths.append(str(p))

    def dies_on_the_third(path, *args):
        if path == paths[2]:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args)

    monkeypatch.setattr(batch, "extract_path", dies_on_the_third)  # workers are forked: they see it too
    outcomes = list(batch.run_parallel(paths, 2, 1 << 20, None))
    assert [o.path for o in outcomes] == paths
    assert [o.error is None for o in outcomes] == [True, True, False, True, True, True]
    assert "worker process reading it died" in outcomes[2].error
    assert [o.dicts()[0]["facts"][-1]["value"] for i, o in enumerate(outcomes) if i != 2] == [3, 4, 6, 7, 8]


def square_or_hang(x: int, hang_on: tuple[int, ...] = ()) -> int:
    if x in hang_on:
        import time
        time.sleep(60)  # a parser stuck in C code: no exception, no exit
    return x * x


def test_an_item_over_the_time_limit_ends_its_worker_and_only_that_item_fails():
    import time
    args = [(x, (3,)) for x in range(8)]
    t = time.monotonic()
    out = list(imap_in_order(square_or_hang, args, jobs=1, chunk=2, on_death=_died, time_limit=1.0,
                             on_timeout=lambda i: f"timeout:{i}"))
    assert out == [0, 1, 4, "timeout:3", 16, 25, 36, 49]
    assert time.monotonic() - t < 20


def test_without_a_time_limit_results_are_as_before():
    args = [(x,) for x in range(10)]
    assert list(imap_in_order(square_or_hang, args, jobs=2, chunk=3, on_death=_died, time_limit=30)) == [x * x for x in range(10)]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches the parent; only forked workers see it")
def test_with_jobs_1_a_pdf_that_never_returns_fails_alone_after_the_time_limit(monkeypatch, tmp_path):
    import time
    real = batch.extract_path
    paths = []
    for i, suffix in enumerate([".txt", ".pdf", ".txt"]):
        p = tmp_path / f"{i}{suffix}"
        p.write_text(f"一、概述\n{2020 + i}年共受理申请{i + 3}件。\n", encoding="utf-8")
        paths.append(str(p))

    def pdfium_never_returns(path, *args):
        if path.endswith(".pdf"):
            time.sleep(60)
        return real(path, *args)

    monkeypatch.setattr(batch, "extract_path", pdfium_never_returns)  # the one worker is forked: it sees it
    t = time.monotonic()
    outcomes = list(batch.run_parallel(paths, 1, 1 << 20, None, time_limit=1.0))
    assert time.monotonic() - t < 20
    assert [o.path for o in outcomes] == paths
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert outcomes[1].error.startswith(paths[1] + ": ") and "--time-limit" in outcomes[1].error
    assert "\n" not in outcomes[1].error


def test_with_jobs_1_a_batch_without_a_pdf_is_read_in_this_process(monkeypatch, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("一、概述\n2020年共受理申请3件。\n", encoding="utf-8")
    from govreport.cli import pool
    monkeypatch.setattr(pool, "imap_in_order", lambda *a, **k: pytest.fail("a text batch needs no worker"))
    assert [o.error for o in batch.run_parallel([str(p)], 1, 1 << 20, None, time_limit=300)] == [None]

"""Signals in nightly runs, each reproduced with a real process: SIGTERM stops like Ctrl-C (exit 143,
a summary line, no .tmp left, the manifest saved); a parent killed outright takes its workers with
it; SIGINT to the parent alone ends the run promptly."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc as on Linux")


def _inputs(tmp_path: Path, n: int = 400) -> Path:
    src = [p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".md")]
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"{i:04d}.txt").write_bytes(src[i % len(src)] + f"\n附：第{i}份。\n".encode())
    return d


def _start(tmp_path: Path) -> subprocess.Popen:
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "govreport.cli.main", "extract", "-q", "-j", "2",
                             str(_inputs(tmp_path)), "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.05)  # until the workers are busy
    return proc


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, FileNotFoundError):
        return False


def test_sigterm_stops_like_ctrl_c_and_keeps_the_work(tmp_path):
    proc = _start(tmp_path)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert b"terminated" in err and b"rerun" in err
    out = tmp_path / "out"
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
    manifest = json.loads((out / ".govreport-manifest.json").read_text())
    assert manifest["entries"]  # the work done is kept for the rerun
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)]


def test_a_parent_killed_outright_takes_its_workers_with_it(tmp_path):
    proc = _start(tmp_path)
    workers = _children(proc.pid)
    assert workers
    proc.kill()
    proc.communicate(timeout=30)  # returns: no worker holds stdout or stderr open
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [w for w in workers if _alive(w)]:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


def test_sigint_to_the_parent_alone_ends_the_run_promptly(tmp_path):
    proc = _start(tmp_path)
    t = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.monotonic() - t < 3

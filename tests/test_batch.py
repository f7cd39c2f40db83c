"""Batch and nightly runs: encodings, bad inputs, atomic resumable output, CSV/SQLite, parallel, Dask."""
from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import govreport
from conftest import SAMPLES

SEED = SAMPLES / "000_fece632fb1d1ec29.txt"
TRAD = SAMPLES / "003_c4406e09294e7023.txt"


def _facts(path: Path) -> list[tuple]:
    recs = govreport.extract_file(str(path))
    return [(f["type"], json.dumps(f["value"]), f["text"].strip()) for r in recs for f in r["facts"]]


def _gov(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["govreport", *args], capture_output=True, timeout=300, **kw)


@pytest.mark.parametrize("encoding,name", [("utf-8-sig", "utf-8-bom"), ("gb18030", "gb18030"), ("utf-16", "utf-16"),
                                           ("gbk", "gb18030")])
def test_same_facts_in_every_encoding(tmp_path, encoding, name):
    text = SEED.read_text(encoding="utf-8").replace("\xa0", " ")
    ref = tmp_path / "ref.txt"
    ref.write_text(text, encoding="utf-8")
    p = tmp_path / "x.txt"
    p.write_bytes(text.encode(encoding))
    [rec] = govreport.extract_file(str(p))
    assert rec["source"]["encoding"] == name
    assert _facts(p) == _facts(ref)


def test_big5_traditional(tmp_path):
    lines = TRAD.read_text(encoding="utf-8").splitlines()
    part = "\n".join(lines[103:145])  # 第3篇: a traditional-script report
    utf8, big5 = tmp_path / "u.txt", tmp_path / "b.txt"
    utf8.write_text(part, encoding="utf-8")
    big5.write_bytes(part.encode("big5", errors="replace"))
    [rec] = govreport.extract_file(str(big5))
    assert rec["source"]["encoding"] == "big5" and rec["script"] == "traditional"
    assert _facts(big5) == _facts(utf8)


def test_crlf_gives_same_facts(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert [f[:2] for f in _facts(p)] == [f[:2] for f in _facts(SEED)]
    recs = govreport.extract_file(str(p))
    original = p.read_bytes().decode("utf-8")
    assert all(original[f["start"]:f["end"]] == f["text"] for f in recs[0]["facts"])


def test_cut_mid_character(tmp_path):
    data = SEED.read_bytes()
    p = tmp_path / "cut.txt"
    p.write_bytes(data + "中".encode()[:2])  # a download cut inside a 3-byte character
    [rec] = govreport.extract_file(str(p))
    assert rec["year"] == 2013


def test_inputs_walk_directories_and_files_from(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "r.txt").write_bytes(SEED.read_bytes())
    (sub / "skip.png").write_bytes(b"\x89PNG\r\n")
    lst = tmp_path / "list.txt"
    lst.write_text(f"{SEED}\n", encoding="utf-8")
    p = _gov("extract", "-q", str(tmp_path / "a"), "--files-from", str(lst))
    assert p.returncode == 0 and len(p.stdout.decode().splitlines()) == 2


def test_a_walk_reads_pdfs_too_and_a_cut_pdf_fails_alone(tmp_path):
    sub = tmp_path / "a"
    sub.mkdir()
    (sub / "r.txt").write_bytes(SEED.read_bytes())
    (sub / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    p = _gov("extract", "-q", str(sub))
    err = p.stderr.decode()
    assert p.returncode == 1 and len(p.stdout.decode().splitlines()) == 1
    assert "cut.pdf" in err and "fetch it again" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_max_bytes_refused(tmp_path):
    p = _gov("extract", "-q", "--max-bytes", "100", str(SEED))
    assert p.returncode == 1 and b"--max-bytes" in p.stderr and b"Traceback" not in p.stderr


def test_unreadable_file(tmp_path):
    import os
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    p = tmp_path / "locked.txt"
    p.write_bytes(SEED.read_bytes())
    p.chmod(0)
    r = _gov("extract", "-q", str(p))
    assert r.returncode == 1 and b"permission" in r.stderr


def test_verbose_shows_traceback_for_internal_errors_only(tmp_path):
    p = _gov("extract", "-q", "-v", str(tmp_path / "missing.txt"))
    assert p.returncode == 1 and b"no such file" in p.stderr


def _corpus(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    seeds = [p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".txt"]
    for i in range(n):
        s = seeds[i % len(seeds)]
        (src / f"{i:04d}_{s.name}").write_bytes(s.read_bytes() + f"\n附注{i}\n".encode())
    return src


def test_kill_and_resume_leaves_every_output_intact(tmp_path):
    n = 240
    src = _corpus(tmp_path, n)
    out = tmp_path / "out"
    proc = subprocess.Popen(["govreport", "extract", "-q", str(src), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.json"))) < 3:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = list(out.glob("*.json"))
    assert 0 < len(partial) < n
    for f in partial:  # nothing half written
        json.loads(f.read_text(encoding="utf-8"))
    again = _gov("extract", str(src), "-o", str(out))
    assert again.returncode == 0
    assert b"skipped" in again.stderr
    fresh = tmp_path / "fresh"
    assert _gov("extract", "-q", str(src), "-o", str(fresh)).returncode == 0
    for f in fresh.glob("*.json"):
        assert json.loads((out / f.name).read_text(encoding="utf-8")) == json.loads(f.read_text(encoding="utf-8"))
    assert not list(out.glob("*.tmp"))
    third = _gov("extract", str(src), "-o", str(out))
    assert f"0 processed, {n} skipped".encode() in third.stderr
    forced = _gov("extract", str(src), "-o", str(out), "--force")
    assert f"{n} processed".encode() in forced.stderr


def test_jobs_keep_input_order(tmp_path):
    src = _corpus(tmp_path, 12)
    one = _gov("extract", "-q", str(src)).stdout.decode().splitlines()
    two = _gov("extract", "-q", "--jobs", "2", str(src)).stdout.decode().splitlines()
    assert [json.loads(a)["source"]["path"] for a in one] == [json.loads(b)["source"]["path"] for b in two]
    assert one == two


def test_csv_facts_csv_and_sqlite_read_back(tmp_path):
    db, facts = tmp_path / "g.db", tmp_path / "facts.csv"
    p = _gov("extract", "-q", "--format", "csv", "--facts-csv", str(facts), "--sqlite", str(db), str(SAMPLES))
    assert p.returncode == 0
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode())))
    assert len(rows) == 23  # 11 single-report files + 12 texts in seed 003
    kewei = [r for r in rows if "kewei" in r["source"]][0]
    assert kewei["table3.new_requests.total"] == "34" and kewei["requests_received"] == "34"
    fact_rows = list(csv.DictReader(facts.open(encoding="utf-8")))
    assert {"type", "value", "text", "start", "end"} <= set(fact_rows[0]) and len(fact_rows) > 500
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from reports").fetchone()[0] == 23
    n = con.execute("select count(*) from facts f join reports r on f.report_id = r.id where r.year = 2013").fetchone()[0]
    assert n > 10
    assert con.execute("select value from table_cells where tbl='table3' and row='new_requests' and col='total' "
                       "order by value").fetchall() == [(23.0,), (34.0,), (74.0,), (218.0,)]
    assert con.execute("select count(*) from checks where status='fail'").fetchone()[0] >= 2


def test_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = _corpus(tmp_path, 4)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        p = _gov("extract", "-q", str(src), "-o", str(out), "--dask", cluster.scheduler_address)
        assert p.returncode == 0, p.stderr
    plain = tmp_path / "plain"
    _gov("extract", "-q", str(src), "-o", str(plain))
    for f in plain.glob("*.json"):
        assert json.loads((out / f.name).read_text("utf-8")) == json.loads(f.read_text("utf-8"))


def test_library_call_is_picklable():
    import pickle
    from govreport.cli.batch import extract_path
    fn = pickle.loads(pickle.dumps(govreport.extract_file))
    assert fn(str(SEED))[0]["year"] == 2013
    assert pickle.loads(pickle.dumps(extract_path))(str(SEED)).records


def test_sqlite_keys_reports_by_content_whatever_the_path_typed(tmp_path):
    import os
    import sqlite3
    d = tmp_path / "downloads"
    d.mkdir()
    (d / "r.txt").write_bytes(SEED.read_bytes())
    db = tmp_path / "gov.db"
    for target, cwd in (("downloads", tmp_path), (str(d), tmp_path), (".", d)):
        p = subprocess.run([sys.executable, "-m", "govreport.cli.main", "extract", "-q", target, "--sqlite", str(db)],
                           capture_output=True, cwd=cwd, env=dict(os.environ))
        assert p.returncode == 0, p.stderr
    n = sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0]
    assert n == len(govreport.extract_file(str(SEED)))


def _extract_to(out: Path, *inputs: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govreport.cli.main", "extract", "-q", *inputs, "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _copies(folder: Path, n: int, tag: str) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{tag}{i}.txt").write_bytes(SEED.read_bytes() + f"\n附：{tag}{i}。\n".encode())
    return folder


def test_two_concurrent_runs_into_one_output_folder_lose_no_manifest_entry(tmp_path):
    out = tmp_path / "out"
    a, b = _copies(tmp_path / "a", 60, "a"), _copies(tmp_path / "b", 60, "b")
    runs = [_extract_to(out, str(a)), _extract_to(out, str(b))]
    for r in runs:
        _, err = r.communicate(timeout=300)
        assert r.returncode == 0, err
    entries = json.loads((out / ".govreport-manifest.json").read_text())["entries"]
    assert len(entries) == 120 and len([p for p in out.glob("*.json") if not p.name.startswith(".")]) == 120


def test_outputs_honour_the_umask(tmp_path):
    import os
    out = tmp_path / "out"
    run = _extract_to(out, str(SEED), preexec_fn=lambda: os.umask(0o022))
    run.communicate(timeout=120)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir() if p.suffix == ".json"}
    assert modes and set(modes.values()) == {0o644}


def test_an_input_deleted_since_the_last_run_is_marked_stale_and_its_output_kept(tmp_path):
    out = tmp_path / "out"
    src = _copies(tmp_path / "in", 2, "x")
    _extract_to(out, str(src)).communicate(timeout=120)
    (src / "x0.txt").unlink()
    _extract_to(out, str(src)).communicate(timeout=120)
    entries = json.loads((out / ".govreport-manifest.json").read_text())["entries"]
    stale = {Path(k).name: e.get("stale", False) for k, e in entries.items()}
    assert stale == {"x0.txt": True, "x1.txt": False}
    assert (out / "x0.txt.json").exists()


def test_dask_workers_started_elsewhere_read_relative_paths(tmp_path):
    import os
    distributed = pytest.importorskip("distributed")
    src = _corpus(tmp_path, 3)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.run(os.chdir, str(elsewhere))  # the workers' working directory is not the caller's
        p = _gov("extract", "-q", "--format", "jsonl", src.name, "--dask", cluster.scheduler_address, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    paths = [json.loads(line)["source"]["path"] for line in p.stdout.decode().splitlines()]
    assert paths and all(not Path(x).is_absolute() and x.startswith(src.name) for x in paths)


@pytest.mark.parametrize("address,why", [("notanaddress", b"not a scheduler address"),
                                         ("tcp://127.0.0.1:9", b"no Dask scheduler answered")])
def test_a_bad_dask_address_is_one_line_and_exit_2(address, why):
    pytest.importorskip("distributed")
    t = time.monotonic()
    p = _gov("extract", "-q", str(SEED), "--dask", address)
    assert p.returncode == 2 and why in p.stderr and b"Traceback" not in p.stderr, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and time.monotonic() - t < 25


def test_stdin_with_dask_is_a_usage_error():
    p = _gov("extract", "-q", "-", "--dask", "tcp://127.0.0.1:9", input=b"x")
    assert p.returncode == 2 and b"standard input" in p.stderr


def test_outputs_never_go_through_a_link_or_outside_the_output_folder(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside.json"
    out.mkdir()
    outside.write_text("keep me", encoding="utf-8")
    (out / f"{SEED.name}.json").symlink_to(outside)  # planted where the output will go
    odd = tmp_path / "in"
    odd.mkdir()
    (odd / "..x.txt").write_bytes(SEED.read_bytes())  # a name holding ..
    lst = tmp_path / "list.txt"
    lst.write_text(f"{SEED}\n{odd / '..x.txt'}\n", encoding="utf-8")
    p = _gov("extract", "-q", "--files-from", str(lst), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (out / f"{SEED.name}.json").is_symlink()
    written = {q.resolve().parent for q in out.iterdir()}
    assert written == {out.resolve()}


def test_a_fifo_named_on_the_command_line_is_refused_at_once(tmp_path):
    import os
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    p = _gov("extract", "-q", str(fifo), str(SEED))
    assert p.returncode == 1 and b"not a regular file" in p.stderr and len(p.stdout.splitlines()) >= 1


def test_an_unreadable_subdirectory_is_reported_not_skipped(tmp_path, monkeypatch):
    import os
    from govreport.cli import batch
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "r.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):  # (as root, chmod 000 would not keep us out)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    unreadable: list[str] = []
    found = batch.iter_inputs([str(tmp_path)], None, unreadable)
    assert [Path(f).name for f in found] == ["r.txt"]
    assert len(unreadable) == 1 and "locked" in unreadable[0] and "chmod" in unreadable[0]


def test_files_from_skips_comments_blank_lines_and_a_bom_and_reads_a_path_once(tmp_path):
    lst = tmp_path / "list.txt"
    lst.write_bytes(("\ufeff# nightly list\n\n" + f"{SEED}\n{SEED}\n  \n# {TRAD}\n").encode("utf-8"))
    from govreport.cli import batch
    assert batch.iter_inputs([], str(lst)) == [str(SEED)]


def test_format_json_over_several_files_is_one_array():
    p = _gov("extract", "-q", "--format", "json", str(SEED), str(TRAD))
    data = json.loads(p.stdout)
    assert isinstance(data, list) and len(data) == len(govreport.extract_file(str(SEED))) + len(govreport.extract_file(str(TRAD)))


def test_csv_columns_are_fixed_whatever_the_batch_and_formulas_are_neutralised(tmp_path):
    page = tmp_path / "evil.txt"
    page.write_text("=1+1某局2020年政府信息公开工作年度报告\n一、总体情况\n共受理申请3件。\n", encoding="utf-8")
    one = _gov("extract", "-q", "--format", "csv", str(page)).stdout.decode()
    two = _gov("extract", "-q", "--format", "csv", str(SEED), str(TRAD)).stdout.decode()
    assert one.splitlines()[0] == two.splitlines()[0]
    row = next(csv.DictReader(io.StringIO(one)))
    assert row["title"].startswith("'=")
    raw = next(csv.DictReader(io.StringIO(_gov("extract", "-q", "--format", "csv", "--csv-raw", str(page)).stdout.decode())))
    assert raw["title"].startswith("=")


# The tables as the first release with --sqlite created them: a database from then must still take rows.
_SQLITE_SCHEMA_OF_1_0 = """
CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, source TEXT, part INTEGER, sha256 TEXT, kind TEXT,
  title TEXT, agency TEXT, year INTEGER, period_start TEXT, period_end TEXT, published TEXT, signed TEXT,
  template TEXT, anonymised INTEGER, record TEXT, UNIQUE(sha256, part));
CREATE TABLE IF NOT EXISTS sections (report_id INTEGER REFERENCES reports(id), idx INTEGER, level INTEGER,
  number TEXT, heading TEXT, start INTEGER, "end" INTEGER, parent INTEGER);
CREATE TABLE IF NOT EXISTS facts (report_id INTEGER REFERENCES reports(id), idx INTEGER, type TEXT, value TEXT,
  number REAL, unit TEXT, approx TEXT, label TEXT, text TEXT, start INTEGER, "end" INTEGER, section INTEGER);
CREATE TABLE IF NOT EXISTS indicators (report_id INTEGER REFERENCES reports(id), name TEXT, value REAL, unit TEXT,
  text TEXT, start INTEGER, "end" INTEGER, source TEXT);
CREATE TABLE IF NOT EXISTS table_cells (report_id INTEGER REFERENCES reports(id), tbl TEXT, row TEXT, col TEXT, value REAL);
CREATE TABLE IF NOT EXISTS checks (report_id INTEGER REFERENCES reports(id), rule TEXT, status TEXT, expected REAL,
  actual REAL, "where" TEXT, message TEXT);
"""


def _columns(db) -> dict[str, list[tuple[str, str]]]:
    tables = [t for (t,) in db.execute("select name from sqlite_master where type='table'")]
    return {t: [(c[1], c[2]) for c in db.execute(f"pragma table_info({t})")] for t in tables}


def test_the_sqlite_tables_come_from_the_models_and_match_an_earlier_database(tmp_path):
    from govreport.cli.batch import SQL_TABLES, sql_schema, sql_type
    from govreport.schemas.shape import FACT_KEYS, CHECK_KEYS
    old, new = sqlite3.connect(tmp_path / "old.db"), sqlite3.connect(tmp_path / "new.db")
    old.executescript(_SQLITE_SCHEMA_OF_1_0)
    new.executescript(sql_schema())
    assert _columns(new) == _columns(old)
    assert sql_type("Fact.unit") == "TEXT" and sql_type("Check.expected") == "REAL" and sql_type("Record.anonymised") == "INTEGER"
    keys = {"Fact": FACT_KEYS, "Check": CHECK_KEYS}
    for table, columns in SQL_TABLES.items():
        for name, field in columns:
            model, _, key = field.partition(".")
            if model in keys:
                assert key in keys[model], f"{table}.{name}: the record's {model} has no {key}"


def test_an_earlier_sqlite_database_takes_this_releases_rows(tmp_path):
    db = tmp_path / "g.db"
    sqlite3.connect(db).executescript(_SQLITE_SCHEMA_OF_1_0)
    p = _gov("extract", "-q", "--sqlite", str(db), str(SEED))
    assert p.returncode == 0, p.stderr
    assert sqlite3.connect(db).execute("select year from reports").fetchall() == [(2013,)]

"""The command line as a user meets it: exit codes, errors on stderr, stdin, -o DIR, schema, help."""
from __future__ import annotations

import json
import subprocess

from conftest import SAMPLES

SEED = SAMPLES / "000_fece632fb1d1ec29.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["govreport", *args],
                          input=stdin, capture_output=True, timeout=120)


def test_jsonl_on_stdout():
    p = run("extract", "--format", "jsonl", str(SEED))
    assert p.returncode == 0
    [line] = p.stdout.decode().splitlines()
    assert json.loads(line)["year"] == 2013


def test_stdin_dash():
    p = run("extract", "-", stdin=SEED.read_bytes())
    assert p.returncode == 0 and json.loads(p.stdout)["source"]["path"] == "-"


def test_bad_files_do_not_stop_the_batch(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    p = run("extract", str(empty), "missing.txt", str(binary), str(SEED))
    assert p.returncode == 1
    err = [ln for ln in p.stderr.decode().strip().splitlines() if not ln.startswith("govreport: done:")]
    assert len(err) == 3 and all(line.startswith("govreport: ") for line in err)
    assert "Traceback" not in p.stderr.decode()
    assert "empty.txt" in err[0] and "missing.txt" in err[1] and "image.txt" in err[2]
    assert len(p.stdout.decode().splitlines()) == 1


def test_usage_error_exits_2():
    assert run("extract", "--format", "xml", str(SEED)).returncode == 2
    assert run("no-such-command").returncode == 2


def test_output_dir_writes_one_file_per_input(tmp_path):
    p = run("extract", "-o", str(tmp_path / "out"), str(SEED))
    assert p.returncode == 0
    records = json.loads((tmp_path / "out" / f"{SEED.name}.json").read_text(encoding="utf-8"))
    assert records[0]["agency"] == "泰安市政务服务中心管理办公室"
    assert not [f for f in (tmp_path / "out").iterdir() if f.name.endswith(".tmp")]


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert {"facts", "indicators", "checks", "tables"} <= set(schema["properties"])


def test_every_command_help_has_an_example():
    for cmd in ([], ["extract"], ["audit"], ["schema"], ["panel"], ["text"]):
        out = run(*cmd, "--help").stdout.decode()
        assert "Example" in out, cmd


def test_audit_exit_status():
    assert run("audit", str(SAMPLES / "004_0039c918a26a0c26.txt")).returncode == 3
    p = run("audit", str(SAMPLES / "002_9fb8b55ba9ec29ff.txt"))
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 1 and b"pass" in p.stdout  # one line saying so


def test_audit_says_which_number_is_printed_and_which_computed():
    out = run("audit", str(SAMPLES / "004_0039c918a26a0c26.txt")).stdout.decode()
    assert "the report prints 3025; its parts add to 3017" in out and "printed 3017" not in out


def test_an_output_that_cannot_be_written_is_a_usage_error_before_any_work(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    a_folder = tmp_path / "a_folder"
    a_folder.mkdir()
    for args in (["-o", str(a_file)], ["-o", "/proc/no/such"], ["--facts-csv", str(a_folder)],
                 ["--facts-csv", str(tmp_path / "no" / "f.csv")], ["--sqlite", str(a_folder)],
                 ["--sqlite", "/proc/no/such.db"]):
        p = run("extract", str(SEED), *args)
        err = p.stderr.decode()
        assert p.returncode == 2, args
        assert err.count("\n") == 1 and err.startswith(f"govreport: {args[0]} {args[1]}: ") and "Traceback" not in err, err
        assert not p.stdout
    assert sorted(tmp_path.iterdir()) == sorted([a_file, a_folder])
    assert not list(a_folder.iterdir())


def test_an_output_that_fails_mid_run_stops_with_one_line_and_keeps_what_was_written(tmp_path, monkeypatch):
    """A disk that fills up mid-run: one line naming the folder and the fix, exit 1, no traceback;
    the outputs already written and the manifest are kept, so a rerun finishes the batch."""
    import errno

    from typer.testing import CliRunner

    from govreport.cli import batch
    from govreport.cli.main import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(3):
        (inputs / f"r{i}.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    real_write, written = batch.write_atomic, []

    def fill_up(target, payload):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(target, payload)
        written.append(target)
    monkeypatch.setattr(batch, "write_atomic", fill_up)
    result = CliRunner().invoke(app, ["extract", str(inputs), "-o", str(out), "-q"])
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "cannot write" in result.output and "No space left on device" in result.output and "Traceback" not in result.output
    assert [p.name for p in out.glob("r*.json")] == [written[0].name]
    monkeypatch.setattr(batch, "write_atomic", real_write)
    again = CliRunner().invoke(app, ["extract", str(inputs), "-o", str(out), "-q"])
    assert again.exit_code == 0 and sorted(p.name for p in out.glob("r*.json")) == ["r0.txt.json", "r1.txt.json", "r2.txt.json"]


def test_format_with_output_folder_is_a_usage_error(tmp_path):
    p = run("extract", str(SEED), "-o", str(tmp_path / "out"), "--format", "csv")
    err = p.stderr.decode()
    assert p.returncode == 2 and err.startswith("govreport: --format csv is for stdout") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_reader_that_closes_the_pipe_stops_the_run_quietly(tmp_path):
    for i in range(40):
        (tmp_path / f"r{i}.txt").write_bytes(SEED.read_bytes())
    proc = subprocess.Popen(["govreport", "extract", "--format", "jsonl", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(100)
    proc.stdout.close()  # the reader has had enough, as | head does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == "", err

"""The `govreport` command line: a Unix filter (JSON Lines on stdout, one-line errors on stderr).

Exit status: 0 every input was read; 1 some input failed (the rest were still processed);
2 usage error; 3 `audit` found a failed check.
"""
from __future__ import annotations

import json
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import click
import typer

from govreport import __version__
from govreport.cli import batch

app = typer.Typer(
    add_completion=False, no_args_is_help=True,
    help="Turn Chinese government report text into structured JSON records.\n\n"
         "Example:  govreport extract samples/ > records.jsonl\n\n"
         "Exit status: 0 all inputs read, 1 some input failed, 2 usage error, 3 audit found a failed check.",
)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


def _fail(message: str, trace: str | None = None, verbose: bool = False) -> None:
    if verbose and trace:
        sys.stderr.write(trace)
    typer.echo(f"govreport: {message}", err=True)


@app.command()
def extract(
    files: Optional[list[str]] = typer.Argument(None, help="Files (text, HTML, PDF, Word .docx), directories (walked for *.txt *.md *.html *.htm *.pdf *.docx) or - for stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="jsonl (default when stdout is not a terminal), "
                                         "json (pretty) or csv (one row per report: indicators and every table cell)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write one <name>.json per input into DIR "
                                          "(atomically; a manifest lets reruns skip unchanged inputs)."),
    files_from: Optional[str] = typer.Option(None, "--files-from", help="Read input paths, one per line, from FILE or -."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes (0 = one per core). Output keeps input order."),
    force: bool = typer.Option(False, "--force", help="With -o: redo inputs the manifest says are up to date."),
    facts_csv: Optional[Path] = typer.Option(None, "--facts-csv", help="Also write one CSV row per fact to FILE."),
    sqlite: Optional[Path] = typer.Option(None, "--sqlite", help="Also write tables reports, sections, facts, indicators, "
                                          "table_cells and checks to the SQLite database FILE."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Run on the Dask cluster at ADDRESS (needs govreport[dask])."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this many bytes."),
    time_limit: float = typer.Option(300, "--time-limit", min=0, help="Seconds a file read in a worker process may take "
                                     "before it fails alone (0 = no limit). With --jobs 1 a batch holding a PDF is read in one worker."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show a traceback for inputs that fail."),
    csv_raw: bool = typer.Option(False, "--csv-raw", help="Write CSV cells as printed: no ' before a cell opening "
                                 "with = + - @ (for scripts; spreadsheets would run such a cell as a formula)."),
) -> None:
    """Extract one JSON record per report found in each input.

    Example:  govreport extract samples/ > records.jsonl

    Example:  govreport extract downloads/ -o out/ --jobs 2   (a rerun redoes only new or changed files)
    """
    started = time.monotonic()
    unreadable: list[str] = []
    try:
        paths = batch.iter_inputs(files or [], files_from, unreadable)
    except OSError as exc:
        typer.echo(f"govreport: --files-from {files_from}: {exc.strerror}; check the list's path", err=True)
        raise typer.Exit(2)
    for why in unreadable:
        typer.echo(f"govreport: {why}", err=True)
    if not paths:
        typer.echo("govreport: no input files; pass FILE..., a directory, - for stdin, or --files-from LIST", err=True)
        raise typer.Exit(1 if unreadable else 2)
    if fmt is not None and output is not None:
        typer.echo(f"govreport: --format {fmt.value} is for stdout, and -o DIR writes each input's records to "
                   "DIR/<name>.json; drop one of them (for a table with -o, add --facts-csv FILE or --sqlite FILE)", err=True)
        raise typer.Exit(2)
    for flag, target, folder in (("-o", output, True), ("--facts-csv", facts_csv, False), ("--sqlite", sqlite, False)):
        why = batch.unwritable(target, folder) if target is not None else None
        if why:
            typer.echo(f"govreport: {flag} {target}: {why}", err=True)
            raise typer.Exit(2)
    if dask and "-" in paths:
        typer.echo("govreport: --dask cannot send standard input to a cluster; save it to a file and pass the file",
                   err=True)
        raise typer.Exit(2)
    if dask:
        try:
            dask = batch.dask_client(dask, jobs)  # reached (or refused) before any input is read
        except batch.DaskUnavailable as exc:
            typer.echo(f"govreport: {exc}", err=True)
            raise typer.Exit(2)
    fmt = fmt or (Format.json if sys.stdout.isatty() and output is None else Format.jsonl)
    stdin_data = sys.stdin.buffer.read() if "-" in paths else None
    manifest = batch.Manifest(output) if output is not None else None
    todo, skipped, shas = [], 0, {}
    for p in paths:
        if manifest is not None and p != "-":
            shas[p] = batch.file_sha256(p)
            if not force and manifest.up_to_date(p, shas[p], output):
                skipped += 1
                continue
        todo.append(p)
    writers: list[batch.Writer] = []
    try:
        if manifest is not None:
            writers.append(batch.OutputDir(output, manifest, shas))
        elif fmt is Format.jsonl:
            writers.append(batch.JsonLines(sys.stdout))
        elif fmt is Format.json:
            writers.append(batch.JsonArray(sys.stdout))
        elif fmt is Format.csv:
            writers.append(batch.CsvReports(sys.stdout, raw=csv_raw))
        if facts_csv:
            writers.append(batch.FactsCsv(facts_csv, raw=csv_raw))
        if sqlite:
            writers.append(batch.Sqlite(sqlite))
    except OSError as exc:
        _output_failed(exc)
    progress = batch.Progress(len(todo), enabled=sys.stderr.isatty() and not quiet)
    failed = processed = 0
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    failure, stdout_closed = None, False
    try:
        for outcome in batch.run_parallel(todo, workers, max_bytes, stdin_data, dask, batch.serialisation(writers),
                                          time_limit or None):
            if outcome.error:
                failed += 1
                _fail(outcome.error, outcome.trace, verbose)
                progress.step(True)
                continue
            processed += 1
            if verbose and outcome.note:
                typer.echo(f"govreport: {outcome.note}", err=True)
            for writer in writers:
                writer.add_outcome(outcome)
            progress.step(False)
    except BrokenPipeError:  # stdout closed by its reader (| head): stop quietly
        stdout_closed = True
    except OSError as exc:  # writing an output (a full disk, a folder removed mid-run): no input's fault
        failure = exc
    finally:
        progress.close()
        for writer in writers:
            try:
                writer.close()
            except BrokenPipeError:
                stdout_closed = True
            except OSError as exc:
                failure = failure or exc
    if stdout_closed:
        # (Python would report the failed flush of stdout at exit: point it at /dev/null)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141)
    if failure:
        _output_failed(failure)
    if not quiet:
        typer.echo(f"govreport: done: {processed} processed, {skipped} skipped (unchanged), {failed} failed, "
                   f"{time.monotonic() - started:.1f} s", err=True)
    raise typer.Exit(1 if failed or unreadable else 0)


@app.command()
def audit(
    files: list[str] = typer.Argument(..., help="Text files, directories or - for stdin."),
    show_unknown: bool = typer.Option(True, "--unknown/--no-unknown", help="Also list checks that cannot be settled."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
) -> None:
    """List, for people, every check of a report's own arithmetic that fails (or cannot be settled).

    One line per check: file, report part, where (table cell or offsets), printed vs expected value.
    Exit status 0 when every check passes, 3 when any fails, 1 when an input could not be read.

    Example:  govreport audit samples/004_0039c918a26a0c26.txt
    """
    failed_inputs, failed_checks, reports, checks, unknown = 0, 0, 0, 0, 0
    seen: list[dict] = []  # (records are small once extracted; an audit is read by people, not nightly)
    paths = batch.iter_inputs(files, None)
    stdin_data = sys.stdin.buffer.read() if "-" in paths else None
    for outcome in batch.run_parallel(paths, 1, max_bytes, stdin_data):
        if outcome.error:
            failed_inputs += 1
            _fail(outcome.error)
            continue
        for rec in outcome.records:
            part = f"#{rec['source']['part']}" if rec["source"]["parts"] > 1 else ""
            for c in rec["checks"]:
                unknown += c["status"] == "unknown"
                if c["status"] == "pass" or (c["status"] == "unknown" and not show_unknown):
                    continue
                failed_checks += c["status"] == "fail"
                where = c["where"] if isinstance(c["where"], str) else f"chars {c['where'][0]}-{c['where'][-1]}"
                typer.echo(f"{outcome.path}{part}: {c['status'].upper()} {c['rule']} at {where}: {_in_words(c)}"
                           f" — {c['message']}")
        reports += len(outcome.records)
        checks += sum(len(r["checks"]) for r in outcome.records)
        seen.extend(outcome.records)
    if len(seen) > 1:
        # several reports of one agency: each year checked against the one before (see `panel`)
        from govreport.extract.panel import build_panel
        for c in build_panel(seen)[1]:
            checks += 1
            unknown += c["status"] == "unknown"
            if c["status"] == "pass" or (c["status"] == "unknown" and not show_unknown):
                continue
            failed_checks += c["status"] == "fail"
            typer.echo(f"{c['files'][-1]}: {c['status'].upper()} {c['rule']} at {c['where']} "
                       f"({'→'.join(map(str, c['years']))}) — {c['message']}")
    if not failed_inputs and not failed_checks and not (show_unknown and unknown):
        typer.echo(f"govreport: audit: all {checks} check(s) of {reports} report(s) pass")
    raise typer.Exit(1 if failed_inputs else 3 if failed_checks else 0)


def _in_words(c: dict) -> str:
    """Which number the report prints and which govreport computed, said so (never `printed X expected Y`)."""
    actual, expected = c.get("actual"), c.get("expected")
    if actual is None and expected is None:
        return "a number it needs is not printed, so it cannot be settled"
    if c["rule"] == "text_vs_table":
        return f"the text prints {actual:g}; the table prints {expected:g}"
    if actual is None:
        return f"govreport computes {expected:g}, but the number to compare it with is not printed"
    if expected is None:
        return f"the report prints {actual:g}, but not every number needed to check it"
    if c["rule"] in ("percent_of_total", "ratio", "reduction_rate"):
        return f"the report prints {actual:g}; its own numbers give {expected:g}"
    return f"the report prints {actual:g}; its parts add to {expected:g}"


@app.command()
def panel(
    inputs: list[str] = typer.Argument(..., help="Records (an -o directory of .json, .jsonl files) or reports to extract."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the CSV here instead of stdout."),
    long: bool = typer.Option(False, "--long", help="Tidy form: agency, year, variable, value, unit, path, start, end."),
    checks_path: Optional[str] = typer.Option(None, "--checks", help="Write every cross-report check here as JSON Lines."),
    agencies: Optional[str] = typer.Option(None, "--agencies", help="Your crosswalk, YAML or CSV: name -> key."),
    sqlite: Optional[str] = typer.Option(None, "--sqlite", help="Also write a `panel` table (long form) into this SQLite file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line."),
) -> None:
    """One row per agency, year and kind: copies merged, consecutive years checked against each other.

    Example:  govreport extract downloads/ -o out/ && govreport panel out/ --checks checks.jsonl > panel.csv
    """
    import csv
    from govreport.extract import panel as P
    try:
        crosswalk = P.load_crosswalk(agencies) if agencies else None
    except (OSError, ValueError) as exc:
        typer.echo(f"govreport: --agencies {agencies}: {exc}; give a YAML mapping or a two-column CSV (name,key)", err=True)
        raise typer.Exit(2)
    bad: list[str] = []
    rows, checks = P.build_panel(_panel_records(inputs, bad), crosswalk)
    header, body = (P.LONG_HEADER, P.long_rows(rows)) if long else (P.wide_header(), P.wide_rows(rows, checks))
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(batch.csv_safe(r) for r in body)
        if output:
            out.close()
        if checks_path:
            with open(checks_path, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(c, ensure_ascii=False) + "\n" for c in checks)
        if sqlite:
            _panel_sqlite(sqlite, list(P.long_rows(rows)))
    except OSError as exc:
        _output_failed(exc)
        raise typer.Exit(1)
    if not quiet:
        failed = sum(c["status"] == "fail" for c in checks)
        typer.echo(f"govreport: panel: {len(rows)} row(s) from {sum(r.sources for r in rows)} record(s); "
                   f"{len(checks)} cross-report check(s), {failed} failed", err=True)
    raise typer.Exit(1 if bad else 0)


def _panel_records(inputs: list[str], bad: list[str]):
    """Records from -o directories (*.json), JSON Lines files, or reports extracted on the way."""
    from pathlib import Path
    from govreport.cli import batch
    for name in inputs:
        p = Path(name)
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_dir() or f.name.startswith(".govreport"):
                continue
            if f.suffix in (".json", ".jsonl"):
                try:
                    text = f.read_text(encoding="utf-8")
                    data = json.loads(text) if f.suffix == ".json" else [json.loads(x) for x in text.splitlines() if x.strip()]
                except (OSError, ValueError) as exc:
                    bad.append(str(f))
                    _fail(f"{f}: not a govreport record file ({exc}); pass -o directories or .jsonl outputs")
                    continue
                yield from (data if isinstance(data, list) else [data])
            elif p.is_dir() and f.suffix.lower() not in batch.TEXT_SUFFIXES:
                continue
            else:
                outcome = batch.extract_path(str(f))
                if outcome.error:
                    bad.append(str(f))
                    _fail(outcome.error)
                yield from outcome.dicts()


def _panel_sqlite(path: str, rows: list[dict]) -> None:
    import sqlite3
    from govreport.extract.panel import LONG_HEADER
    db = sqlite3.connect(path)
    with db:
        db.execute(f"CREATE TABLE IF NOT EXISTS panel ({', '.join(LONG_HEADER)})")
        db.execute("DELETE FROM panel")
        db.executemany(f"INSERT INTO panel VALUES ({', '.join('?' for _ in LONG_HEADER)})",
                       [tuple(r[k] for k in LONG_HEADER) for r in rows])
    db.close()


@app.command()
def text(
    file: str = typer.Argument(..., help="A text, HTML, PDF or Word (.docx) file, or - for stdin."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
) -> None:
    """Print the text govreport reads from FILE: every offset in its records refers to this text.

    Example:  govreport text report.pdf | less
    """
    from govreport.extract.read import InputError, read_bytes, read_file
    try:
        doc = read_bytes(sys.stdin.buffer.read(), "-") if file == "-" else read_file(file, max_bytes)
    except InputError as exc:
        _fail(str(exc))
        raise typer.Exit(1)
    sys.stdout.write(doc.text if doc.text.endswith("\n") else doc.text + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report record.

    Example:  govreport schema > record.schema.json
    """
    from govreport.schemas.record import Record
    typer.echo(json.dumps(Record.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def version() -> None:
    """Print the version.

    Example:  govreport version
    """
    typer.echo(__version__)


def _output_failed(exc: OSError) -> None:
    where = f" {exc.filename}" if exc.filename else ""
    typer.echo(f"govreport: cannot write{where}: {exc.strerror or exc}; free space or fix the path, then rerun "
               "(finished outputs are kept)", err=True)
    raise typer.Exit(1)


class Terminated(KeyboardInterrupt):
    """SIGTERM (cron's timeout, systemd, Kubernetes): stop as Ctrl-C does."""


_signalled: list[int] = []


def _terminate(signum, frame) -> None:
    _signalled.append(signum)
    raise Terminated()


def run() -> None:
    import signal
    signal.signal(signal.SIGTERM, _terminate)
    try:
        # (standalone_mode=False: click would turn SIGTERM's exception into its own "Aborted!" and exit 1)
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _interrupted(bool(_signalled))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    if code == 130:  # (typer reports an interrupt as exit code 130 itself, without a word)
        _interrupted(bool(_signalled))
    sys.exit(code if isinstance(code, int) else 0)


def _interrupted(terminated: bool) -> None:
    how = "terminated (SIGTERM)" if terminated else "interrupted"
    typer.echo(f"govreport: {how}; rerun the same command to finish (finished outputs are kept)", err=True)
    sys.exit(143 if terminated else 130)


if __name__ == "__main__":
    run()

"""The `govreport` command line: a Unix filter (JSON Lines on stdout, one-line errors on stderr).

Exit status: 0 all inputs read; 1 some input failed (the rest were still processed);
2 usage error; 3 `audit` found a failed check.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Iterable, Optional

import typer

from govreport import __version__

app = typer.Typer(
    add_completion=False, no_args_is_help=True,
    help="Turn Chinese government report text into structured JSON records.\n\n"
         "Example:  govreport extract samples/*.txt > records.jsonl",
)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"


def _fail(path: str, message: str, verbose: bool, exc: BaseException | None = None) -> None:
    if verbose and exc is not None:
        import traceback
        traceback.print_exception(exc, file=sys.stderr)
    typer.echo(f"govreport: {message}", err=True)


def _inputs(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p != "-" and Path(p).is_dir():
            out.extend(str(f) for f in sorted(Path(p).rglob("*")) if f.suffix in (".txt", ".md") and f.is_file())
        else:
            out.append(p)
    return out


def _write_atomic(target: Path, payload: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _extract_one(path: str, max_bytes: int) -> list[dict]:
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import read_bytes, read_file
    if path == "-":
        doc = read_bytes(sys.stdin.buffer.read(), "-")
    else:
        doc = read_file(path, max_bytes)
    return [r.model_dump(mode="json") for r in extract_document(doc)]


@app.command()
def extract(
    files: list[str] = typer.Argument(..., help="Text files, directories (walked for *.txt and *.md) or - for stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f",
                                         help="jsonl (default when stdout is not a terminal) or json (pretty)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write one <name>.json per input into DIR."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show a traceback for failed inputs."),
) -> None:
    """Extract one JSON record per report found in each input.

    Example:  govreport extract samples/*.txt --format jsonl > records.jsonl
    """
    from govreport.extract.read import InputError
    fmt = fmt or (Format.json if sys.stdout.isatty() and output is None else Format.jsonl)
    failed = 0
    for path in _inputs(files):
        try:
            records = _extract_one(path, max_bytes)
        except InputError as exc:
            failed += 1
            _fail(path, str(exc), verbose, exc)
            continue
        except Exception as exc:  # one bad file never stops a batch
            failed += 1
            _fail(path, f"{path}: internal error ({type(exc).__name__}: {exc}); rerun with --verbose and report it",
                  verbose, exc)
            continue
        if output is not None:
            name = "stdin" if path == "-" else Path(path).name
            _write_atomic(output / f"{name}.json", json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        elif fmt is Format.jsonl:
            for r in records:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            sys.stdout.write(json.dumps(records if len(records) > 1 else records[0], ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)


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
    from govreport.extract.read import InputError
    failed_inputs, failed_checks = 0, 0
    for path in _inputs(files):
        try:
            records = _extract_one(path, max_bytes)
        except InputError as exc:
            failed_inputs += 1
            _fail(path, str(exc), False)
            continue
        for rec in records:
            part = f"#{rec['source']['part']}" if rec["source"]["parts"] > 1 else ""
            for c in rec["checks"]:
                if c["status"] == "pass" or (c["status"] == "unknown" and not show_unknown):
                    continue
                failed_checks += c["status"] == "fail"
                where = c["where"] if isinstance(c["where"], str) else f"chars {c['where'][0]}-{c['where'][-1]}"
                printed = "" if c.get("actual") is None else f" printed {c['actual']:g}"
                expected = "" if c.get("expected") is None else f" expected {c['expected']:g}"
                typer.echo(f"{path}{part}: {c['status'].upper()} {c['rule']} at {where}:{printed}{expected} — {c['message']}")
    raise typer.Exit(1 if failed_inputs else 3 if failed_checks else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report record.

    Example:  govreport schema > record.schema.json
    """
    from govreport.schemas.record import Record
    typer.echo(json.dumps(Record.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def version() -> None:
    """Print the version.  Example:  govreport version"""
    typer.echo(__version__)


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("govreport: interrupted", err=True)
        sys.exit(130)

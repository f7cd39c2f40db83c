"""Batch running: inputs, parallel extraction in input order, resumable outputs, tabular writers.

`extract_path` is the unit of work: a pure function of a path, safe to send to another process
(multiprocessing here, Dask workers with --dask).
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from govreport import __version__

MANIFEST = ".govreport-manifest.json"
# what a directory is walked for (the bytes of each file still decide its format)
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc")


@dataclass
class Outcome:
    path: str
    records: list[dict] = field(default_factory=list)
    error: Optional[str] = None
    trace: Optional[str] = None
    sha256: Optional[str] = None
    lines: Optional[list[str]] = None  # the records as JSON Lines, when serialised by the worker
    document: Optional[str] = None  # the records as one pretty JSON document, when serialised by the worker
    note: Optional[str] = None  # said with --verbose (a file whose name and bytes disagree on its format)

    def jsonl(self) -> list[str]:
        return self.lines if self.lines is not None else [json.dumps(r, ensure_ascii=False) for r in self.records]

    def json_document(self) -> str:
        return self.document if self.document is not None else json.dumps(self.records, ensure_ascii=False, indent=2)

    def dicts(self) -> list[dict]:
        if self.records or self.lines is None and self.document is None:
            return self.records
        return [json.loads(x) for x in self.lines] if self.lines is not None else json.loads(self.document)


def extract_path(path: str, max_bytes: int = 20 * 1024 * 1024, stdin_data: bytes | None = None,
                 serialise: Optional[str] = None, label: Optional[str] = None) -> Outcome:
    """Extract one input; never raises: a failure comes back as a one-line error.

    `serialise` ("jsonl" or "document") makes a worker process send text rather than nested dicts
    back to the parent, which is several times cheaper to pickle.
    """
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import InputError, read_bytes, read_file
    try:
        doc = read_bytes(stdin_data, "-") if path == "-" else read_file(path, max_bytes)
        if label is not None:  # read from an absolute path on a cluster worker, named as the user typed it
            import dataclasses
            doc = dataclasses.replace(doc, path=label)
        records = extract_document(doc)
        if serialise == "jsonl":
            return Outcome(path, sha256=doc.sha256, lines=[json.dumps(r, ensure_ascii=False) for r in records], note=doc.note)
        if serialise == "document":
            return Outcome(path, sha256=doc.sha256, document=json.dumps(records, ensure_ascii=False, indent=2),
                           note=doc.note)
        return Outcome(path, records, sha256=doc.sha256, note=doc.note)
    except InputError as exc:
        return Outcome(path, error=str(exc))
    except Exception as exc:  # one bad file never stops a batch
        return Outcome(path, error=f"{path}: internal error ({type(exc).__name__}: {exc}); rerun with --verbose and report it",
                       trace=traceback.format_exc())


def iter_inputs(files: Iterable[str], files_from: Optional[str], unreadable: list[str] | None = None) -> list[str]:
    """The inputs in order, each once: directories walked, a --files-from list read without its BOM,
    blank lines and # comments. Subdirectories that cannot be read are added to `unreadable`."""
    names = list(files)
    if files_from:
        src = sys.stdin if files_from == "-" else open(files_from, encoding="utf-8-sig", errors="surrogateescape")
        with src:
            for line in src:
                line = line.strip().lstrip("\ufeff")
                if line and not line.startswith("#"):
                    names.append(line)
    out: list[str] = []
    seen: set[str] = set()
    for p in names:
        found = _walk(p, unreadable) if p != "-" and Path(p).is_dir() else [p]
        for f in found:
            key = f if f == "-" else os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _walk(top: str, unreadable: list[str] | None) -> list[str]:
    found = []

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append(f"{exc.filename}: cannot read this directory ({exc.strerror}); "
                              "make it readable (chmod +rx) or leave it out")

    for folder, dirs, files in os.walk(top, onerror=failed):
        dirs.sort()
        found.extend(os.path.join(folder, f) for f in sorted(files) if Path(f).suffix.lower() in TEXT_SUFFIXES)
    return found


def unwritable(path: Path, folder: bool) -> str | None:
    """Why an output path cannot be written, or None: asked before any input is read, so a typo in
    -o, --facts-csv or --sqlite costs no work and no traceback."""
    if folder:
        if path.exists() and not path.is_dir():
            return "is a file, not a folder; pass a folder (it is created when missing)"
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot create the folder ({exc.strerror}); pass a folder you can write to"
        return None if os.access(path, os.W_OK) else "the folder is not writable; pass one you can write to"
    if path.is_dir():
        return "is a folder; pass a file name"
    if not path.parent.is_dir():
        return f"its folder {path.parent} does not exist; create it or pass another path"
    return None if os.access(path.parent, os.W_OK) else f"its folder {path.parent} is not writable; pass another path"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()
_TMP_PID = re.compile(r"\.(\d+)\.[^.]+\.tmp$")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(target: Path, payload: str) -> None:
    """Write to a temporary file beside the target and rename: a killed run never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # (the pid in the name: a concurrent run into the same folder removes only its own dead leftovers)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~_UMASK)  # mkstemp makes 0600: honour the user's umask
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_sha256(path: str) -> Optional[str]:
    import hashlib
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class Manifest:
    """DIR/.govreport-manifest.json: input path → sha256, output file, govreport version."""

    def __init__(self, directory: Path):
        self.path = directory / MANIFEST
        self._dirty, self._flushed = False, 0.0
        self._mine: set[str] = set()  # entries this run wrote (merged over what others saved)
        # temporary files left by a run that was killed mid-write are ours to remove (not those of a
        # run still writing into the same folder)
        for stale in directory.glob(".*.tmp") if directory.is_dir() else ():
            owner = _TMP_PID.search(stale.name)
            if not owner or (int(owner.group(1)) != os.getpid() and not _pid_alive(int(owner.group(1)))):
                stale.unlink(missing_ok=True)
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))["entries"]
        except (OSError, ValueError, KeyError):
            self.entries = {}
        # an input deleted or emptied since its output was written: the output is kept, marked stale
        for key, entry in self.entries.items():
            try:
                gone = os.stat(key).st_size == 0
            except OSError:
                gone = True
            if gone and not entry.get("stale"):
                entry["stale"] = True
                self._mine.add(key)
                self._dirty = True

    def up_to_date(self, path: str, sha: Optional[str], directory: Path) -> bool:
        e = self.entries.get(str(Path(path).resolve()))
        return bool(e and sha and e["sha256"] == sha and e["version"] == __version__ and (directory / e["output"]).exists())

    def output_name(self, path: str) -> str:
        key = str(Path(path).resolve())
        if key in self.entries:
            return self.entries[key]["output"]
        name = f"{Path(path).name}.json"
        taken = {e["output"] for k, e in self.entries.items() if k != key}
        if name in taken:
            import hashlib
            name = f"{Path(path).name}.{hashlib.sha1(os.fsencode(key)).hexdigest()[:8]}.json"
        return name

    def record(self, path: str, sha: str, output: str) -> None:
        key = str(Path(path).resolve())
        self.entries[key] = {"sha256": sha, "output": output, "version": __version__}
        self._mine.add(key)
        self._dirty = True
        # Rewriting the whole manifest after every file would cost O(n²) over a large batch; an
        # output written but not yet recorded is simply redone (identically) by the next run.
        if time.monotonic() - self._flushed > 2.0:
            self.flush()

    def flush(self) -> None:
        if not self._dirty:
            return
        import fcntl
        with open(self.path.with_name(MANIFEST + ".lock"), "a") as lock:
            # two runs into one -o: each merges what the other saved, under a lock, so no entry is lost
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                on_disk = json.loads(self.path.read_text(encoding="utf-8"))["entries"]
            except (OSError, ValueError, KeyError):
                on_disk = {}
            merged = {**on_disk, **{k: self.entries[k] for k in self._mine}}
            self.entries = {**self.entries, **merged}
            # (ASCII: a file name that is not UTF-8 is kept as \udcXX escapes, which read back exactly)
            write_atomic(self.path, json.dumps({"govreport": __version__, "entries": merged}, indent=1))
        self._dirty, self._flushed = False, time.monotonic()


# ---------------------------------------------------------------- tabular outputs

def _indicators() -> list[str]:
    from govreport.extract.panel import indicator_names  # (the keys of patterns/indicators.yaml)
    return indicator_names()


def flat_cells(rec: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for table, rows in (rec.get("tables") or {}).items():
        if table in ("ambiguous", "spans") or not isinstance(rows, dict):
            continue
        for row, cols in rows.items():
            for col, v in (cols or {}).items():
                if col != "unit":
                    out[f"{table}.{row}.{col}"] = v
    return out


# A report's row (CSV, SQLite): each column and the model field it holds (schemas/record.py).
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "Source.path"), ("part", "Source.part"), ("sha256", "Source.sha256"), ("kind", "Record.kind"),
    ("title", "Record.title"), ("agency", "Record.agency"), ("year", "Record.year"), ("period_start", "Period.start"),
    ("period_end", "Period.end"), ("published", "Record.published"), ("signed", "Record.signed"),
    ("template", "Record.template"), ("anonymised", "Record.anonymised"))


def report_fields(rec: dict) -> dict[str, Any]:
    """REPORT_COLUMNS of a record."""
    period, src = rec.get("period") or {}, rec["source"]
    return {"source": src["path"], "part": src["part"], "sha256": src["sha256"], "kind": rec["kind"], "title": rec["title"],
            "agency": rec["agency"], "year": rec["year"], "period_start": period.get("start"), "period_end": period.get("end"),
            "published": rec["published"], "signed": rec["signed"], "template": rec["template"], "anonymised": rec["anonymised"]}


def report_row(rec: dict) -> dict[str, Any]:
    row = report_fields(rec)
    row["checks_failed"] = sum(c["status"] == "fail" for c in rec["checks"])
    for name in _indicators():
        row[name] = (rec["indicators"].get(name) or {}).get("value")
    row.update(flat_cells(rec))
    return row


# A fact's row (facts CSV, SQLite): each column and the model field it holds; `unit` holds a money fact's currency.
FACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("type", "Fact.type"), ("value", "json"), ("number", "number"), ("unit", "Fact.unit"), ("approx", "Fact.approx"),
    ("label", "Fact.label"), ("text", "Fact.text"), ("start", "Fact.start"), ("end", "Fact.end"), ("section", "Fact.section"))
FACT_COLUMNS = ["source", "part", *(name for name, _ in FACT_FIELDS if name != "number")]  # (the CSV: value is a number there)


def fact_rows(rec: dict) -> Iterator[dict[str, Any]]:
    for f in rec["facts"]:
        value = f["value"]
        if isinstance(value, dict):
            value = f"{value.get('start')}/{value.get('end')}"
        yield {"source": rec["source"]["path"], "part": rec["source"]["part"], "type": f["type"], "value": value,
               "unit": f.get("unit") or f.get("currency"), "approx": f.get("approx"), "label": f.get("label"),
               "text": f["text"], "start": f["start"], "end": f["end"], "section": f.get("section")}


class Writer:
    """One output of a run: `add_outcome` for each input read, `close` once at the end (its errors are
    raised as OSError, like a full disk's). Adding an output format is one Writer and one flag.
    `wants` says what the workers should send back: "dicts", "jsonl" or "document" text."""
    wants = "dicts"

    def add_outcome(self, outcome: "Outcome") -> None:
        for rec in outcome.dicts():
            self.add(rec)

    def add(self, rec: dict) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class JsonLines(Writer):
    """One record a line on a stream, as each input is read."""
    wants = "jsonl"

    def __init__(self, stream):
        self.stream = stream

    def add_outcome(self, outcome: "Outcome") -> None:
        self.stream.write("".join(line + "\n" for line in outcome.jsonl()))
        self.stream.flush()


class JsonArray(Writer):
    """One JSON array over the whole run, written as it goes."""

    def __init__(self, stream):
        self.stream, self.opened = stream, False

    def add(self, rec: dict) -> None:
        body = json.dumps(rec, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.stream.write(("[\n  " if not self.opened else ",\n  ") + body)
        self.opened = True

    def close(self) -> None:
        self.stream.write("\n]\n" if self.opened else "[]\n")
        self.stream.flush()


class OutputDir(Writer):
    """-o DIR: one <name>.json per input, written atomically, and the manifest that lets reruns skip."""
    wants = "document"

    def __init__(self, directory: Path, manifest: "Manifest", shas: dict[str, Optional[str]]):
        self.directory, self.manifest, self.shas = directory, manifest, shas

    def add_outcome(self, outcome: "Outcome") -> None:
        name = "stdin.json" if outcome.path == "-" else self.manifest.output_name(outcome.path)
        write_atomic(self.directory / name, outcome.json_document() + "\n")
        if outcome.path != "-":
            self.manifest.record(outcome.path, outcome.sha256 or self.shas.get(outcome.path) or "", name)

    def close(self) -> None:
        self.manifest.flush()


def serialisation(writers: list[Writer]) -> Optional[str]:
    """What workers send back: text when every writer takes the same text, else dicts."""
    wants = {w.wants for w in writers}
    return wants.pop() if len(wants) == 1 and "dicts" not in wants else None


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """A text cell opening with = + - @ (or a tab or CR) runs as a formula when a spreadsheet opens the
    CSV (OWASP's CSV injection): it is written with a leading ' (see --csv-raw)."""
    return {k: "'" + v if isinstance(v, str) and v[:1] in _FORMULA_START else v for k, v in row.items()}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def report_columns() -> list[str]:
    """The CSV's columns, fixed by the schema: nightly CSVs concatenate whatever reports a batch holds."""
    from govreport.extract.panel import cell_columns
    return [*(name for name, _ in REPORT_COLUMNS), "checks_failed", *_indicators(), *cell_columns()]


class CsvReports(Writer):
    """One row per report, streamed, with the schema's fixed columns (pre-2019 统计表 rows, whose names
    vary, are in the JSON and the SQLite table_cells)."""

    def __init__(self, stream, raw: bool = False):
        import csv
        self.stream, self.raw = stream, raw
        self.writer = csv.DictWriter(stream, fieldnames=report_columns(), extrasaction="ignore")
        self.writer.writeheader()

    def add(self, rec: dict) -> None:
        row = report_row(rec)
        self.writer.writerow(row if self.raw else csv_safe(row))

    def close(self) -> None:
        self.stream.flush()


class FactsCsv(Writer):
    def __init__(self, path: Path, raw: bool = False):
        import csv
        self.path, self.raw = path, raw
        self.fh = open(path.with_suffix(path.suffix + ".part"), "w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.fh, fieldnames=FACT_COLUMNS)
        self.writer.writeheader()

    def add(self, rec: dict) -> None:
        self.writer.writerows(fact_rows(rec) if self.raw else map(csv_safe, fact_rows(rec)))

    def close(self) -> None:
        self.fh.close()
        os.replace(self.fh.name, self.path)


# The --sqlite tables: one row per report, section, fact, indicator, table cell and check. Each column
# names the model field it holds (schemas/record.py), which gives its SQL type, or one of the kinds in
# _SQL_KINDS (the ids that join the tables, a JSON text, a number read from a value).
SQL_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "reports": (("id", "id"), *REPORT_COLUMNS, ("record", "json")),
    "sections": (("report_id", "ref"), ("idx", "index"), ("level", "Section.level"), ("number", "Section.number"),
                 ("heading", "Section.heading"), ("start", "Section.start"), ("end", "Section.end"),
                 ("parent", "Section.parent")),
    "facts": (("report_id", "ref"), ("idx", "index"), *FACT_FIELDS),
    "indicators": (("report_id", "ref"), ("name", "key"), ("value", "Indicator.value"), ("unit", "Indicator.unit"),
                   ("text", "Indicator.text"), ("start", "Indicator.start"), ("end", "Indicator.end"),
                   ("source", "Indicator.source")),
    "table_cells": (("report_id", "ref"), ("tbl", "key"), ("row", "key"), ("col", "key"), ("value", "number")),
    "checks": (("report_id", "ref"), ("rule", "Check.rule"), ("status", "Check.status"), ("expected", "Check.expected"),
               ("actual", "Check.actual"), ("where", "json"), ("message", "Check.message")),
}
_SQL_KINDS = {"id": "INTEGER PRIMARY KEY", "ref": "INTEGER REFERENCES reports(id)", "index": "INTEGER", "key": "TEXT",
              "json": "TEXT", "number": "REAL"}
_SQL_CONSTRAINTS = {"reports": "UNIQUE(sha256, part)"}  # a report is its content (sha256 + part), wherever it lies


def sql_type(field: str) -> str:
    """The SQL type of a column: its kind's, or that of the model field it names (Fact.unit -> TEXT)."""
    if field in _SQL_KINDS:
        return _SQL_KINDS[field]
    import typing
    import govreport.schemas.record as models  # (pydantic: imported only when a database is opened)
    model, _, name = field.partition(".")
    annotation = getattr(models, model).model_fields[name].annotation
    kinds = set()
    for arg in typing.get_args(annotation) if typing.get_origin(annotation) is typing.Union else (annotation,):
        if typing.get_origin(arg) is typing.Literal:
            kinds.update(type(value) for value in typing.get_args(arg))
        elif arg is not type(None):
            kinds.add(arg)
    for sql, types in (("INTEGER", {bool, int}), ("REAL", {int, float}), ("TEXT", {str})):
        if kinds <= types:
            return sql
    raise TypeError(f"{field}: no SQL type for {kinds}")


def sql_schema() -> str:
    """CREATE TABLE statements for SQL_TABLES (IF NOT EXISTS: a database written before keeps its rows)."""
    out = []
    for table, columns in SQL_TABLES.items():
        cols = [f'"{name}" {sql_type(field)}' for name, field in columns] + [_SQL_CONSTRAINTS.get(table, "")]
        out.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(c for c in cols if c)});")
    return "\n".join(out)


class Sqlite(Writer):
    """The --sqlite database; its errors are raised as OSError, like every output's (a full disk…)."""

    def __init__(self, path: Path):
        import sqlite3
        self.path, self.errors = path, sqlite3.Error
        try:
            self.db = sqlite3.connect(path)
            self.db.executescript(sql_schema())
        except sqlite3.Error as exc:
            raise OSError(0, f"SQLite: {exc}", str(path)) from exc

    def add(self, rec: dict) -> None:
        try:
            self._add(rec)
        except self.errors as exc:
            raise OSError(0, f"SQLite: {exc}", str(self.path)) from exc

    def _add(self, rec: dict) -> None:
        src = rec["source"]
        with self.db:
            # keyed by content (sha256 + part), not by the path as typed: the same files run as downloads,
            # /abs/downloads and . are the same reports, updated in place on a rerun
            old = self.db.execute("SELECT id FROM reports WHERE sha256=? AND part=?", (src["sha256"], src["part"])).fetchone()
            if old:
                for t in ("sections", "facts", "indicators", "table_cells", "checks"):
                    self.db.execute(f"DELETE FROM {t} WHERE report_id=?", old)
                self.db.execute("DELETE FROM reports WHERE id=?", old)
            report = {**report_fields(rec), "record": json.dumps(rec, ensure_ascii=False)}
            report["anonymised"] = int(report["anonymised"])
            rid = self._insert("reports", [report]).lastrowid
            self._insert("sections", [{**s, "report_id": rid, "idx": i} for i, s in enumerate(rec["sections"])])
            self._insert("facts", [{**f, "report_id": rid, "idx": i, "unit": f.get("unit") or f.get("currency"),
                                    "value": json.dumps(f["value"], ensure_ascii=False) if isinstance(f["value"], dict) else str(f["value"]),
                                    "number": f["value"] if isinstance(f["value"], (int, float)) else None}
                                   for i, f in enumerate(rec["facts"])])
            self._insert("indicators", [{"source": None, **v, "report_id": rid, "name": k} for k, v in rec["indicators"].items()])
            self._insert("table_cells", [dict(zip(("tbl", "row", "col"), key.split(".", 2)), report_id=rid, value=v)
                                         for key, v in flat_cells(rec).items() if isinstance(v, (int, float)) or v is None])
            self._insert("checks", [{**c, "report_id": rid,
                                     "where": json.dumps(c["where"]) if not isinstance(c["where"], str) else c["where"]}
                                    for c in rec["checks"]])

    def _insert(self, table: str, rows: list[dict[str, Any]]):
        """Rows as dicts holding (at least) every column of SQL_TABLES[table] but the id."""
        names = [name for name, field in SQL_TABLES[table] if field != "id"]
        sql = f"INSERT INTO {table} ({', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)}) VALUES ({', '.join('?' * len(names))})"
        return self.db.executemany(sql, [[row[n] for n in names] for row in rows]) if table != "reports" \
            else self.db.execute(sql, [rows[0][n] for n in names])

    def close(self) -> None:
        self.db.close()


class Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.done, self.failed, self.t0 = total, enabled, 0, 0, time.monotonic()

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self.enabled:
            rate = self.done / max(time.monotonic() - self.t0, 1e-6)
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                             f"{rate:.1f} files/s {self.failed} failed")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def run_parallel(paths: list[str], jobs: int, max_bytes: int, stdin_data: bytes | None,
                 dask_address: Any = None, serialise: Optional[str] = None,
                 time_limit: float | None = None) -> Iterator[Outcome]:
    """Outcomes in input order, computed in `jobs` processes (or on a Dask cluster).

    With a `time_limit`, a file read in a worker process that takes longer fails alone (its worker is
    ended). With --jobs 1 files are read in this process, unless the batch holds a PDF: PDFium is C code
    that may crash or never return on a damaged file, so such a batch is read by one worker process."""
    if dask_address:
        client = dask_address if not isinstance(dask_address, str) else dask_client(dask_address, jobs)
        try:
            # absolute paths: a worker started in another folder reads the same files; records keep the
            # path as typed
            n = len(paths)
            futures = client.map(extract_path, [os.path.abspath(p) for p in paths], [max_bytes] * n, [None] * n,
                                 [serialise] * n, list(paths), pure=False)
            for path, fut in zip(paths, futures):
                outcome = fut.result()
                outcome.path = path
                yield outcome
        finally:
            client.close()
        return
    if (jobs <= 1 or len(paths) <= 1) and not (time_limit and any(_parsed_in_c(p) for p in paths)):
        for p in paths:
            yield extract_path(p, max_bytes, stdin_data if p == "-" else None)
        return
    from govreport.cli.pool import imap_in_order
    from govreport.extract.pipeline import warm_up
    warm_up()  # forked workers inherit the compiled patterns
    # Standard input is read here, not shipped to a worker (a large pipe write could stall both ends).
    given = {i: extract_path(p, max_bytes, stdin_data, serialise) for i, p in enumerate(paths) if p == "-"}
    jobs = max(1, jobs)
    chunk = max(1, min(16, len(paths) // (jobs * 8) or 1))
    yield from imap_in_order(extract_path, [(p, max_bytes, None, serialise) for p in paths], jobs, chunk,
                             on_death=lambda i, code: Outcome(paths[i], error=worker_died(paths[i], code)), given=given,
                             time_limit=time_limit or None,
                             on_timeout=lambda i: Outcome(paths[i], error=took_too_long(paths[i], time_limit)))


def _parsed_in_c(path: str) -> bool:
    return path.lower().endswith(".pdf")


def took_too_long(path: str, seconds: float | None) -> str:
    return (f"{path}: reading it took longer than {seconds:g} s (--time-limit), so its worker was stopped and the rest "
            "of the batch went on; if the file is sound, rerun it alone with a larger --time-limit")


class DaskUnavailable(Exception):
    """The --dask address is not a scheduler govreport can reach: one line saying so and the fix."""


def dask_client(address: str, jobs: int):
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable("--dask needs the dask extra: pip install '.[dask]' (from the clone)") from None
    try:
        if address == "local":
            return Client(processes=True, n_workers=jobs or 2)
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"--dask {address}: no Dask scheduler answered ({type(exc).__name__}); start one "
                              "(dask scheduler) or check the address, e.g. tcp://host:8786") from None
    except (ValueError, TypeError) as exc:
        raise DaskUnavailable(f"--dask {address}: not a scheduler address ({exc}); give one like tcp://host:8786, "
                              "or local") from None


def worker_died(path: str, exit_code: int | None) -> str:
    import signal
    how = f"exit status {exit_code}"
    if exit_code is not None and exit_code < 0:
        try:
            how = f"killed by {signal.Signals(-exit_code).name}"
        except ValueError:
            how = f"killed by signal {-exit_code}"
    return (f"{path}: the worker process reading it died ({how}; SIGKILL usually means the system ran out of memory); "
            "the rest of the batch went on. Rerun this file alone with --jobs 1 --verbose, or with a lower --max-bytes")

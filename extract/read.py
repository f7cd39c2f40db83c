"""Read input bytes and decode them, remembering which encoding worked."""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """Bad input: the message is one line naming the problem and the fix."""


@dataclass(frozen=True)
class Document:
    path: str
    text: str  # the text govreport reads (for HTML, PDF and Word: the text extracted from it)
    encoding: str
    sha256: str
    size: int
    format: str = "text"
    pages: int | None = None
    page_starts: tuple[int, ...] = ()
    meta: dict = field(default_factory=dict)
    note: str | None = None  # said with --verbose (a name saying one format, bytes another)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    magic = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
    return head.startswith(magic)


def _cjk_share(text: str) -> float:
    sample = text[:4000]
    if not sample:
        return 0.0
    return sum(1 for c in sample if "\u4e00" <= c <= "\u9fff") / len(sample)


def decode(data: bytes, name: str = "<stdin>") -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first; then BOMs, GB18030 and Big5, judged by how Chinese they read."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "") + ("-bom" if enc == "utf-8-sig" else "")
    if not data.strip():
        raise InputError(f"{name}: file is empty; remove it from the batch or re-download it")
    if _looks_binary(data):
        raise InputError(f"{name}: binary content (not text); convert it to text first (for PDF: pdftotext)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A download cut in the middle of a character: keep everything before the cut.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8"), "utf-8"
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            try:
                text = data[:-1].decode(enc)
            except UnicodeDecodeError:
                continue
        candidates.append((_cjk_share(text), enc, text))
    if candidates:
        _, enc, text = max(candidates, key=lambda c: c[0])
        return text, enc
    raise InputError(f"{name}: cannot decode as UTF-8, GB18030 or Big5; re-save the file as UTF-8")


def read_bytes(data: bytes, path: str = "-", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """The document in `data`, whatever its format: the bytes decide (%PDF, a .docx zip, markup)."""
    from govreport.extract.formats import FORMAT_OF_SUFFIX, sniff
    fmt = sniff(data) if data.strip() else "text"
    named = FORMAT_OF_SUFFIX.get(Path(path).suffix.lower()) if path != "-" else None
    note = (f"{path}: named as {named} but its bytes are {fmt}; read as {fmt}"
            if named and fmt != named and not (named == "text" and fmt == "html") else None)
    sha, size = hashlib.sha256(data).hexdigest(), len(data)
    if fmt == "doc":
        return _legacy_word(data, path, sha, size)
    if fmt == "zip":
        raise InputError(f"{path}: a zip archive, not a Word .docx; unpack it and pass the files inside")
    if fmt in ("pdf", "docx", "html"):
        from govreport.extract.formats import docx, html, pdf
        reader = {"pdf": pdf.read, "docx": lambda d, n: docx.read(d, n, max_bytes), "html": html.read}[fmt]
        got = reader(data, path)
        return Document(path=path, text=got.text, encoding=got.encoding, sha256=sha, size=size, format=fmt,
                        pages=got.pages, page_starts=got.page_starts, meta=got.meta, note=note)
    text, encoding = decode(data, path)
    return Document(path=path, text=text, encoding=encoding, sha256=sha, size=size, note=note)


def _legacy_word(data: bytes, path: str, sha: str, size: int) -> Document:
    """A legacy Word .doc: read through antiword when it is installed, else say how to convert it."""
    import shutil
    import subprocess
    if not shutil.which("antiword"):
        raise InputError(f"{path}: a legacy Word .doc; save it as .docx or PDF (or install antiword) and retry")
    try:
        out = subprocess.run(["antiword", "-m", "UTF-8.txt", "-"], input=data, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"{path}: antiword could not read this .doc ({exc}); save it as .docx or PDF") from None
    text = out.stdout.decode("utf-8", "replace")
    if out.returncode or not text.strip():
        raise InputError(f"{path}: antiword could not read this .doc; save it as .docx or PDF and retry")
    return Document(path=path, text=text, encoding="doc", sha256=sha, size=size, format="doc")


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_fifo() or p.is_char_device() or p.is_block_device() or p.is_socket():
            raise InputError(f"{path}: not a regular file (a pipe or device); pass a file, or - to read stdin")
        if p.is_dir():
            raise InputError(f"{path}: is a directory; pass the files in it (or the directory to extract)")
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is larger than --max-bytes {max_bytes}; raise the limit to read it")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable (chmod +r)") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; pass the files in it") from None
    return read_bytes(data, str(path), max_bytes)

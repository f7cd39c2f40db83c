"""Read input bytes and decode them, remembering which encoding worked."""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """Bad input: the message is one line naming the problem and the fix."""


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    encoding: str
    sha256: str
    size: int


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


def read_bytes(data: bytes, path: str = "-") -> Document:
    text, encoding = decode(data, path)
    return Document(path=path, text=text, encoding=encoding,
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
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
    return read_bytes(data, str(path))

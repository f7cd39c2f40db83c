"""Word attachments (.docx) with the standard library: paragraphs and tables in document order.

A table is written as `| a | b |` rows; a cell merged across columns (gridSpan) is printed once,
and the continuation cells of a vertical merge (vMerge) are blank. The
archive's unzipped size is capped and a document declaring a DTD or entities is refused, so a zip
bomb or an entity expansion cannot exhaust the machine.
"""
from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET

from govreport.extract.formats import Extracted

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(data: bytes, name: str, max_bytes: int = 20 * 1024 * 1024) -> Extracted:
    from govreport.extract.read import InputError
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise InputError(f"{name}: not a Word .docx (no word/document.xml inside); open it in Word and save as .docx") from None
    if info.file_size > max_bytes or sum(i.file_size for i in archive.infolist()) > 4 * max_bytes:
        raise InputError(f"{name}: unzips to {info.file_size} bytes, more than --max-bytes {max_bytes}; "
                         "raise the limit if the file is genuine")
    with archive.open(info) as fh:
        xml = fh.read(max_bytes + 1)
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise InputError(f"{name}: the document declares a DTD or entities, which govreport does not expand; re-save it in Word")
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise InputError(f"{name}: word/document.xml is not well-formed ({exc}); re-save the file in Word") from None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for block in (body if body is not None else []):
        if block.tag == f"{_W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{_W}tbl":
            lines.extend(_table(block))
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise InputError(f"{name}: the Word document holds no text (perhaps only images); run OCR on it first")
    return Extracted(text=text, encoding="docx", format="docx")


def _paragraph(p: ET.Element) -> str:
    out = []
    for node in p.iter():
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            out.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append(" ")
    return "".join(out)


def _table(tbl: ET.Element) -> list[str]:
    rows = []
    for tr in tbl.findall(f"{_W}tr"):
        row: list[str] = []
        for tc in tr.findall(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            continued = False
            if props is not None:
                merge = props.find(f"{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            text = "" if continued else "".join(_paragraph(p) for p in tc.findall(f"{_W}p")).strip()
            row.append(text)  # (a cell spanning columns printed once, as for HTML)
        if any(row):
            rows.append("| " + " | ".join(row) + " |")
    return rows

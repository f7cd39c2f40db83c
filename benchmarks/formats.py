"""What a report costs read from its PDF, its HTML page and a Word file, against the same report
read from text (prints figures; asserts nothing). Targets: PDF <= 3x, HTML <= 2x, DOCX <= 1.5x.

    python benchmarks/formats.py

PDF: the real report PDFs of ../shared/corpus/pdf against their text twins; HTML: the real pages of
../shared/corpus/web against the text govreport reads from them; DOCX: the samples written as
Word files (one paragraph a line) against the samples. CPU-time minima (of the process and the
children it forks to parse a PDF) over several rounds.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                   f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def _cost(items: list[tuple[bytes, str]], rounds: int) -> float:
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import read_bytes
    best = float("inf")
    for _ in range(rounds):
        t = _cpu()
        for data, name in items:
            extract_document(read_bytes(data, name))
        best = min(best, _cpu() - t)
    return best


def _cpu() -> float:
    """CPU time of this process and of the children it waited for (a PDF is parsed in a forked child)."""
    import resource
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    from govreport.extract.read import read_bytes
    pairs = {}
    pdfs = sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))
    pairs["PDF"] = ([(p.read_bytes(), p.name) for p in pdfs],
                    [(Path(f"{p}.pdfminer.txt").read_bytes(), p.name + ".txt") for p in pdfs], 3.0)
    pages = sorted((SHARED / "corpus" / "web").glob("*.html"))
    pairs["HTML"] = ([(p.read_bytes(), p.name) for p in pages],
                     [(read_bytes(p.read_bytes(), p.name).text.encode("utf-8"), p.stem + ".txt") for p in pages], 2.0)
    samples = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".txt", ".md")]
    pairs["DOCX"] = ([(_docx(read_bytes(p.read_bytes(), p.name).text), p.stem + ".docx") for p in samples],
                     [(p.read_bytes(), p.name) for p in samples], 1.5)
    rounds = 3 if "--quick" in sys.argv else 7
    for name, (fmt, text, target) in pairs.items():
        if not fmt:
            print(f"{name}: no files (../shared beside the clone?)")
            continue
        _cost(fmt, 1), _cost(text, 1)  # compile every rule first
        a, b = min(_cost(fmt, 1) for _ in range(rounds)), min(_cost(text, 1) for _ in range(rounds))
        verdict = "met" if a / b <= target else "NOT met"
        print(f"{name:5s} {len(fmt)} files: {a * 1000:7.1f} ms vs text {b * 1000:7.1f} ms = {a / b:4.2f}x "
              f"(target <= {target}x: {verdict})")


if __name__ == "__main__":
    main()

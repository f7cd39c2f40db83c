"""PDF attachments: the text layer of each page, through PDFium (pypdfium2, imported only here).

PDFium gives each page's text in reading order with a table's rows whole (`规章 1 0 11`), where
pdfminer prints 表三 column by column. Pages are joined by a line break; `page_starts` keeps where
each begins, so every fact can carry its page.
"""
from __future__ import annotations

from govreport.extract.formats import Extracted


def read(data: bytes, name: str) -> Extracted:
    from govreport.extract.read import InputError
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError(f"{name}: reading PDF needs pypdfium2; pip install pypdfium2") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        why = str(exc).lower()
        if "password" in why:
            raise InputError(f"{name}: the PDF is encrypted; save an unprotected copy (or print it to PDF) and retry") from None
        raise InputError(f"{name}: not a readable PDF ({exc}); the download may be cut short: fetch it again") from None
    pages, starts, pos = [], [], 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            starts.append(pos)
            pages.append(text)
            pos += len(text) + 1
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: a page of the PDF cannot be read ({exc}); fetch the file again") from None
    finally:
        pdf.close()
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{name}: the PDF has no text layer (a scan); run OCR on it first (e.g. ocrmypdf) and retry")
    return Extracted(text=text, encoding="pdf", format="pdf", pages=len(pages), page_starts=tuple(starts))

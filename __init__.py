"""govreport: structured data from Chinese government information-disclosure reports.

The library call behind the CLI is pure and picklable, for use from multiprocessing, Dask or Spark:

    >>> import govreport
    >>> [record] = govreport.extract_text("2013年,共受理政府信息公开咨询355人次。")
    >>> record["indicators"]["consultations"]["value"]
    355
    >>> records = govreport.extract_file("report.txt")    # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_file", "extract_text"]


def extract_text(text: str, path: str = "-") -> list[dict]:
    """Extract every report in `text`; returns one JSON-ready record (dict) per report."""
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import read_bytes
    return extract_document(read_bytes(text.encode("utf-8"), path))


def extract_file(path: str, max_bytes: int = 20 * 1024 * 1024) -> list[dict]:
    """Extract every report in the file at `path`. Raises govreport.extract.read.InputError on bad input."""
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import read_file
    return extract_document(read_file(path, max_bytes))

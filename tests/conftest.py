from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md"))


@pytest.fixture(scope="session")
def extracted():
    """Every sample extracted once: {name: (original text, records)}."""
    import govreport
    from govreport.extract.read import read_file
    out = {}
    for p in sample_files():
        out[p.name] = (read_file(p).text, govreport.extract_file(str(p)))
    return out

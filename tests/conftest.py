from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def _import_the_checkout() -> None:
    """The tests run the code beside them, never a stale installed copy.

    The repository root is the `govreport` package (its folders cli/, extract/ … are its
    sub-packages), so the checkout is put first on the path under that name; subprocesses
    (`python -m govreport.cli.main`) inherit it through PYTHONPATH.
    """
    import os
    link_dir = Path(tempfile.gettempdir()) / f"govreport-checkout-{os.getuid()}-{abs(hash(str(ROOT))) % 10**8}"
    link = link_dir / "govreport"
    if not link.exists():
        link_dir.mkdir(exist_ok=True)
        try:
            link.symlink_to(ROOT, target_is_directory=True)
        except FileExistsError:
            pass
    sys.path.insert(0, str(link_dir))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(link_dir), os.environ.get("PYTHONPATH")]))
    import govreport
    here = Path(govreport.__file__).resolve().parent
    if here != ROOT:
        raise RuntimeError(f"the tests would run govreport from {here}, not the checkout {ROOT}: "
                           "remove the stale copy or run pytest from the repository root")


_import_the_checkout()


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

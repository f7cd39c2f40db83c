"""The report record: pydantic models of the output contract (see shared spec/record.md).

The models load on first use (`govreport.schemas.Record`), so extraction never imports pydantic.
"""
SCHEMA_VERSION = "1"


def __getattr__(name: str):
    import importlib
    if name.startswith("__") or name in ("record", "shape", "patterns"):
        raise AttributeError(name)  # (a submodule not imported yet: the import system loads it)
    return getattr(importlib.import_module("govreport.schemas.record"), name)

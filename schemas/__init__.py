"""The report record: pydantic models of the output contract (see shared spec/record.md).

The models load on first use (`govreport.schemas.Record`), so extraction never imports pydantic.
"""
SCHEMA_VERSION = "1"


def __getattr__(name: str):
    from govreport.schemas import record
    return getattr(record, name)

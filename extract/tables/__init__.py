"""Read the annual-report tables (表二/表三/表四 and the pre-2019 统计表) from flattened text.

Pages flatten tables in many ways: one cell per line, pipes, runs of spaces, or cells run together
with no separator at all (`一、本年新收政府信息公开申请数量713000074` = 71,3,0,0,0,0,74). Rows are
known by their template labels (patterns/tables.yaml); each layout has its own reader
(`layouts/`); glued runs are split with the template's own arithmetic (`segment.py`,
`arithmetic.py`): every 表三 row's six applicant columns sum to its total, every 表四 block's four
results sum to its total, per column 一+二 = （七）总计 + 四. When more than one split satisfies the
whole table, the table is flagged `ambiguous` with the candidates instead of silently picking one.
"""
from govreport.extract.tables.model import TableResult, Token, detect_template, row_rules, spec
from govreport.extract.tables.read import find_region, read_tables, table_anchors
from govreport.extract.tables.segment import segmentations

__all__ = ["TableResult", "Token", "detect_template", "find_region", "read_tables", "row_rules", "segmentations",
           "spec", "table_anchors"]

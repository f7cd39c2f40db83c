"""Layout readers: one module per way a page prints a table.

A layout reader takes the text of a table's region and the table's row set and returns what it can
read of it; read.py asks the readers in turn. `cells` reads tables whose cells stand apart (pipes,
one cell per line or paragraph, runs of spaces); `runs` reads numeric runs after labels, glued
digits included (the reader of last resort); `columns` reads 表三 printed column by column.
Adding a layout is one module here, its tests, and one line in read.py.
"""

"""Stage 2: workbook → observations. guard.py looks at the file before any parser does, sheets.py reads
cells in every supported format, workbook.py finds indicator tables and yields observations with their
cell, values.py turns a cell's content into a number in an indicator's unit."""

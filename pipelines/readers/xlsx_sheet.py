"""First sheet of an .xlsx, every cell as text (codes such as `1.000241` or `042` stay text).

fastexcel reads the sheet straight into Arrow; with `header_row=None, skip_rows=0` row i of
the result is spreadsheet row i+1, so `_row` is the row number a person sees in Excel. Native
Excel dates come out as `yyyy-MM-dd HH:mm:ss` text, which the date parser accepts.
"""
from __future__ import annotations

from pathlib import Path

import fastexcel
import pyarrow as pa

from .detect import MAX_HEADER_SCAN, find_header
from .sheet import Sheet, UnreadableFile, string_table


def read_xlsx(path: Path) -> Sheet:
    try:
        reader = fastexcel.read_excel(str(path))
        if not reader.sheet_names:
            raise UnreadableFile(f"{path.name}: workbook has no sheet")
        sheet = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string")
        batch = sheet.to_arrow()
    except UnreadableFile:
        raise
    except Exception as exc:  # fastexcel raises its own error types for corrupt zips
        first = (str(exc).strip().splitlines() or [""])[0]
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook, corrupt or truncated "
                             f"({type(exc).__name__}: {first})") from exc
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    ncols = table.num_columns
    if table.num_rows == 0 or ncols == 0:
        raise UnreadableFile(f"{path.name}: the first sheet is empty")
    head = table.slice(0, MAX_HEADER_SCAN).to_pylist()
    head_rows = [[r[n] for n in table.column_names] for r in head]
    found = find_header(head_rows)
    if found is None:
        raise UnreadableFile(f"{path.name}: no header row of a known entity in the first "
                             f"{MAX_HEADER_SCAN} rows of sheet '{reader.sheet_names[0]}'")
    hi, match = found
    title = [" ".join(str(c) for c in r if c is not None and str(c).strip()) for r in head_rows[:hi]]
    data = table.slice(hi + 1)
    rows = pa.array(range(hi + 2, hi + 2 + data.num_rows), pa.int32())
    cols = [data.column(i) for i in range(ncols)]      # slices, not copies (a copy costs ~4 µs/row)
    return Sheet(header=head_rows[hi], match=match, data=string_table(cols, rows), title=title)

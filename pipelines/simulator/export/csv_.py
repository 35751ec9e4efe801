"""CSV writer: UTF-8 with or without BOM, or UTF-16 "Unicode text" (tab-separated, CRLF).

Two quoting habits, chosen per file: minimal (a field is quoted only when it holds the
separator, a quote or a line break, as Excel's "Save as CSV"; pandas' writer) or every text
field quoted (Arrow's writer, as many web exports).  CSV record ``i`` (1-based, after the header)
is data row ``i - 1``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


def _arr(c) -> pa.Array:
    if isinstance(c, (pa.Array, pa.ChunkedArray)):
        return c
    return pa.array(list(c), type=pa.string(), from_pandas=True)


def write_csv(path: Path, header: list[str], cols: list, sep: str = ",", encoding: str = "utf-8-sig",
              crlf: bool = False, quote_all: bool = False) -> None:
    eol = "\r\n" if crlf else "\n"
    if quote_all:
        table = pa.table({f"c{i}": _arr(c) for i, c in enumerate(cols)})
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False, delimiter=sep, quoting_style="needed",
                                                       eol=eol))
        head = sep.join('"' + h.replace('"', '""') + '"' for h in header) + eol
        text = head + buf.getvalue().decode("utf-8")
    else:
        df = pd.DataFrame({i: (c.to_pandas() if hasattr(c, "to_pandas") else pd.Series(c, dtype=object))
                           for i, c in enumerate(cols)})
        df.columns = header
        text = df.to_csv(index=False, sep=sep, lineterminator=eol, quoting=csv.QUOTE_MINIMAL, na_rep="")
    if encoding == "utf-16":
        data = text.encode("utf-16")          # BOM + little-endian, as Excel's "Unicode text"
    else:
        data = text.encode(encoding)
    Path(path).write_bytes(data)

"""CSV writer: UTF-8 with or without BOM, or UTF-16 "Unicode text" (tab-separated, CRLF).

Two quoting habits, chosen per file: minimal (a field is quoted only when it holds the
separator, a quote or a line break, as Excel's "Save as CSV" or pandas' writer) or every text
field quoted (as Arrow's writer and many web exports).  Empty values are never quoted.  CSV
record ``i`` (1-based, after the header) is data row ``i - 1``.

The text is built column-wise with Arrow kernels (quote where needed, then one join per row
with the separators and the line end), so the cost per row is a few C++ passes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _arr(c) -> pa.Array:
    if isinstance(c, pa.ChunkedArray):
        c = c.combine_chunks()
    if not isinstance(c, pa.Array):
        c = pa.array(list(c), type=pa.string(), from_pandas=True)
    if not pa.types.is_string(c.type):
        c = c.cast(pa.string())
    return c


def _special(a: pa.Array, sep: str) -> bool:
    """Whether any value holds the separator, a quote or a line break (raw bytes scan)."""
    data = a.buffers()[2]
    if data is None or len(a) == 0:
        return False
    offs = np.frombuffer(a.buffers()[1], dtype=np.int32)[a.offset : a.offset + len(a) + 1]
    body = np.frombuffer(data, dtype=np.uint8)[offs[0] : offs[-1]]
    m = (body == ord('"')) | (body == 10) | (body == 13)
    for ch in sep.encode("utf-8"):
        m |= body == ch
    return bool(m.any())


def _quote(a: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise('"', pc.replace_substring(a, '"', '""'), '"', "")


def _field(a: pa.Array, sep: str, quote_all: bool) -> pa.Array:
    if quote_all:
        return _quote(a)
    if not _special(a, sep):
        return a
    need = pc.match_substring_regex(a, "[" + "".join("\\" + c if c in "\\]^-" else c for c in sep) + '"\r\n]')
    return pc.if_else(need, _quote(a), a)


def _header_field(h: str, sep: str, quote_all: bool) -> str:
    if quote_all or any(c in h for c in (sep, '"', "\n", "\r")):
        return '"' + h.replace('"', '""') + '"'
    return h


def write_csv(
    path: Path,
    header: list[str],
    cols: list,
    sep: str = ",",
    encoding: str = "utf-8-sig",
    crlf: bool = False,
    quote_all: bool = False,
) -> None:
    eol = "\r\n" if crlf else "\n"
    head = sep.join(_header_field(h, sep, quote_all) for h in header) + eol
    fields = [_field(_arr(c), sep, quote_all) for c in cols]
    body = b""
    if fields and len(fields[0]):
        parts: list = []
        for k, f in enumerate(fields):
            parts += [f, sep] if k < len(fields) - 1 else [f, eol]
        rows = pc.binary_join_element_wise(*parts, "", null_handling="replace", null_replacement="")
        offs = np.frombuffer(rows.buffers()[1], dtype=np.int32)[rows.offset : rows.offset + len(rows) + 1]
        body = memoryview(rows.buffers()[2])[int(offs[0]) : int(offs[-1])]
    if encoding == "utf-16":
        # BOM + little-endian, as Excel's "Unicode text"
        data = (head + bytes(body).decode("utf-8")).encode("utf-16")
        Path(path).write_bytes(data)
        return
    bom = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    with open(path, "wb") as f:
        f.write(bom + head.encode("utf-8"))
        f.write(body)

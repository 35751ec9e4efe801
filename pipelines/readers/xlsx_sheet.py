"""First sheet of an .xlsx, every cell as text (codes such as `1.000241` or `042` stay text).

fastexcel reads the sheet straight into Arrow; with `header_row=None, skip_rows=0` row i of
the result is spreadsheet row i+1, so `_row` is the row number a person sees in Excel. Native
Excel dates come out as `yyyy-MM-dd HH:mm:ss` text, which the date parser accepts.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import fastexcel
import pyarrow as pa

from .detect import MAX_HEADER_SCAN, find_header
from .sheet import Sheet, UnreadableFile, string_table

#: a sheet may span at most max(MIN_CELLS, CELLS_PER_BYTE × the workbook's uncompressed bytes)
#: cells, and never more than MAX_CELLS: the reader allocates the whole rectangle (rows × columns
#: of the used range) however few cells are filled, so one cell at A1 and one at XFD1048576 in a
#: 5 KB file would ask for 549,755,813,888 bytes and abort the process.
MIN_CELLS = 100_000
CELLS_PER_BYTE = 50
MAX_CELLS = 50_000_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,7})"')
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_PREFIX = re.compile(rb"<(\w+:)?(?:worksheet|sheetData)\b")
FORMULA_CHUNK = 1 << 22  # bytes of sheet XML inflated at a time while counting formulas


def _col_number(letters: str | bytes) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def _first_sheet_member(z: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (the one `read_xlsx` loads)."""
    names = set(z.namelist())
    try:
        wb = z.read("xl/workbook.xml")[: 1 << 20]
        rels = z.read("xl/_rels/workbook.xml.rels")[: 1 << 20]
        m = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", wb)
        if m:
            for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
                tag = rel.group(0)
                if re.search(rb'\bId="' + re.escape(m.group(1)) + rb'"', tag):
                    t = re.search(rb'\bTarget="([^"]+)"', tag)
                    if t:
                        target = t.group(1).decode("utf-8", "replace")
                        member = (
                            target.lstrip("/")
                            if target.startswith("/")
                            else posixpath.normpath(posixpath.join("xl", target))
                        )
                        if member in names:
                            return member
    except (KeyError, zipfile.BadZipFile, OSError):
        pass
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return sheets[0] if sheets else None


def sheet_extent(path: Path) -> tuple[str, int, int, int] | None:
    """(member, rows, columns, uncompressed bytes of the workbook) of the first sheet, without
    reading it: its declared `<dimension ref=…>` (in the first few KB of the sheet XML), else the
    largest row and column of its cell references (streamed). None if it is not a readable zip
    (the reader then reports the file as corrupt)."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None
    with z:
        member = _first_sheet_member(z)
        if member is None:
            return None
        total = sum(i.file_size for i in z.infolist())
        try:
            with z.open(member) as fh:
                head = b""
                while len(head) < 1 << 16:
                    chunk = fh.read(4096)
                    if not chunk:
                        break
                    head += chunk
                    if _DIMENSION.search(head) or _SHEET_DATA.search(head):
                        break
                m = _DIMENSION.search(head)
                if m:
                    parts = [_REF.match(p.strip().upper()) for p in m.group(1).decode("ascii", "replace").split(":")]
                    if parts and all(parts):
                        rows = [int(p.group(2)) for p in parts]
                        cols = [_col_number(p.group(1)) for p in parts]
                        return member, max(rows) - min(rows) + 1, max(cols) - min(cols) + 1, total
                # no (usable) dimension: the largest references of the cells themselves
                max_row = max_col = 0
                buf = head
                while True:
                    for c in _CELL_REF.finditer(buf):
                        max_col = max(max_col, _col_number(c.group(1)))
                        max_row = max(max_row, int(c.group(2)))
                    for r in _ROW_REF.finditer(buf):
                        max_row = max(max_row, int(r.group(1)))
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    buf = buf[-256:] + chunk  # a reference cut between two chunks
                return member, max_row, max_col, total
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            return None


def check_extent(path: Path) -> None:
    """Refuse (UnreadableFile) a sheet whose used range is far larger than its file."""
    ext = sheet_extent(path)
    if ext is not None:
        refuse_oversized(path.name, ext[1], ext[2], ext[3], unpacked=True)


def refuse_oversized(name: str, rows: int, cols: int, total: int, unpacked: bool) -> None:
    """UnreadableFile if rows × cols exceeds min(MAX_CELLS, max(MIN_CELLS, CELLS_PER_BYTE ×
    total)); `total`: the workbook's bytes (uncompressed for a zip, `unpacked`)."""
    cells = rows * cols
    limit = min(MAX_CELLS, max(MIN_CELLS, CELLS_PER_BYTE * total))
    if cells > limit:

        def n(x: int) -> str:  # 1.048.576: Vietnamese thousands separator
            return f"{x:,}".replace(",", ".")

        size = f"{n(total)} byte khi giải nén" if unpacked else f"{n(total)} byte"
        raise UnreadableFile(
            f"{name}: trang tính đầu tiên khai báo vùng dữ liệu {n(rows)} dòng × {n(cols)} cột "
            f"= {n(cells)} ô, vượt giới hạn {n(limit)} ô (cho tệp {size}); "
            f"đọc tệp này cần quá nhiều bộ nhớ, tệp bị cách ly nguyên tệp. Hãy xuất lại tệp "
            f"(xoá các ô thừa ở xa vùng dữ liệu)."
        )


def count_formulas(path: Path) -> int:
    """Cells of the first sheet holding a formula: its `<f>` elements (`<f>A1+B1</f>`, and the
    `<f t="shared" si="0"/>` of the cells sharing one), counted in the sheet XML streamed from
    the zip FORMULA_CHUNK bytes at a time (memory bounded whatever the sheet's size; the XML's
    size is itself bounded by `check_extent`). calamine reads such a cell as its cached value
    and does not say it was a formula. A cell holds at most one `<f>`; `<formula…>`, `<font…>`,
    `<filterColumn…>` do not match (the tag is `f` followed by `>`, ` ` or `/`)."""
    try:
        with zipfile.ZipFile(path) as z:
            member = _first_sheet_member(z)
            if member is None:
                return 0
            with z.open(member) as fh:
                head = fh.read(FORMULA_CHUNK)
                m = _PREFIX.search(head)
                prefix = (m.group(1) or b"") if m else b""
                opening = b"<" + prefix + b"f"
                tags = [opening + end for end in (b">", b" ", b"/")]
                keep = len(opening)  # a tag is one byte longer: `tail` never holds a whole one
                n, buf, tail = 0, head, b""
                while buf:
                    # one pass for `<f` (no formula: the usual case); the exact tags only in a
                    # chunk that has one, with the end of the previous chunk (a tag cut in two)
                    if buf.count(opening) or opening in tail + buf[:keep]:
                        joined = tail + buf
                        n += sum(joined.count(t) for t in tags)
                    tail = (tail + buf)[-keep:]
                    buf = fh.read(FORMULA_CHUNK)
                return n
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, KeyError):
        return 0


def load_first_sheet(source: str | bytes, name: str, kind: str) -> tuple[pa.Table, str]:
    """The first sheet as an all-text Arrow table (row i = spreadsheet row i+1) and its name.
    `source`: a path, or the workbook's bytes (calamine then tells the format by the content)."""
    try:
        reader = fastexcel.read_excel(source)
        if not reader.sheet_names:
            raise UnreadableFile(f"{name}: workbook has no sheet")
        batch = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string").to_arrow()
    except UnreadableFile:
        raise
    except Exception as exc:  # fastexcel raises its own error types for corrupt files
        first = (str(exc).strip().splitlines() or [""])[0]
        raise UnreadableFile(
            f"{name}: not a readable {kind} workbook, corrupt or truncated ({type(exc).__name__}: {first})"
        ) from exc
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    return table, reader.sheet_names[0]


def sheet_from_grid(table: pa.Table, sheet_name: str, name: str, formula_cells: int) -> Sheet:
    """Header row found in the first rows, title rows above it, the data rows below (`.xlsx` and
    `.xls` alike)."""
    ncols = table.num_columns
    if table.num_rows == 0 or ncols == 0:
        raise UnreadableFile(f"{name}: the first sheet is empty")
    head = table.slice(0, MAX_HEADER_SCAN).to_pylist()
    head_rows = [[r[n] for n in table.column_names] for r in head]
    found = find_header(head_rows)
    if found is None:
        raise UnreadableFile(
            f"{name}: no header row of a known entity in the first {MAX_HEADER_SCAN} rows of sheet '{sheet_name}'"
        )
    hi, match = found
    title = [" ".join(str(c) for c in r if c is not None and str(c).strip()) for r in head_rows[:hi]]
    data = table.slice(hi + 1)
    rows = pa.array(range(hi + 2, hi + 2 + data.num_rows), pa.int32())
    cols = [data.column(i) for i in range(ncols)]  # slices, not copies (a copy costs ~4 µs/row)
    return Sheet(
        header=head_rows[hi],
        match=match,
        data=string_table(cols, rows),
        title=title,
        formula_cells=formula_cells,
    )


def read_xlsx(path: Path) -> Sheet:
    check_extent(path)
    # calamine picks its parser by the extension of a path: a workbook landed under another
    # name (an .xlsx saved as `.xls`, no extension) is handed over as bytes, recognised by content
    source = str(path) if path.suffix.lower() in (".xlsx", ".xlsm") else path.read_bytes()
    table, sheet_name = load_first_sheet(source, path.name, ".xlsx")
    return sheet_from_grid(table, sheet_name, path.name, count_formulas(path))

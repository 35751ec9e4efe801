"""First sheet of an Excel 97–2003 `.xls` workbook, read exactly like an `.xlsx`.

Provincial offices still save `.xls` (BIFF8 records in an OLE2 compound file, magic bytes
`D0 CF 11 E0 A1 B1 1A E1`). fastexcel (calamine) reads it into the same all-text Arrow grid as an
`.xlsx`, so header detection, furniture, typing and quarantine messages are those of
`xlsx_sheet` (`sheet_from_grid`). The workbook is handed to calamine as bytes: calamine then
recognises the format by its content, not by the name it was landed under.

Before calamine allocates the sheet's rectangle, the first sheet's extent is read from its BIFF
records (a few lines of compound-file walking below, no extra dependency) and refused when far
larger than the file (`xlsx_sheet.refuse_oversized`): an `.xls` holds at most 65,536 × 256 cells,
but one cell at A1 and one at IV65536 in a 6 KB file still ask for 16.8 M cells. The same walk
counts the FORMULA records (calamine reads a formula cell as its cached value and does not say
so), as `count_formulas` does for an `.xlsx`.
"""

from __future__ import annotations

import struct
from pathlib import Path

from .sheet import Sheet
from .xlsx_sheet import load_first_sheet, refuse_oversized, sheet_from_grid

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE  # end of a sector chain
_WORKBOOK_NAMES = ("workbook", "book")  # BIFF8 (Excel 97+), BIFF5 (Excel 5/95)
# BIFF records of one cell: row at offset 0, column at offset 2 (FORMULA, LABELSST, BLANK,
# NUMBER, LABEL, BOOLERR, RK, RSTRING; BIFF2 NUMBER/LABEL/…)
_CELL = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x0406}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column (last 2 bytes)
_FORMULA = {0x0006, 0x0406}
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_EOF = 0x000A


class _Compound:
    """Just enough of the OLE2 compound-file format to get one stream's bytes. Every chain is
    bounded by the number of sectors in the file (a looping chain in a hostile file ends)."""

    def __init__(self, data: bytes):
        self.data = data
        self.ss = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mss = 1 << struct.unpack_from("<H", data, 0x20)[0]
        if not (128 <= self.ss <= 1 << 16) or not (8 <= self.mss <= self.ss):
            raise ValueError("sector size")
        self.n_sectors = max(0, len(data) // self.ss - 1)
        n_fat, first_dir, _, self.cutoff, first_mini_fat, _, first_difat, n_difat = struct.unpack_from(
            "<8I", data, 0x2C
        )
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END][:n_fat]
        s, seen = first_difat, 0
        while s < _END and seen < n_difat and seen <= self.n_sectors:  # FAT sectors beyond 109
            ids = struct.unpack_from(f"<{self.ss // 4}I", self._sector(s))
            fat_sectors += [x for x in ids[:-1] if x < _END]
            s, seen = ids[-1], seen + 1
        fat_bytes = b"".join(self._sector(f) for f in fat_sectors[: self.n_sectors + 1])
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        self.dir = self._big(first_dir)
        root = self._entry(0)
        self.mini = self._big(root[1]) if root else b""
        mini_fat = self._big(first_mini_fat)
        self.mini_fat = struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat)

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.ss
        if n >= self.n_sectors + 1 or start >= len(self.data):
            raise ValueError("sector outside the file")
        return self.data[start : start + self.ss]

    def _mini_sector(self, n: int) -> bytes:
        return self.mini[n * self.mss : (n + 1) * self.mss]

    def _chain(self, first: int, fat: tuple, read, sectors: int) -> bytes:
        """The sectors of a chain, at most `sectors` of them: a chain longer than the sectors
        there are loops (a hostile file), and stops there instead of repeating the file."""
        out, s = [], first
        while s < _END and s < len(fat) and len(out) < sectors:
            out.append(read(s))
            s = fat[s]
        return b"".join(out)

    def _big(self, first: int) -> bytes:
        return self._chain(first, self.fat, self._sector, self.n_sectors)

    def _entry(self, i: int) -> tuple[str, int, int, int] | None:
        """(name, start sector, size, type) of directory entry i."""
        raw = self.dir[i * 128 : (i + 1) * 128]
        if len(raw) < 128:
            return None
        n = min(struct.unpack_from("<H", raw, 0x40)[0], 64)
        name = raw[: max(0, n - 2)].decode("utf-16-le", "replace")
        return name, struct.unpack_from("<I", raw, 0x74)[0], struct.unpack_from("<Q", raw, 0x78)[0], raw[0x42]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        for i in range(len(self.dir) // 128):
            e = self._entry(i)
            if e and e[3] == 2 and e[0].lower() in names:
                _, start, size, _ = e
                size &= 0xFFFFFFFF if self.ss == 512 else (1 << 64) - 1  # v3: high half undefined
                if size < self.cutoff:
                    mini = self._chain(start, self.mini_fat, self._mini_sector, len(self.mini) // self.mss)
                    return mini[:size]
                return self._big(start)[:size]
        return None


def _records(stream: bytes, pos: int):
    """(type, body) of the BIFF records from `pos` on."""
    end = len(stream)
    while pos + 4 <= end:
        typ, n = struct.unpack_from("<HH", stream, pos)
        yield typ, stream[pos + 4 : pos + 4 + n]
        pos += 4 + n


def _first_sheet_offset(stream: bytes) -> int | None:
    """Stream offset of the first worksheet (BOUNDSHEET records of the workbook globals)."""
    for typ, body in _records(stream, 0):
        if typ == _BOUNDSHEET and len(body) >= 6 and body[5] == 0:  # 0: a worksheet
            return struct.unpack_from("<I", body)[0]
        if typ == _EOF:
            return None
    return None


_U16 = struct.Struct("<H").unpack_from
_HEAD_ROW_COL = struct.Struct("<HHHH").unpack_from  # type, length, then a cell's row and column
_DIMS = struct.Struct("<IIHH").unpack_from


def _walk_sheet(stream: bytes, pos: int) -> tuple[int, int, int]:
    """(rows, columns, formula cells) over the records of the sheet starting at `pos`: one
    `unpack_from` per record, no slicing (the loop is the cost: ~0.5 µs per record)."""
    end = len(stream)
    rows = cols = formulas = 0
    while pos + 8 <= end:
        typ, n, r, c = _HEAD_ROW_COL(stream, pos)
        if typ in _CELL:
            if r >= rows:
                rows = r + 1
            if c >= cols:
                cols = c + 1
            if typ in _FORMULA:
                formulas += 1
        elif typ in _MULTI and n >= 6:
            last = _U16(stream, pos + 2 + n)[0]  # the last 2 bytes of the body
            rows, cols = max(rows, r + 1), max(cols, last + 1)
        elif typ == _DIMENSIONS and n >= 12:
            _, last_row, _, last_col = _DIMS(stream, pos + 4)
            rows, cols = max(rows, last_row), max(cols, last_col)
        elif typ == _EOF:
            break
        pos += 4 + n
    return rows, cols, formulas


def xls_extent(data: bytes) -> tuple[int, int, int] | None:
    """(rows, columns, formula cells) of the first worksheet, from its records: the largest row
    and column of its cells or of its declared DIMENSIONS, whichever is larger (calamine sizes
    the rectangle from the cells; a lying DIMENSIONS only makes the check stricter). None if the
    file is not a compound file holding a workbook (calamine then says what is wrong)."""
    try:
        stream = _Compound(data).stream(_WORKBOOK_NAMES)
        if not stream:
            return None
        start = _first_sheet_offset(stream)
        if start is None or start >= len(stream):
            return None
        return _walk_sheet(stream, start)
    except (struct.error, ValueError, IndexError):
        return None


def read_xls(path: Path) -> Sheet:
    data = path.read_bytes()
    extent = xls_extent(data)
    if extent is not None:
        refuse_oversized(path.name, extent[0], extent[1], len(data), unpacked=False)
    table, sheet_name = load_first_sheet(data, path.name, ".xls")
    return sheet_from_grid(table, sheet_name, path.name, formula_cells=extent[2] if extent else 0)

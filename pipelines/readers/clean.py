"""Cell text cleaning in Arrow: NFC, trimmed (Unicode whitespace), empty -> NULL.

NFC normalisation (utf8proc) costs ~2 µs per Vietnamese cell, and almost every cell is already
NFC. A cell made only of characters that are NFC "quick check: yes" and never combine with a
neighbour (ASCII, Latin-1, Latin Extended-A/B, Latin Extended Additional, which holds every
precomposed Vietnamese letter, general punctuation, currency signs) is left unchanged by NFC, so
only the cells holding another character (decomposed accents, CJK, …) are normalised; the
result is the same as normalising every cell. An ASCII test, then one regex over the text of
a column's distinct cells, settle the common case (no such cell at all).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Code point ranges left unchanged by NFC whatever surrounds them (checked character by
# character against unicodedata in tests/readers/test_fastpaths.py). U+2000/U+2001 are not in:
# NFC maps them to U+2002/U+2003.
NFC_STABLE_RANGES = ((0x0000, 0x024F), (0x1E00, 0x1EFF), (0x2002, 0x206F), (0x20A0, 0x20CF))
_MAY_CHANGE = "[^" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in NFC_STABLE_RANGES) + "]"
_NULL = pa.scalar(None, pa.string())


def _text_may_change(arr: pa.StringArray) -> bool:
    """Whether any cell of `arr` holds a character NFC may change (one regex over all its text)."""
    _, offsets, data = arr.buffers()
    if data is None or offsets is None or len(arr) == 0:
        return False
    offs = np.frombuffer(offsets, dtype=np.int32)
    start, end = int(offs[arr.offset]), int(offs[arr.offset + len(arr)])
    # the cells' text is contiguous: view it as a single string (no copy); a character never
    # spans two cells, so "no match in the whole" means "no match in any cell"
    whole = pa.StringArray.from_buffers(
        1, pa.array([0, end - start], pa.int32()).buffers()[1], data.slice(start, end - start)
    )
    return bool(pc.match_substring_regex(whole, _MAY_CHANGE)[0].as_py())


def _buffer_may_change(arr: pa.StringArray) -> bool:
    """Whether any cell of `arr` holds a character NFC may change."""
    if len(arr) == 0 or pc.all(pc.string_is_ascii(arr)).as_py() is not False:
        return False  # codes, numbers, dates: ~10x cheaper than the regex
    # Vietnamese text columns (procedure, field, status names) repeat a few hundred wordings:
    # the regex reads each wording once
    return _text_may_change(pc.unique(arr))


def nfc(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """NFC of every cell, normalising only the cells that may change."""
    if isinstance(col, pa.Array):
        return _nfc_cells(col) if _buffer_may_change(col) else col
    chunks = col.chunks
    changing = [_buffer_may_change(ch) for ch in chunks]
    if not any(changing):
        return col
    return pa.chunked_array([_nfc_cells(ch) if ch_may else ch for ch, ch_may in zip(chunks, changing)], col.type)


def _nfc_cells(arr: pa.Array) -> pa.Array:
    may = pc.fill_null(pc.match_substring_regex(arr, _MAY_CHANGE), False)
    return pc.replace_with_mask(arr, may, pc.utf8_normalize(arr.filter(may), form="NFC"))


def clean(col: pa.ChunkedArray | pa.Array, normalise: bool = True):
    """NFC (unless `normalise=False`), trimmed, empty -> NULL."""
    if normalise:
        col = nfc(col)
    col = pc.utf8_trim_whitespace(col)
    return pc.if_else(pc.equal(col, ""), _NULL, col)


def clean_columns(cols: list, normalise: bool = True) -> list[pa.ChunkedArray]:
    """`clean` of several columns at once: their chunks side by side in one (zero-copy) chunked
    array, so each step is one Arrow call rather than one per column (small files)."""
    chunks = [ch for c in cols for ch in (c.chunks if isinstance(c, pa.ChunkedArray) else [c])]
    whole = clean(pa.chunked_array(chunks, pa.string()), normalise)
    out, start = [], 0
    for c in cols:
        out.append(whole.slice(start, len(c)))
        start += len(c)
    return out

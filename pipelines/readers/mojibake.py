"""Text that looks like Vietnamese in a legacy encoding (VNI, TCVN3) read as something else.

Old workbooks typed with a TCVN3 (`.VnTime`) or VNI (`VNI-Times`) font hold their Vietnamese as
Latin-1 characters, and a TCVN3/VNI CSV read as cp1252 gives the same: `CÊp giÊy phÐp x©y dùng`
(TCVN3) or `Caáp giaáy pheùp xaây döïng` (VNI) for `Cấp giấy phép xây dựng`. UTF-8 bytes read as
cp1252 (`Cáº¥p`) are ftfy's `is_bad`. None of it can be repaired reliably (which legacy table,
which font?), so the rows still load and the file gets a warning naming how many cells look so.

Cost: only the distinct non-ASCII cells of the text columns are looked at, at most
`SAMPLE_PER_COLUMN` of them per column (a file written in a legacy encoding shows it in its
first few hundred distinct texts); the cells are then counted in Arrow.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc
from ftfy.badness import is_bad

SAMPLE_PER_COLUMN = 500

# Latin-1 letters that no Vietnamese word holds (Vietnamese uses À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý
# and their lower case from this block; Đ is U+0110, not the Icelandic Ð U+00D0). VNI writes its
# tone and vowel marks as such a byte after the letter (à = `aø`, ạ = `aï`, ư = `ö`, đ = `ñ`,
# ậ = `aä`, ẩ = `aå`, ặ = `aë`, ả = `aû`); TCVN3 writes é as `Ð`, ẹ as `Ñ`, ủ as `ñ`, ợ as `î`…
_FOREIGN_LETTERS = "ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ"
# Latin-1 signs U+00A1–U+00BF (but °±²³): TCVN3 puts its most frequent letters there (à `µ`,
# á `¸`, ạ `¹`, â `©`, ê `ª`, ô `«`, ơ `¬`, ư U+00AD, đ `®`, ă `¨`, ả `¶`, ã `·`…), so in TCVN3
# text they touch letters; in Vietnamese text they are signs standing apart (`25°C`, `Viettel®`,
# `«Tên»`). After a word only the signs no Vietnamese word can end with are not suspect: ® (đ
# only starts a syllable), © (â never ends one), » (a closing quote).
_SIGNS = "\u00a1-\u00af\u00b4-\u00bf"
_ENDING = "\u00a1-\u00a8\u00aa-\u00ad\u00af\u00b4-\u00ba\u00bc-\u00bf"
_LETTER = r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"
_SUSPECT = re.compile(
    rf"{_LETTER}[{_FOREIGN_LETTERS}]|[{_FOREIGN_LETTERS}]{_LETTER}"  # VNI marks, TCVN3 letters: `döïng`, `phÐp`
    rf"|{_LETTER}[{_ENDING}]"  # a TCVN3 sign after a letter: `x©y` (via ©y below), `vµ`, `Ph¸p`
    rf"|[{_SIGNS}][a-z\u00c0-\u00ff]"  # … or before a small letter: `x©y`, `®Êt` (đất), `«ng` (ông)
    r"|[A-Za-z][\u00c0-\u00dd][a-z]"  # a capital accented letter inside a lower-case word: `CÊp`, `NguyÔn`
    # VNI writes â ê ô ă and the tones as a second letter after the vowel: `Vaên` (Văn), `Nguyeãn`
    # (Nguyễn), `Caáp` (Cấp), `Coâng` (Công). In Vietnamese a and e are followed only by plain
    # i o u y (the tone is on a/e: `ài`, `kéo`), and o only by a/e with a tone (`hoà`, `khoẻ`).
    r"|[aAeE][\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd]"
    r"|[oO][\u00e2\u00e3\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd]"
)


def looks_misencoded(text: str) -> bool:
    """One text that looks like TCVN3/VNI (or UTF-8) bytes decoded with the wrong table."""
    return bool(_SUSPECT.search(text)) or is_bad(text)


def suspect_cells(columns: list[pa.ChunkedArray | pa.Array]) -> int:
    """How many cells of these text columns look misencoded (`looks_misencoded`), judged on at
    most SAMPLE_PER_COLUMN distinct non-ASCII cells per column."""
    n = 0
    for col in columns:
        distinct = pc.unique(col).drop_null()
        if len(distinct) == 0:
            continue
        distinct = distinct.filter(pc.invert(pc.string_is_ascii(distinct)))[:SAMPLE_PER_COLUMN]
        bad = [v for v in distinct.to_pylist() if looks_misencoded(v)]
        if bad:
            n += pc.sum(pc.is_in(col, value_set=pa.array(bad, pa.string()))).as_py() or 0
    return n

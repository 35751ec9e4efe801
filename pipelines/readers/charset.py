"""Which encoding a text export is in, and its bytes as UTF-8 (the CSV reader reads only UTF-8).

The rule, in order (the first that fits wins):

1. a byte-order mark: UTF-8 (`EF BB BF`), UTF-16 LE (`FF FE`), UTF-16 BE (`FE FF`);
2. UTF-16 without BOM, told by its NUL bytes: in the first `SAMPLE_BYTES`, at least half of
   the bytes at odd offsets are NUL and at most a tenth of those at even offsets (LE; the
   mirror image for BE). Exports are mostly ASCII and Latin-1-range letters (codes, dates, `à
   á â ã è é ê ì í ò ó ô õ ù ú ý`), whose UTF-16 high byte is 0; UTF-8 and Windows-1258 text
   never hold NUL bytes;
3. valid UTF-8 (checked by Arrow without decoding: the usual case costs one pass);
4. Windows-1258 (the Vietnamese ANSI code page of Excel's "CSV" on a Vietnamese Windows) when
   the bytes decode and the text is plausible Vietnamese (`plausible_cp1258`); decoded, then
   NFC: cp1258 has the base vowels ă â ê ô ơ ư and đ precomposed but writes the five tones as
   combining characters (U+0300 U+0301 U+0303 U+0309 U+0323) after the vowel;
5. anything else is undecidable: the file is quarantined whole, the message naming the
   encodings tried (a TCVN3/VNI byte file usually ends here: it cannot be told apart reliably).

Text in a legacy *font* encoding saved as proper UTF-8 (TCVN3/VNI letters read as Latin-1) is
not decided here: it decodes, loads and is flagged by `mojibake.py`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import pyarrow as pa

from .sheet import UnreadableFile

SAMPLE_BYTES = 1 << 16
TRIED = "UTF-8, UTF-16 (có hoặc không có BOM), Windows-1258"
# the five Vietnamese tones as cp1258 writes them: after a vowel, one per vowel
TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TONE_NOT_AFTER_VOWEL = re.compile(f"(?<![{_VOWELS}])[{TONES}]")
# control characters a text export does not hold (tab, line feed, carriage return do occur)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a well-formed UTF-8 multi-byte sequence: in cp1258 text these byte pairs/triples are rare
# (a capital or a tone mark followed by a sign such as `”`); a file made mostly of them is
# UTF-8 with a few broken bytes, not cp1258
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(128))


def is_utf8(data: bytes) -> bool:
    """UTF-8 validity checked by Arrow, without decoding into a str (same verdict as
    `bytes.decode("utf-8")`: overlong forms, surrogates, truncated sequences are invalid)."""
    whole = pa.LargeStringArray.from_buffers(1, pa.array([0, len(data)], pa.int64()).buffers()[1], pa.py_buffer(data))
    try:
        whole.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes of the first SAMPLE_BYTES say so, else None."""
    sample = data[: min(len(data), SAMPLE_BYTES) & ~1]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd >= 0.5 and even <= 0.1:
        return "utf-16-le"
    if even >= 0.5 and odd <= 0.1:
        return "utf-16-be"
    return None


def plausible_cp1258(data: bytes, text: str) -> str | None:
    """None if `text` (the bytes decoded as cp1258) reads as Vietnamese, else why not."""
    if _CONTROL.search(text):
        return "có ký tự điều khiển"
    m = _TONE_NOT_AFTER_VOWEL.search(text)
    if m:
        return f"dấu thanh không đứng sau nguyên âm (vị trí {m.start()})"
    high = len(data) - len(data.translate(None, _ASCII))
    in_utf8 = sum(len(s) for s in _UTF8_SEQ.findall(data))
    if high and in_utf8 * 2 >= high:
        return "phần lớn byte ngoài ASCII là chuỗi UTF-8 (tệp UTF-8 có byte hỏng)"
    return None


def _first_bad_utf8(data: bytes) -> int:
    """Offset of the first byte that is not UTF-8 (decoded in 8 MB steps, no full str copy)."""
    dec = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 8 << 20
    for start in range(0, len(data), step):
        try:
            dec.decode(view[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError as exc:
            return start + exc.start
    return len(data)


def _undecidable(name: str, detail: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: không xác định được bảng mã của tệp (đã thử {TRIED}): {detail}; tệp bị cách ly "
        f"nguyên tệp. Hãy lưu lại tệp dạng CSV UTF-8 (nếu tệp gõ bằng phông TCVN3/VNI, chuyển "
        f"sang Unicode trước)."
    )


def _from_utf16(data: bytes, codec: str, name: str, how: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise _undecidable(name, f"{how} nhưng có byte không đọc được gần vị trí {exc.start}") from exc


def to_utf8(data: bytes, name: str) -> tuple[bytes, str]:
    """(the text as UTF-8 bytes without BOM, the encoding found), or UnreadableFile."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        if is_utf8(data):
            return data, "utf-8-sig"
        raise _undecidable(name, f"BOM UTF-8 nhưng byte không phải UTF-8 gần vị trí {3 + _first_bad_utf8(data)}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _from_utf16(data, "utf-16", name, "BOM UTF-16"), "utf-16"
    codec = utf16_without_bom(data)
    if codec is not None:
        return _from_utf16(data, codec, name, f"byte NUL xen kẽ như {codec.upper()}"), codec
    if is_utf8(data):
        return data, "utf-8"
    bad_at = _first_bad_utf8(data)
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise _undecidable(
            name,
            f"byte không phải UTF-8 gần vị trí {bad_at}, byte {data[exc.start]:#04x} không có trong Windows-1258",
        ) from exc
    why = plausible_cp1258(data, text)
    if why is not None:
        raise _undecidable(name, f"byte không phải UTF-8 gần vị trí {bad_at}; đọc theo Windows-1258 thì {why}")
    return unicodedata.normalize("NFC", text).encode("utf-8"), "cp1258"

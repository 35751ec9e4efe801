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
import unicodedata

import numpy as np
import pyarrow as pa

from .sheet import UnreadableFile

SAMPLE_BYTES = 1 << 16
CHUNK_BYTES = 4 << 20  # cp1258 decoded this many bytes at a time (cut after a line feed)
TRIED = "UTF-8, UTF-16 (có hoặc không có BOM), Windows-1258"
# the five Vietnamese tones as cp1258 writes them (combining characters), one after a vowel
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _byte_table(test) -> bytes:
    """A `bytes.translate` table: byte b -> 1 if its cp1258 character passes `test`, else 0
    (translate then gives a mask of the file at ~1 ns per byte, faster than a numpy lookup)."""
    return bytes(1 if test(b, _CP1258[b]) else 0 for b in range(256))


def _mask(data: bytes, table: bytes) -> np.ndarray:
    return np.frombuffer(data.translate(table), np.bool_)


# every byte of Windows-1258 as a character (None: a byte the code page does not define)
_CP1258 = []
for _b in range(256):
    try:
        _CP1258.append(bytes([_b]).decode("cp1258"))
    except UnicodeDecodeError:
        _CP1258.append(None)
_UNDEFINED = _byte_table(lambda b, ch: ch is None)
# control characters a text export does not hold (tab, line feed, carriage return do occur)
_CONTROL = _byte_table(lambda b, ch: (b < 32 and ch not in "\t\n\r") or b == 127)
_TONE = _byte_table(lambda b, ch: ch is not None and ch in TONES)
# the vowels a tone can follow: a e i o u y and â ê ô ă ơ ư, either case, without a tone yet
_VOWEL = _byte_table(lambda b, ch: ch is not None and ch in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_ASCII = bytes(range(128))
_HIGH = bytes(0 if b < 0x80 else 1 for b in range(256))
_CODE_POINT = np.array([0 if ch is None else ord(ch) for ch in _CP1258], np.uint32)
# _COMPOSED[vowel byte, tone byte]: the code point of the vowel with that tone (NFC)
_COMPOSED = np.zeros((256, 256), np.uint32)
for _v in range(256):
    for _t in range(256):
        if _VOWEL[_v] and _TONE[_t]:
            _COMPOSED[_v, _t] = ord(unicodedata.normalize("NFC", _CP1258[_v] + _CP1258[_t]))


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


def plausible_cp1258(data: bytes) -> str | None:
    """None if `data` read as Windows-1258 is plausible Vietnamese text, else why not: every byte
    defined by the code page, no control character, every tone mark right after a vowel, and
    not mostly UTF-8 sequences. Byte tables in numpy: no Python loop over the text."""
    for table, why in ((_UNDEFINED, "byte {b:#04x} không có trong Windows-1258"), (_CONTROL, "có ký tự điều khiển")):
        at = data.translate(table).find(1)
        if at >= 0:
            return why.format(b=data[at]) + f" (vị trí {at})"
    a = np.frombuffer(data, np.uint8)
    tones = np.flatnonzero(_mask(data, _TONE))
    if len(tones):
        bad = tones[:1] if tones[0] == 0 else tones[np.frombuffer(bytes(a[tones - 1]).translate(_VOWEL), np.bool_) == 0]
        if len(bad):
            return f"dấu thanh không đứng sau nguyên âm (vị trí {int(bad[0])})"
    high = len(data.translate(None, _ASCII))  # bytes >= 0x80
    if high:
        as_utf8 = data.decode("utf-8", "replace")
        broken = as_utf8.count("\ufffd")
        well_formed = (len(as_utf8) - (len(data) - high)) - broken  # non-ASCII characters decoded
        if well_formed >= broken:
            return "phần lớn byte ngoài ASCII là chuỗi UTF-8 (tệp UTF-8 có byte hỏng)"
    return None


def cp1258_to_utf8(data: bytes) -> bytes:
    """Windows-1258 bytes (`plausible_cp1258`) as NFC UTF-8: each vowel followed by a tone
    becomes the precomposed letter (â + U+0301 → ấ), which is all NFC changes in such text.
    Done on code-point arrays, CHUNK_BYTES at a time (cut after a line feed: a vowel and its tone
    are never split), so memory stays a few times the chunk."""
    out, start = [], 0
    while start < len(data):
        end = data.find(b"\n", start + CHUNK_BYTES)
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end]
        a = np.frombuffer(chunk, np.uint8)
        cps = a.astype(np.uint32)  # ASCII: the byte is the code point
        high = np.flatnonzero(_mask(chunk, _HIGH))
        cps[high] = _CODE_POINT[a[high]]
        tones = np.flatnonzero(_mask(chunk, _TONE))
        cps[tones - 1] = _COMPOSED[a[tones - 1], a[tones]]
        out.append(np.delete(cps, tones).tobytes().decode("utf-32-le").encode("utf-8"))
        start = end
    return b"".join(out)


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
    why = plausible_cp1258(data)
    if why is not None:
        raise _undecidable(name, f"byte không phải UTF-8 gần vị trí {bad_at}; đọc theo Windows-1258 thì {why}")
    return cp1258_to_utf8(data), "cp1258"

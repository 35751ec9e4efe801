"""Text encodings of CSV exports (issue 13, Formats; docs/exports.md, "Encodings";
`pipelines/readers/charset.py`): Windows-1258 and UTF-16 without BOM are detected and decoded, a
file whose encoding cannot be decided is quarantined whole naming the encodings tried.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipelines.readers.charset import TRIED, plausible_cp1258, to_utf8, utf16_without_bom
from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, to_cp1258, write_csv
from .test_plausible import to_tcvn3, to_vni

LANDED = dt.date(2022, 4, 1)
# Vietnamese in several columns (a tone on a hatted vowel: ấ ệ ự; đ; capitals), a label for a
# coded column (Kênh thực hiện), one impossible date (row 3) and one empty key (row 4)
ROWS = [
    hoso_row(1, **{"Tên TTHC": "Cấp giấy phép xây dựng", "Kênh thực hiện": "Trực tuyến"}),
    hoso_row(2, **{"Tên TTHC": "Đăng ký khai sinh, kết hôn", "Kênh thực hiện": "Trực tiếp"}),
    hoso_row(3, **{"Tên TTHC": "Chứng thực bản sao từ bản chính", "Ngày hẹn trả": "31/02/2022"}),
    hoso_row(4, **{"Mã hồ sơ": "", "Tên TTHC": "Thủ tục hưởng chế độ ưu đãi"}),
]


def _utf8_twin(tmp_path, sep=","):
    p = write_csv(tmp_path / "goc.csv", HOSO_HEADER, ROWS, sep=sep)
    return p, read_file(p, landed_on=LANDED)


def _same(a, b) -> None:
    assert a.status == b.status == "loaded", (a.message, b.message)
    assert a.table.to_pylist() == b.table.to_pylist()
    assert a.quarantine == b.quarantine
    assert (a.rows_in, a.rows_loaded, a.rows_quarantined, a.rows_skipped) == (
        b.rows_in,
        b.rows_loaded,
        b.rows_quarantined,
        b.rows_skipped,
    )


def test_the_utf8_twin_itself(tmp_path):
    # what every twin below must give, worked out by hand: 4 records, 2 loaded; record 3 has no
    # 31 February, record 4 no key
    _, r = _utf8_twin(tmp_path)
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (4, 2, 2)
    assert r.table.column("ten_tthc").to_pylist() == ["Cấp giấy phép xây dựng", "Đăng ký khai sinh, kết hôn"]
    assert r.table.column("kenh").to_pylist() == [2, 1]  # Trực tuyến = 2, Trực tiếp = 1
    assert [(q["row"], q["column"], q["reason"]) for q in r.quarantine] == [
        (3, "Ngày hẹn trả", "ngay_hen_tra: not a date/time: 31/02/2022"),
        (4, "Mã hồ sơ", "ma_ho_so: missing key"),
    ]


def test_cp1258_twin_loads_the_same_rows(tmp_path):
    p, utf8 = _utf8_twin(tmp_path)
    data = to_cp1258(p.read_text(encoding="utf-8"))
    # the tones are combining characters after the base vowel: ấ = â (E2) + U+0301 (EC),
    # ự = ư (FD) + U+0323 (F2); the file is not UTF-8
    assert b"C\xe2\xecp" in data
    assert b"d\xfd\xf2ng" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (tmp_path / "w1258.csv").write_bytes(data)
    r = read_file(tmp_path / "w1258.csv", landed_on=LANDED)
    _same(r, utf8)
    # decoded, then NFC: the loaded text is the precomposed ấ (U+1EA5), as in the UTF-8 twin
    name = r.table.column("ten_tthc")[0].as_py()
    assert name == unicodedata.normalize("NFC", name) and "\u1ea5" in name
    assert r.message.endswith("; bảng mã Windows-1258")


@pytest.mark.parametrize(("codec", "sep"), [("utf-16-le", ","), ("utf-16-le", "\t"), ("utf-16-be", "\t")])
def test_utf16_without_bom_twin_loads_the_same_rows(tmp_path, codec, sep):
    p, utf8 = _utf8_twin(tmp_path, sep=sep)
    data = p.read_text(encoding="utf-8").encode(codec)  # no BOM
    assert data[:2] not in (b"\xff\xfe", b"\xfe\xff")
    (tmp_path / "u16.txt").write_bytes(data)
    r = read_file(tmp_path / "u16.txt", landed_on=LANDED)
    _same(r, utf8)
    assert r.message.endswith(f"; bảng mã {codec.upper().replace('-LE', ' LE').replace('-BE', ' BE')}")


def test_the_nul_byte_rule():
    text = "Mã hồ sơ,Tên TTHC\r\n000.00.12.H27-220315-0001,Cấp giấy phép xây dựng\r\n"
    assert utf16_without_bom(text.encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom(text.encode("utf-16-be")) == "utf-16-be"
    # decomposed (NFD) text: the grave U+0300 (of hồ) puts a NUL at an even offset (LE): 1 of
    # 82 characters here, under the tenth allowed
    nfd = unicodedata.normalize("NFD", text)
    assert len(nfd) == 82 and nfd.encode("utf-16-le")[0::2].count(0) == 1
    assert utf16_without_bom(nfd.encode("utf-16-le")) == "utf-16-le"
    # UTF-8 and cp1258 text hold no NUL byte: not UTF-16
    assert utf16_without_bom(text.encode("utf-8")) is None
    assert utf16_without_bom(to_cp1258(text)) is None
    # a few stray NULs in UTF-8 text (a broken export) are not a pattern: 2 NULs in 40 bytes
    assert utf16_without_bom(b"abcdefghij\x00klmnopqrstuvwxyz\x00ABCDEFGHIJKL") is None
    # a text written almost only in letters beyond U+00FF (CJK here) has no NUL high bytes: not
    # recognised without its BOM (the rule is for ASCII-heavy exports; such a file ends undecidable)
    assert utf16_without_bom("汉字汉字汉字汉字".encode("utf-16-le")) is None


def test_the_cp1258_plausibility_rule():
    ok = to_cp1258("Cấp giấy phép xây dựng; Đăng ký khai sinh")
    assert plausible_cp1258(ok) is None
    # a tone mark after a consonant (U+0301 after p): not Vietnamese
    bad = b"Cap\xec giay"
    assert "dấu thanh không đứng sau nguyên âm" in plausible_cp1258(bad)
    # two tone marks on one vowel
    bad = b"ca\xec\xcc"
    assert "dấu thanh không đứng sau nguyên âm" in plausible_cp1258(bad)
    # a control character (escape, at offset 3): not a text export
    bad = b"abc\x1bdef \xe2"
    assert plausible_cp1258(bad) == "có ký tự điều khiển (vị trí 3)"
    # a byte Windows-1258 does not define
    assert plausible_cp1258(b"ab\x8a") == "byte 0x8a không có trong Windows-1258 (vị trí 2)"
    # UTF-8 with one broken byte: its other non-ASCII bytes are UTF-8 sequences (6 of 7)
    bad = "Mã hồ sơ".encode().replace(b"\xc3\xa3", b"\xe3")
    assert "chuỗi UTF-8" in plausible_cp1258(bad)


def test_undecidable_files_are_quarantined_naming_the_encodings_tried(tmp_path):
    header = ",".join(HOSO_HEADER[:3]) + "\r\n"
    cases = {
        # 0x81 is not a Windows-1258 byte (nor UTF-8 on its own)
        "byte_81.csv": to_cp1258(header) + b"000.00.12.H27-220315-0001,\x81,1.001193\r\n",
        # UTF-8 with one byte of cp1258 in it
        "tron.csv": "Mã hồ sơ,Trạng thái\nA,1\n".encode().replace(b"\xc3\xa3", b"\xe3"),
        # a whole file typed in TCVN3 and VNI (legacy font encodings), saved as bytes
        "tcvn3.csv": to_tcvn3(header + "000.00.12.H27-220315-0001,000.00.12.H27,1.001193\r\n").encode("cp1252"),
        "vni.csv": to_vni(header + "000.00.12.H27-220315-0001,000.00.12.H27,1.001193\r\n").encode("cp1252"),
        # a NUL pattern of UTF-16 LE, but an unpaired surrogate at the end
        "u16_hong.csv": header.encode("utf-16-le") + b"\x00\xd8",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        r = read_file(tmp_path / name)
        assert r.status == "quarantined" and r.table is None and r.rows_in == 0, name
        assert r.error.startswith(f"{name}: không xác định được bảng mã của tệp (đã thử {TRIED})"), r.error
        assert TRIED == "UTF-8, UTF-16 (có hoặc không có BOM), Windows-1258"
    assert "byte 0x81 không có trong Windows-1258" in read_file(tmp_path / "byte_81.csv").error
    assert "chuỗi UTF-8" in read_file(tmp_path / "tron.csv").error
    assert "dấu thanh không đứng sau nguyên âm" in read_file(tmp_path / "tcvn3.csv").error


def test_valid_utf8_is_never_read_as_anything_else():
    # ASCII and UTF-8 come back as they are (one validity pass), BOM removed
    for data in (b"Ma ho so,Trang thai\n", "Mã hồ sơ,Trạng thái\n".encode()):
        assert to_utf8(data, "x.csv") == (data, "utf-8")
        assert to_utf8(b"\xef\xbb\xbf" + data, "x.csv") == (data, "utf-8-sig")


def test_legacy_font_text_in_a_cp1258_file_is_still_flagged(tmp_path):
    # a Windows-1258 export in which one officer typed two procedure names with a VNI font: the
    # file decodes (its own text is cp1258), the rows load, and the mojibake rule flags the 2 cells
    vni = to_vni("Đăng ký khai sinh")  # `Ñaêng kyù khai sinh`: Latin-1 letters cp1258 also has
    rows = [hoso_row(1), hoso_row(2, **{"Tên TTHC": vni}), hoso_row(3, **{"Tên TTHC": vni})]
    text = write_csv(tmp_path / "u.csv", HOSO_HEADER, rows).read_text(encoding="utf-8")
    (tmp_path / "w.csv").write_bytes(to_cp1258(text))
    r = read_file(tmp_path / "w.csv", landed_on=LANDED)
    assert r.status == "loaded" and r.rows_loaded == 3
    assert r.notes == ["tệp w.csv: có thể sai bảng mã (VNI/TCVN3), 2 ô nghi ngờ"]

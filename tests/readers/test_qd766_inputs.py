"""The QĐ 766 inputs read like every other export (docs/exports.md, "Additions for the QĐ 766
index"): each new entity recognised by its Vietnamese headers, its DVCQG keys or an alias; the
added columns of HOSO, TIENTRINH, TTHC and PAKN typed; the arrays nested in a DVCQG dossier
flattened into rows of their own entity carrying the dossier key; the names and paths of the
citizen's files never written to the parsed Parquet (only whether a path exists)."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq

from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_pending
from pipelines.readers.read import read_file
from pipelines.settings import data_paths

from .conftest import write_csv, write_json, write_xlsx

LANDED = dt.date(2022, 4, 1)
H1, H2 = "000.00.12.H27-220315-0001", "000.00.12.H27-220315-0002"
PATH = "/upload/2022/03/NguyenVanAn_CCCD_042012345678.pdf"  # what the software stores: personal
FILE_NAME = "CCCD Nguyễn Văn An.pdf"


def _rows(r) -> list[dict]:
    assert r.error is None, r.error
    return r.table.select([c for c in r.table.column_names if c != "_row"]).to_pylist()


# ------------------------------------------------------------------ the new entities as files


def test_tailieunop_by_vietnamese_header_path_reduced_to_a_flag(tmp_path):
    header = [
        "Mã hồ sơ",
        "Mã tệp đính kèm",
        "Mã thành phần hồ sơ",
        "Tên tệp",
        "Đường dẫn tệp",
        "Đã xóa",
        "Được số hóa",
        "Được tái sử dụng",
        "Lấy từ kho DMQG",
        "Mã kết quả thay thế",
    ]
    rows = [
        [H1, "F1", "TP1", FILE_NAME, PATH, "0", "1", "2", "Có", ""],
        [H1, "F2", "TP2", "", "", "1", "0", "0", "Không", "KQ.G15.000001"],  # no path: False, not NULL
    ]
    r = read_file(write_csv(tmp_path / "tl.csv", header, rows), landed_on=LANDED)
    assert r.entity == "tailieunop" and (r.rows_loaded, r.rows_quarantined) == (2, 0)
    assert _rows(r) == [
        {
            "ma_ho_so": H1,
            "ma_tep": "F1",
            "ma_thanh_phan": "TP1",
            "co_duong_dan_tep": True,
            "da_xoa": False,
            "duoc_so_hoa": True,
            "duoc_tai_su_dung": 2,
            "lay_tu_kho_dmqg": True,
            "ma_ket_qua_thay_the": None,
        },
        {
            "ma_ho_so": H1,
            "ma_tep": "F2",
            "ma_thanh_phan": "TP2",
            "co_duong_dan_tep": False,
            "da_xoa": True,
            "duoc_so_hoa": False,
            "duoc_tai_su_dung": 0,
            "lay_tu_kho_dmqg": False,
            "ma_ket_qua_thay_the": "KQ.G15.000001",
        },
    ]


def test_tailieunop_without_a_path_column_leaves_the_flag_unknown(tmp_path):
    # no "Đường dẫn tệp" column: whether the file has a path is not known (NULL), never False
    r = read_file(write_csv(tmp_path / "t.csv", ["MaHoSo", "TepDinhKemId", "DuocSoHoa"], [[H1, "F1", "1"]]))
    assert r.entity == "tailieunop"
    assert _rows(r)[0]["co_duong_dan_tep"] is None and _rows(r)[0]["duoc_so_hoa"] is True


def test_giaytoketqua_with_dvcqg_keys_and_ascii_headers(tmp_path):
    header = ["MaHoSo", "GiayToId", "TenGiayTo", "MaThanhPhanHoSo", "DuongDanTepTinKetQua", "MaGiayToKetQua",
              "DA DONG BO KHO DU LIEU CA NHAN"]  # fmt: skip
    rows = [
        [H1, "G1", "Giấy phép xây dựng", "TP1", "/kq/2022/GPXD_0001.pdf", "KQ.G15.000033", "1"],
        [H2, "G2", "Giấy chứng nhận", "", "", "", "0"],  # a paper result: no link, no code
    ]
    r = read_file(write_csv(tmp_path / "kq.csv", header, rows, sep=";"))
    # recognised as result documents, not as dossiers (which also know "MaGiayToKetQua")
    assert r.entity == "giaytoketqua"
    assert [(x["ma_giay_to"], x["co_duong_dan_tep_ket_qua"], x["ma_giay_to_ket_qua"], x["dong_bo_kho_ca_nhan"])
            for x in _rows(r)] == [("G1", True, "KQ.G15.000033", True), ("G2", False, None, False)]  # fmt: skip
    assert "duong_dan_tep_ket_qua" not in r.table.column_names


def test_lephi_xlsx_money_exemption_and_missing_key(tmp_path):
    header = ["Mã hồ sơ", "STT", "Mã phí, lệ phí", "Tên phí, lệ phí", "Loại phí, lệ phí", "Hình thức thu", "Giá (VND)"]
    rows = [
        [H1, "1", "1", "Lệ phí cấp giấy phép", "2", "1", "1.250.000"],
        [H1, "2", "1", "Phí thẩm định", "1", "1", "0"],  # exempt: 0, not empty
        [H2, "", "1", "Lệ phí", "2", "1", "50000"],  # the STT column exists: an empty STT is a missing key
        [H2, "1", "1", "Lệ phí", "2", "1", "-5000"],  # negative money: quarantined
    ]
    r = read_file(write_xlsx(tmp_path / "lp.xlsx", header, rows, title=["DANH SÁCH PHÍ, LỆ PHÍ"]), landed_on=LANDED)
    assert r.entity == "lephi" and (r.rows_in, r.rows_loaded, r.rows_quarantined) == (4, 2, 2)
    assert [(x["ma_ho_so"], x["stt"], x["gia"]) for x in _rows(r)] == [(H1, 1, 1250000), (H1, 2, 0)]
    assert sorted(q["reason"].split(":")[0] for q in r.quarantine) == ["gia", "stt"]


def test_tthc_donvi_snapshot_date_from_the_title_and_codes_as_labels(tmp_path):
    header = ["Mã TTHC", "Đơn vị áp dụng", "Mức độ DVC", "Trạng thái DVC"]
    rows = [
        ["1.001193", "001.30.01.H27", "Toàn trình", "Đang công khai"],
        ["2.000815", "001.30.01.H27", "3", "Dừng công khai"],
        ["2.000815", "000.00.12.H27", "Mức độ 2", "Đang chạy thử"],  # unknown status: quarantined
    ]
    p = write_xlsx(
        tmp_path / "dv.xlsx", header, rows, title=["DANH MỤC TTHC ÁP DỤNG", "Ngày xuất danh mục: 30/06/2022"]
    )
    r = read_file(p, landed_on=LANDED)
    assert r.entity == "tthc_donvi" and (r.rows_loaded, r.rows_quarantined) == (2, 1)
    assert _rows(r) == [
        {"ngay_xuat": dt.date(2022, 6, 30), "ma_tthc": "1.001193", "ma_don_vi": "001.30.01.H27", "muc_do": 4,
         "trang_thai_dvc": "dang_cong_khai"},
        {"ngay_xuat": dt.date(2022, 6, 30), "ma_tthc": "2.000815", "ma_don_vi": "001.30.01.H27", "muc_do": 3,
         "trang_thai_dvc": "dung_cong_khai"},
    ]  # fmt: skip
    assert "trang_thai_dvc" in r.quarantine[0]["reason"]


# ------------------------------------------------------------------ added columns


def test_added_columns_of_hoso_tientrinh_tthc_pakn(tmp_path):
    r = read_file(
        write_csv(
            tmp_path / "h.csv",
            [
                "Mã hồ sơ",
                "Mã cơ quan thực hiện",
                "Ngày đồng bộ DVCQG",
                "Tài khoản xác thực VNeID",
                "Nơi nộp hồ sơ",
                "CSDL đã khai thác",
                "Ngày cập nhật",
            ],
            [[H1, "001.30.01.H27", "15/03/2022 10:00:05", "1", "Cổng DVCQG", "CSDLDC;CSDLDD", "15/03/2022 10:00"]],
        )  # fmt: skip
    )
    assert r.entity == "hoso"
    row = _rows(r)[0]
    assert (row["ma_co_quan_thuc_hien"], row["ngay_dong_bo_dvcqg"], row["tai_khoan_vneid"], row["noi_nop"]) == (
        "001.30.01.H27",
        dt.datetime(2022, 3, 15, 10, 0, 5),
        True,
        1,
    )
    assert row["ma_csdl"] == "CSDLDC;CSDLDD"

    r = read_file(write_csv(tmp_path / "s.csv", ["Mã hồ sơ", "Bước", "Thời điểm xử lý", "Ngày đồng bộ DVCQG"],
                            [[H1, "1", "15/03/2022 09:00", "15/03/2022 09:02"]]))  # fmt: skip
    assert r.entity == "tientrinh" and _rows(r)[0]["ngay_dong_bo_dvcqg"] == dt.datetime(2022, 3, 15, 9, 2)

    tthc_header = ["Mã TTHC", "Trả kết quả bằng văn bản, giấy tờ", "Đủ điều kiện DVCTT toàn trình",
                   "Đối tượng thực hiện", "Loại công bố", "Trạng thái công khai", "Ngày công khai trên CSDLQG",
                   "Cơ quan chủ trì công bố", "Có tên TTHC", "Có trình tự thực hiện", "Có cách thức thực hiện",
                   "Có thành phần, số lượng hồ sơ", "Có thời hạn giải quyết", "Có đối tượng thực hiện",
                   "Có cơ quan thực hiện", "Ngày xuất danh mục"]  # fmt: skip
    r = read_file(write_csv(tmp_path / "c.csv", tthc_header, [[
        "1.001193", "1", "0", "Công dân Việt Nam; Người nước ngoài", "Sửa đổi, bổ sung",
        "Đang công khai sửa đổi bổ sung", "05/03/2022", "000.00.12.H27", "1", "1", "1", "1", "1", "0", "1", "30/06/2022",
    ]]))  # fmt: skip
    assert r.entity == "tthc"
    row = _rows(r)[0]
    assert (
        row["co_ket_qua_giay_to"],
        row["du_dieu_kien_toan_trinh"],
        row["loai_cong_bo"],
        row["trang_thai_cong_khai"],
    ) == (
        True,
        False,
        "sua_doi_bo_sung",
        "dang_cong_khai_sua_doi_bo_sung",
    )
    assert row["ngay_cong_khai_csdlqg"] == dt.date(2022, 3, 5) and row["ma_don_vi_chu_tri"] == "000.00.12.H27"
    assert row["doi_tuong_thuc_hien"] == "Công dân Việt Nam; Người nước ngoài"
    assert [row[c] for c in ("co_ten", "co_trinh_tu", "co_cach_thuc", "co_thanh_phan_ho_so", "co_thoi_han",
                             "co_doi_tuong", "co_co_quan_thuc_hien")] == [True] * 5 + [False, True]  # fmt: skip

    pakn_header = ["Mã PAKN", "Ngày tiếp nhận", "Mã hồ sơ liên quan", "Phân loại", "Số lượt thích",
                   "Số lượt không thích", "PAKN gốc (nhắc lại)", "Ngày yêu cầu bổ sung", "Ngày công khai kết quả"]  # fmt: skip
    r = read_file(write_csv(tmp_path / "p.csv", pakn_header, [
        ["PA1", "01/03/2022 08:00", H1, "Hành vi cán bộ, công chức", "2", "5", "PA0", "03/03/2022 08:00", "10/03/2022 15:00"],
        ["PA2", "02/03/2022 08:00", "", "Khác", "0", "0", "", "", ""],
    ]))  # fmt: skip
    assert r.entity == "pakn"
    assert [
        (x["ma_ho_so"], x["phan_loai"], x["so_thich"], x["so_khong_thich"], x["ma_pakn_goc"]) for x in _rows(r)
    ] == [
        (H1, "hanh_vi_can_bo", 2, 5, "PA0"),
        (None, "khac", 0, 0, None),
    ]
    assert _rows(r)[0]["ngay_cong_khai"] == dt.datetime(2022, 3, 10, 15, 0)


# ------------------------------------------------------------------ nested DVCQG JSON

DOSSIER = {
    "MaHoSo": H1,
    "MaTTHC": "1.001193",
    "TrangThaiHoSo": 10,
    "NgayCapNhat": "20220316100000",
    "TaiKhoanDuocXacThucVoiVNeID": 1,
    "NoiNopHoSo": 1,
    "DSKetNoiCSDL": [{"MaCSDL": "CSDLDC"}, {"MaCSDL": "CSDLDD"}],
    "TaiLieuNop": [
        # the item's own MaHoSo is wrong: the dossier's key wins
        {
            "MaHoSo": "SAI",
            "TepDinhKemId": "F1",
            "MaThanhPhanHoSo": "TP1",
            "TenTepDinhKem": FILE_NAME,
            "DuongDanTaiTepTin": PATH,
            "IsDeleted": 0,
            "DuocSoHoa": 1,
            "DuocTaiSuDung": 1,
            "DuocLayTuKhoDMQG": 0,
        },
        {"TepDinhKemId": "F2", "DuongDanTaiTepTin": "", "IsDeleted": 1},
    ],  # fmt: skip
    "DanhSachGiayToKetQua": [
        {"GiayToId": "G1", "TenGiayTo": "Giấy phép", "DuongDanTepTinKetQua": PATH, "MaGiayToKetQua": "KQ.G15.000033"}
    ],
    "DanhSachLePhi": [
        {"MaPhiLePhi": "1", "TenPhiLePhi": "Lệ phí", "LoaiPhiLePhi": 2, "HinhThucThu": 1, "Gia": 50000},
        {"MaPhiLePhi": "1", "TenPhiLePhi": "Phí", "LoaiPhiLePhi": 1, "HinhThucThu": 1, "Gia": 0},
    ],
}
# a second dossier with one fee only, a document without its id (quarantined), no files
DOSSIER2 = {
    "MaHoSo": H2,
    "TrangThaiHoSo": 4,
    "NgayCapNhat": "20220316110000",
    "DanhSachLePhi": [{"MaPhiLePhi": "1", "Gia": 20000}],
    "DanhSachGiayToKetQua": [{"MaGiayToKetQua": "KQ.G15.000034"}],
}


def test_nested_arrays_become_rows_of_their_entity_with_the_dossier_key(tmp_path):
    r = read_file(write_json(tmp_path / "hs.json", {"data": [DOSSIER, DOSSIER2]}), landed_on=LANDED)
    assert r.entity == "hoso" and r.rows_loaded == 2
    # the nested arrays are not "ignored columns" of the dossier file
    assert "ignored columns" not in r.message
    d = _rows(r)[0]
    assert (d["tai_khoan_vneid"], d["noi_nop"], d["ma_csdl"]) == (True, 1, "CSDLDC;CSDLDD")
    # the result documents kept on the dossier (JSON text) lose their file path
    assert json.loads(d["ds_giay_to_ket_qua"]) == [
        {"GiayToId": "G1", "TenGiayTo": "Giấy phép", "MaGiayToKetQua": "KQ.G15.000033"}
    ]
    kids = {c.entity: c for c in r.children}
    assert sorted(kids) == ["giaytoketqua", "lephi", "tailieunop"]

    files = _rows(kids["tailieunop"])
    assert [(f["ma_ho_so"], f["ma_tep"], f["co_duong_dan_tep"], f["da_xoa"], f["duoc_tai_su_dung"]) for f in files] == [
        (H1, "F1", True, False, 1),
        (H1, "F2", False, True, None),  # empty path: False; DuocTaiSuDung absent on this item: NULL
    ]
    # fees numbered per dossier in array order (DanhSachLePhi has no STT): H1 1, 2; H2 1
    assert [(f["ma_ho_so"], f["stt"], f["gia"]) for f in _rows(kids["lephi"])] == [
        (H1, 1, 50000),
        (H1, 2, 0),
        (H2, 1, 20000),
    ]
    docs = kids["giaytoketqua"]
    # H2's document has no GiayToId: its row is quarantined (missing key), not dropped
    assert (docs.rows_in, docs.rows_loaded, docs.rows_quarantined) == (2, 1, 1)
    assert _rows(docs)[0]["ma_giay_to"] == "G1" and _rows(docs)[0]["co_duong_dan_tep_ket_qua"] is True


def test_personal_columns_never_reach_the_parsed_parquet(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_json(inbox / "hoso.json", [DOSSIER, DOSSIER2])
    write_csv(
        inbox / "tailieu.csv",
        ["Mã hồ sơ", "Mã tệp đính kèm", "Tên tệp", "Đường dẫn tệp"],
        [[H2, "F9", FILE_NAME, PATH]],
    )
    paths = data_paths(tmp_path / "data")
    land_inbox(inbox, paths)
    out = {e["original_name"]: e for e in parse_pending(paths)}
    assert out["hoso.json"]["status"] == "loaded"
    assert {c["entity"]: c["rows_loaded"] for c in out["hoso.json"]["children"]} == {
        "tailieunop": 2,
        "giaytoketqua": 1,
        "lephi": 3,
    }
    parquets = list(paths.parsed.rglob("*.parquet"))
    # hoso, its three nested entities, and the separate tailieunop file
    assert sorted(p.parent.name for p in parquets) == ["giaytoketqua", "hoso", "lephi", "tailieunop", "tailieunop"]
    for p in parquets:
        t = pq.read_table(p)
        assert not {"ten_tep", "duong_dan_tep", "duong_dan_tep_ket_qua"} & set(t.column_names), p
        text = json.dumps(t.to_pylist(), default=str, ensure_ascii=False)
        assert "NguyenVanAn" not in text and "Nguyễn Văn An" not in text and "/upload/" not in text, p
    tl = pq.read_table(
        next(p for p in parquets if p.parent.name == "tailieunop" and p.stem == out["tailieu.csv"]["file_id"])
    )
    assert tl.column("co_duong_dan_tep").to_pylist() == [True]
    # the quarantined nested row is in the file's quarantine, named by its entity
    q = pq.read_table(paths.quarantine / f"{out['hoso.json']['file_id']}.parquet").to_pylist()
    assert [x["reason"].split(" ")[0] for x in q] == ["giaytoketqua"]

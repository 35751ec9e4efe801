"""The typed columns of every entity after reading (docs/parsed-contract.md, in code).

Readers cast to these types; the warehouse creates `raw_<entity>` with them, so an entity
that has not arrived yet is an empty table of the right shape rather than a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """An administrative level of the warehouse (docs/glossary.md, "Levels")."""

    code: str  # as the warehouse writes it (DONVI.cap, metric_values.level)
    name_vi: str  # what people read
    sort_order: int  # the order of every table and chart
    is_unit_level: bool  # a level of agencies (not the province-wide aggregate)


# The one list of levels: written to the `dim_level` table at every build (SQL and reports read it
# there); Python that runs before a database exists (plan validation) reads it here.
LEVELS: tuple[Level, ...] = (
    Level("toan_tinh", "Toàn tỉnh", 0, False),
    Level("tinh", "Cấp tỉnh", 1, True),
    Level("huyen", "Cấp huyện", 2, True),
    Level("xa", "Cấp xã", 3, True),
    Level("tw", "Cơ quan Trung ương", 4, True),
)
UNIT_LEVELS: tuple[str, ...] = tuple(lv.code for lv in LEVELS if lv.is_unit_level)
LEVEL_VI: dict[str, str] = {lv.code: lv.name_vi for lv in LEVELS}

ENTITIES: dict[str, dict[str, str]] = {
    "hoso": {
        "ma_ho_so": "VARCHAR",
        "ma_don_vi": "VARCHAR",
        "ma_tthc": "VARCHAR",
        "ma_tthc_goc": "VARCHAR",
        "ten_tthc": "VARCHAR",
        "ma_linh_vuc": "VARCHAR",
        "ten_linh_vuc": "VARCHAR",
        "muc_do": "SMALLINT",
        "kenh": "SMALLINT",
        "loai_doi_tuong": "SMALLINT",
        "nguoi_nop_pseudo": "VARCHAR",
        "ngay_nop": "TIMESTAMP",
        "ngay_tiep_nhan": "TIMESTAMP",
        "ngay_hen_tra": "TIMESTAMP",
        "ngay_ket_thuc_xu_ly": "TIMESTAMP",
        "ngay_tra": "TIMESTAMP",
        "trang_thai": "SMALLINT",
        "hinh_thuc_tra": "SMALLINT",
        "co_thanh_phan_so_hoa": "BOOLEAN",
        "da_so_hoa_ket_qua": "BOOLEAN",
        "ma_ket_qua": "VARCHAR",
        "phi_le_phi": "BIGINT",
        "thanh_toan_truc_tuyen": "SMALLINT",
        "da_dong_bo_dvcqg": "BOOLEAN",
        "ngay_cap_nhat": "TIMESTAMP",
        "ds_bo_sung": "VARCHAR",
        "ds_giay_to_ket_qua": "VARCHAR",
        # QĐ 766 additions (docs/exports.md, "Additions for the QĐ 766 index")
        "ma_co_quan_thuc_hien": "VARCHAR",
        "ngay_dong_bo_dvcqg": "TIMESTAMP",
        "tai_khoan_vneid": "BOOLEAN",
        "noi_nop": "SMALLINT",
        "ma_csdl": "VARCHAR",
    },
    "tientrinh": {
        "ma_ho_so": "VARCHAR",
        "buoc": "INTEGER",
        "thoi_diem": "TIMESTAMP",
        "trang_thai": "SMALLINT",
        "noi_dung": "VARCHAR",
        "hanh_dong": "VARCHAR",
        "don_vi_gui": "VARCHAR",
        "don_vi_nhan": "VARCHAR",
        "hinh_thuc_chuyen": "VARCHAR",
        "han_xu_ly": "TIMESTAMP",
        "nguoi_xu_ly": "VARCHAR",
        "ngay_dong_bo_dvcqg": "TIMESTAMP",
    },
    "danhgia": {
        "ma_danh_gia": "VARCHAR",
        "ma_ho_so": "VARCHAR",
        "thoi_diem": "TIMESTAMP",
        "kenh_danh_gia": "VARCHAR",
        "muc_do_hai_long": "SMALLINT",
    },
    "thanhtoan": {
        "ma_giao_dich": "VARCHAR",
        "ma_ho_so": "VARCHAR",
        "so_tien": "BIGINT",
        "loai": "VARCHAR",
        "hinh_thuc": "SMALLINT",
        "thoi_diem": "TIMESTAMP",
        "trang_thai": "VARCHAR",
    },
    "tthc": {
        "ngay_xuat": "DATE",
        "ma_tthc": "VARCHAR",
        "ten_tthc": "VARCHAR",
        "ma_linh_vuc": "VARCHAR",
        "ten_linh_vuc": "VARCHAR",
        "cap_thuc_hien": "VARCHAR[]",
        "loai_tthc": "VARCHAR",
        "thoi_han": "INTEGER",
        "don_vi_thoi_han": "VARCHAR",
        "muc_do": "SMALLINT",
        "du_dieu_kien_truc_tuyen": "BOOLEAN",
        "tich_hop_dvcqg": "BOOLEAN",
        "co_nghia_vu_tai_chinh": "BOOLEAN",
        "trien_khai_thanh_toan_truc_tuyen": "BOOLEAN",
        "co_quy_trinh_noi_bo": "BOOLEAN",
        "cong_khai_csdlqg": "BOOLEAN",
        "niem_yet": "BOOLEAN",
        "so_qd_cong_bo": "VARCHAR",
        "ngay_qd_cong_bo": "DATE",
        "ngay_hieu_luc_can_cu": "DATE",
        "co_quan_ban_hanh": "VARCHAR",
        "co_quan_thuc_hien": "VARCHAR",
        "co_ket_qua_giay_to": "BOOLEAN",
        "du_dieu_kien_toan_trinh": "BOOLEAN",
        "doi_tuong_thuc_hien": "VARCHAR",
        "loai_cong_bo": "VARCHAR",
        "trang_thai_cong_khai": "VARCHAR",
        "ngay_cong_khai_csdlqg": "DATE",
        "ma_don_vi_chu_tri": "VARCHAR",
        "co_ten": "BOOLEAN",
        "co_trinh_tu": "BOOLEAN",
        "co_cach_thuc": "BOOLEAN",
        "co_thanh_phan_ho_so": "BOOLEAN",
        "co_thoi_han": "BOOLEAN",
        "co_doi_tuong": "BOOLEAN",
        "co_co_quan_thuc_hien": "BOOLEAN",
    },
    "donvi": {
        "ma_don_vi": "VARCHAR",
        "ten_don_vi": "VARCHAR",
        "cap": "VARCHAR",
        "loai": "VARCHAR",
        "ma_don_vi_cha": "VARCHAR",
        "ma_dvhc": "VARCHAR",
    },
    "pakn": {
        "ma_pakn": "VARCHAR",
        "ngay_tiep_nhan": "TIMESTAMP",
        "nguon": "VARCHAR",
        "thuoc_pham_vi": "BOOLEAN",
        "ma_don_vi_xu_ly": "VARCHAR",
        "ngay_chuyen": "TIMESTAMP",
        "ngay_co_ket_qua": "TIMESTAMP",
        "trang_thai": "VARCHAR",
        "cong_khai": "BOOLEAN",
        "ma_ho_so": "VARCHAR",
        "phan_loai": "VARCHAR",
        "so_thich": "INTEGER",
        "so_khong_thich": "INTEGER",
        "ma_pakn_goc": "VARCHAR",
        "ngay_yeu_cau_bo_sung": "TIMESTAMP",
        "ngay_cong_khai": "TIMESTAMP",
    },
    "rasoat": {
        "ma_tthc": "VARCHAR",
        "ma_don_vi": "VARCHAR",
        "so_quy_dinh": "BIGINT",
        "so_quy_dinh_cat_giam": "BIGINT",
        "chi_phi_truoc": "BIGINT",
        "chi_phi_sau": "BIGINT",
        "ngay_phe_duyet": "DATE",
    },
    "nhiemvu": {
        "ma_nhiem_vu": "VARCHAR",
        "ma_don_vi": "VARCHAR",
        "san_pham": "VARCHAR",
        "so_luong": "BIGINT",
        "han": "DATE",
        "ngay_hoan_thanh": "DATE",
    },
    "baocao": {
        "ma_don_vi": "VARCHAR",
        "ky_bao_cao": "VARCHAR",
        "han_nop": "DATE",
        "ngay_nop": "DATE",
        "so_ho_so_tiep_nhan": "BIGINT",
    },
    # submitted files of a dossier: the file's name and path are personal data (they routinely
    # name the applicant); only whether a path exists is kept (`co_duong_dan_tep`, DERIVED)
    "tailieunop": {
        "ma_ho_so": "VARCHAR",
        "ma_tep": "VARCHAR",
        "ma_thanh_phan": "VARCHAR",
        "co_duong_dan_tep": "BOOLEAN",
        "da_xoa": "BOOLEAN",
        "duoc_so_hoa": "BOOLEAN",
        "duoc_tai_su_dung": "SMALLINT",
        "lay_tu_kho_dmqg": "BOOLEAN",
        "ma_ket_qua_thay_the": "VARCHAR",
    },
    # result documents of a dossier; the result file's path is reduced to whether it exists
    "giaytoketqua": {
        "ma_ho_so": "VARCHAR",
        "ma_giay_to": "VARCHAR",
        "ten_giay_to": "VARCHAR",
        "ma_thanh_phan": "VARCHAR",
        "co_duong_dan_tep_ket_qua": "BOOLEAN",
        "ma_giay_to_ket_qua": "VARCHAR",
        "dong_bo_kho_ca_nhan": "BOOLEAN",
    },
    "lephi": {
        "ma_ho_so": "VARCHAR",
        "stt": "INTEGER",
        "ma_phi_le_phi": "VARCHAR",
        "ten_phi_le_phi": "VARCHAR",
        "loai_phi_le_phi": "VARCHAR",
        "hinh_thuc_thu": "VARCHAR",
        "gia": "BIGINT",
    },
    # procedures and online services applied at each unit (a snapshot, like the catalogue)
    "tthc_donvi": {
        "ngay_xuat": "DATE",
        "ma_tthc": "VARCHAR",
        "ma_don_vi": "VARCHAR",
        "muc_do": "SMALLINT",
        "trang_thai_dvc": "VARCHAR",
    },
    # the QĐ 766 scores the Portal (Cổng DVCQG) published, optional: reconciled with ours
    # (docs/index-766.md, "Reconciliation"); points stay text here, read in staging (decimal comma)
    "diem766": {
        "ky": "VARCHAR",
        "ma_don_vi": "VARCHAR",
        "ma_muc": "VARCHAR",
        "diem": "VARCHAR",
        "ngay_cong_bo": "DATE",
    },
}

# Parsed columns that only say whether a personal column of the file was filled in: the
# personal column itself is read (to test it) and never written.
DERIVED: dict[str, dict[str, str]] = {
    "tailieunop": {"co_duong_dan_tep": "duong_dan_tep"},
    "giaytoketqua": {"co_duong_dan_tep_ket_qua": "duong_dan_tep_ket_qua"},
}

# Entities a DVCQG dossier (JSON) may carry nested, as arrays under these keys: the reader
# flattens them into rows of their own entity carrying the dossier key.
NESTED: dict[str, str] = {"TaiLieuNop": "tailieunop", "DanhSachGiayToKetQua": "giaytoketqua", "DanhSachLePhi": "lephi"}

# The amounts of money (VND): never negative (a negative fee or amount quarantines the row).
MONEY: dict[str, tuple[str, ...]] = {
    "hoso": ("phi_le_phi",),
    "thanhtoan": ("so_tien",),
    "lephi": ("gia",),
    "rasoat": ("chi_phi_truoc", "chi_phi_sau"),
}

KEYS: dict[str, tuple[str, ...]] = {
    "hoso": ("ma_ho_so",),
    "tientrinh": ("ma_ho_so", "buoc"),
    "danhgia": ("ma_danh_gia",),
    "thanhtoan": ("ma_giao_dich",),
    "tthc": ("ngay_xuat", "ma_tthc"),
    "donvi": ("ma_don_vi",),
    "pakn": ("ma_pakn",),
    "rasoat": ("ma_tthc", "ma_don_vi"),
    "nhiemvu": ("ma_nhiem_vu", "ma_don_vi", "han"),
    "baocao": ("ma_don_vi", "ky_bao_cao"),
    "tailieunop": ("ma_ho_so", "ma_tep"),
    "giaytoketqua": ("ma_ho_so", "ma_giay_to"),
    "lephi": ("ma_ho_so", "stt"),
    "tthc_donvi": ("ngay_xuat", "ma_tthc", "ma_don_vi"),
    "diem766": ("ky", "ma_don_vi", "ma_muc"),
}

# Lineage added to every parsed row; `_landed_seq` is joined from the manifest by the build.
LINEAGE = {"_file_id": "VARCHAR", "_row": "INTEGER"}


def raw_table_ddl(entity: str, table: str | None = None) -> str:
    """CREATE TABLE statement for raw_<entity> (parsed columns + lineage + landing order)."""
    cols = {**ENTITIES[entity], **LINEAGE, "_landed_seq": "BIGINT"}
    body = ", ".join(f'"{c}" {t}' for c, t in cols.items())
    return f"CREATE OR REPLACE TABLE {table or 'raw_' + entity} ({body})"

"""Record makers for the hand-made metric tests (parsed-contract columns, see
docs/parsed-contract.md). Dossiers, agencies and the build come from tests/warehouse/helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.settings import PROJECT_ROOT

HATINH_PLAN = PROJECT_ROOT / "plans" / "hatinh-2022.yaml"
OTHER_PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "plans" / "other-plan.yaml"


def tthc(
    ngay_xuat: str, ma_tthc: str, cap: list[str] | None = None, loai: str = "tthc", **flags: Any
) -> dict[str, Any]:
    """A catalogue row of the snapshot `ngay_xuat`; flags default to 0 (False)."""
    rec = {
        "ngay_xuat": ngay_xuat,
        "ma_tthc": ma_tthc,
        "ten_tthc": f"Thủ tục {ma_tthc}",
        "cap_thuc_hien": cap if cap is not None else ["tinh"],
        "loai_tthc": loai,
        "muc_do": 2,
    }
    for f in (
        "du_dieu_kien_truc_tuyen",
        "tich_hop_dvcqg",
        "co_nghia_vu_tai_chinh",
        "trien_khai_thanh_toan_truc_tuyen",
        "co_quy_trinh_noi_bo",
        "cong_khai_csdlqg",
        "niem_yet",
    ):
        rec[f] = False
    rec.update(flags)
    return rec


def danhgia(ma: str, ma_ho_so: str, thoi_diem: str, muc: int) -> dict[str, Any]:
    return {
        "ma_danh_gia": ma,
        "ma_ho_so": ma_ho_so,
        "thoi_diem": thoi_diem,
        "kenh_danh_gia": "Cổng DVC",
        "muc_do_hai_long": muc,
    }


def thanhtoan(ma: str, ma_ho_so: str, thoi_diem: str, hinh_thuc: int, trang_thai: str = "thanh_cong") -> dict[str, Any]:
    return {
        "ma_giao_dich": ma,
        "ma_ho_so": ma_ho_so,
        "thoi_diem": thoi_diem,
        "so_tien": 50000,
        "loai": "le_phi",
        "hinh_thuc": hinh_thuc,
        "trang_thai": trang_thai,
    }


def pakn(
    ma: str,
    ngay_tiep_nhan: str,
    ngay_chuyen: str | None = None,
    ngay_co_ket_qua: str | None = None,
    thuoc_pham_vi: bool = True,
    ma_don_vi_xu_ly: str | None = None,
) -> dict[str, Any]:
    return {
        "ma_pakn": ma,
        "ngay_tiep_nhan": ngay_tiep_nhan,
        "ngay_chuyen": ngay_chuyen,
        "ngay_co_ket_qua": ngay_co_ket_qua,
        "thuoc_pham_vi": thuoc_pham_vi,
        "ma_don_vi_xu_ly": ma_don_vi_xu_ly,
        "nguon": "Cổng DVCQG",
        "trang_thai": "da_xu_ly" if ngay_co_ket_qua else "dang_xu_ly",
    }


def rasoat(
    ma_tthc: str, ma_don_vi: str, so_quy_dinh: int, cat_giam: int, truoc: int, sau: int | None, ngay_phe_duyet: str
) -> dict[str, Any]:
    return {
        "ma_tthc": ma_tthc,
        "ma_don_vi": ma_don_vi,
        "so_quy_dinh": so_quy_dinh,
        "so_quy_dinh_cat_giam": cat_giam,
        "chi_phi_truoc": truoc,
        "chi_phi_sau": sau,
        "ngay_phe_duyet": ngay_phe_duyet,
    }


def nhiemvu(
    ma: str, ma_don_vi: str, han: str, ngay_hoan_thanh: str | None = None, so_luong: int | None = None
) -> dict[str, Any]:
    return {
        "ma_nhiem_vu": ma,
        "ma_don_vi": ma_don_vi,
        "han": han,
        "ngay_hoan_thanh": ngay_hoan_thanh,
        "so_luong": so_luong,
        "san_pham": f"Báo cáo kết quả nhiệm vụ ({ma.replace('.', '-')})",  # a product's words, not the plan id
    }


def baocao(ma_don_vi: str, ky: str, han_nop: str, ngay_nop: str | None, so_ho_so: int | None) -> dict[str, Any]:
    return {
        "ma_don_vi": ma_don_vi,
        "ky_bao_cao": ky,
        "han_nop": han_nop,
        "ngay_nop": ngay_nop,
        "so_ho_so_tiep_nhan": so_ho_so,
    }


def scorecard(
    con,
    target_id: str,
    period: str,
    level: str = "toan_tinh",
    group_key: str | None = None,
    ma_don_vi: str | None = None,
    plan_id: str | None = None,
) -> dict[str, Any]:
    """The one plan_scorecard row of (target, period, level, group, agency)."""
    sql = (
        "SELECT * FROM plan_scorecard WHERE target_id = ? AND period = ? AND level = ? "
        "AND group_key IS NOT DISTINCT FROM ? AND ma_don_vi IS NOT DISTINCT FROM ?"
    )
    params: list[Any] = [target_id, period, level, group_key, ma_don_vi]
    if plan_id is not None:
        sql += " AND plan_id = ?"
        params.append(plan_id)
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    found = [dict(zip(cols, r)) for r in cur.fetchall()]
    assert len(found) == 1, (target_id, period, level, group_key, found)
    return found[0]


def nvd(
    con,
    metric_id: str,
    period: str,
    level: str = "toan_tinh",
    group_key: str | None = None,
    ma_don_vi: str | None = None,
):
    """(numerator, denominator) of a metric_values row; (0, 0) when the row is absent."""
    r = con.execute(
        "SELECT numerator, denominator FROM metric_values WHERE metric_id = ? AND period = ? "
        "AND level = ? AND ma_don_vi IS NOT DISTINCT FROM ? AND group_key IS NOT DISTINCT FROM ?",
        [metric_id, period, level, ma_don_vi, group_key],
    ).fetchall()
    assert len(r) <= 1, r
    if not r:
        return (0, 0)
    num, den = r[0]
    return (num or 0, den or 0) if den is not None else (num or 0, None)

"""Hand-made worlds for the QĐ 766 indicators of groups 3-5 (docs/index-766-indicators-3-5.md),
each worked out in its comments. The indicator tests (test_ind_<id>.py) read the facts.

- example_a_world: the spec's worked example A (commune X, March 2022, D = 05/04/2022).
- example_b_world: the spec's worked example B (department S, Q2 2022, D = 10/07/2022).
- rules_world: one case per rule and per reading of an ambiguity (D = 30/06/2022).
- absent_world: a province that sends none of TAILIEUNOP, GIAYTOKETQUA, LEPHI, TTHC_DONVI and
  none of the new QĐ 766 columns (D = 30/06/2022).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pipelines.settings import connect
from pipelines.warehouse.build import build_database
from tests.sql.records import danhgia, pakn, thanhtoan, tthc
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, XA, agency, hoso, records_to_table, step

XA2 = "001.30.02.H27"  # a second commune (rules world, 4.6)


def build(tmp: Path, records: dict[str, list[dict[str, Any]]], as_of: date, drop=None):
    """Build a warehouse from records; `drop` = {entity: [columns]} the files lack."""
    raw = {e: records_to_table(e, rows) for e, rows in records.items()}
    for entity, cols in (drop or {}).items():
        raw[entity] = raw[entity].drop_columns(cols)
    res = build_database(Path(tmp) / "w.duckdb", raw, as_of, [], run_id="test")
    return connect(res.db_path, read_only=True), res


def fact_counts(con, model: str, period: str, ma_don_vi: str | None = None) -> tuple[int, int]:
    """(n, d) of an indicator's facts for a period (and a unit): n = favourable, d = in d."""
    sql = (
        f"SELECT count(*) FILTER (WHERE is_favourable), count(*) FILTER (WHERE in_denominator) "
        f"FROM {model} WHERE period_id = ?"
    )
    params: list[Any] = [period]
    if ma_don_vi is not None:
        sql += " AND ma_don_vi = ?"
        params.append(ma_don_vi)
    n, d = con.execute(sql, params).fetchone()
    return n, d


def fact(con, model: str, period: str, record_key: str) -> dict[str, Any] | None:
    cur = con.execute(f"SELECT * FROM {model} WHERE period_id = ? AND record_key = ?", [period, record_key])
    cols = [c[0] for c in cur.description]
    found = [dict(zip(cols, r)) for r in cur.fetchall()]
    assert len(found) <= 1, found
    return found[0] if found else None


# ============================================================================ example A
#
# Commune X (= XA), March 2022, D = 05/04/2022 (E = 31/03/2022). Dossier classes (index-766.md §7):
#   a 31 received March, 10, ended March on time      b 3 received March, ended March late
#   c 3 received March, 4 at E, due 10/04              d 1 received 01/03, 4 at E, due 29/03
#   e 1 received March, 5 at E, one request 10/03, due 15/03 (ends 10/03, on time)
#   f 1 received March, 5 at E, requests 07/03 and 21/03, due 31/03 (overdue: > 1 request)
#   g 4 received February, ended March on time         h 1 received February, ended March late
# Received in March = a-f = 40; 38 synced: the two unsynced are direct class-a dossiers (a30, a31).
# 3.3: 14 class-a dossiers online (a01-a14), all synced; a01-a04 of P0 (co_ket_qua_giay_to 0),
#   a05-a14 of P1 (co_ket_qua_giay_to 1); a05-a11 (7) have a GIAYTOKETQUA row with file and code;
#   a12 a file without code, a13 a code without file, a14 no row -> n = 4 + 7 = 11, d = 38.
# 4.3: a01-a26 have co_thanh_phan_so_hoa = 1 -> 26 / 40.
# 5.4: population = 45 (2.1); overdue {b1-b3, d1, f1, h1} = 6; DANHGIA level <= 2 on a01, a02 and
#   b1 (already overdue); PAKN about g1 -> |union| = 6 + 2 + 1 = 9, n = 36. Not counted: a03
#   rated 3 (neutral, §8 A10), a04 rated 1 on 02/04 (after E).
EX_A_D = date(2022, 4, 5)
P0, P1, P2 = "1.000100", "1.000101", "1.000102"


def example_a_records() -> dict[str, list[dict[str, Any]]]:
    dossiers: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []

    def add(key, received, status, **kw):
        synced = kw.pop("synced", True)
        kw.setdefault("ma_tthc", P2)
        kw.setdefault("kenh", 1)
        dossiers.append(
            hoso(
                key,
                received,
                status,
                ma_don_vi=XA,
                da_dong_bo_dvcqg=synced,
                ngay_dong_bo_dvcqg=received if synced else None,
                co_thanh_phan_so_hoa=kw.pop("digitised", False),
                **kw,
            )
        )

    for i in range(1, 32):
        key = f"a{i:02d}"
        online = i <= 14
        tthc_code = P0 if i <= 4 else (P1 if online else P2)
        add(
            key,
            f"2022-03-{1 + i % 20:02d} 08:00",
            10,
            kenh=2 if online else 1,
            ma_tthc=tthc_code,
            ngay_hen_tra="2022-03-28 17:00",
            ngay_ket_thuc_xu_ly="2022-03-25 10:00",
            ngay_cap_nhat="2022-03-25 10:00",
            synced=i not in (30, 31),
            digitised=i <= 26,
        )
    for i in range(1, 4):
        add(
            f"b{i}",
            "2022-03-01 08:00",
            10,
            ngay_hen_tra="2022-03-10 17:00",
            ngay_ket_thuc_xu_ly="2022-03-15 10:00",
            ngay_cap_nhat="2022-03-15 10:00",
        )
        add(f"c{i}", "2022-03-25 08:00", 4, ngay_hen_tra="2022-04-10 17:00")
    add("d1", "2022-03-01 08:00", 4, ngay_hen_tra="2022-03-29 17:00")
    add("e1", "2022-03-05 08:00", 5, ngay_hen_tra="2022-03-15 17:00", ngay_cap_nhat="2022-03-10 09:00")
    steps.append(step("e1", 1, "yeu_cau_bo_sung", "2022-03-10 09:00", trang_thai=5))
    add("f1", "2022-03-03 08:00", 5, ngay_hen_tra="2022-03-31 17:00", ngay_cap_nhat="2022-03-21 09:00")
    steps.append(step("f1", 1, "yeu_cau_bo_sung", "2022-03-07 09:00", trang_thai=5))
    steps.append(step("f1", 2, "cong_dan_bo_sung", "2022-03-09 09:00", trang_thai=4))
    steps.append(step("f1", 3, "yeu_cau_bo_sung", "2022-03-21 09:00", trang_thai=5))
    for i in range(1, 5):
        add(
            f"g{i}",
            "2022-02-20 08:00",
            10,
            ngay_hen_tra="2022-03-10 17:00",
            ngay_ket_thuc_xu_ly="2022-03-05 10:00",
            ngay_cap_nhat="2022-03-05 10:00",
        )
    add(
        "h1",
        "2022-02-15 08:00",
        10,
        ngay_hen_tra="2022-03-01 17:00",
        ngay_ket_thuc_xu_ly="2022-03-04 10:00",
        ngay_cap_nhat="2022-03-04 10:00",
    )
    results = [
        {
            "ma_ho_so": f"a{i:02d}",
            "ma_giay_to": "1",
            "co_duong_dan_tep_ket_qua": True,
            "ma_giay_to_ket_qua": f"KQ.G15.{i:06d}",
        }
        for i in range(5, 12)
    ] + [
        {"ma_ho_so": "a12", "ma_giay_to": "1", "co_duong_dan_tep_ket_qua": True, "ma_giay_to_ket_qua": None},
        {"ma_ho_so": "a13", "ma_giay_to": "1", "co_duong_dan_tep_ket_qua": False, "ma_giay_to_ket_qua": "KQ.G15.1"},
    ]
    catalogue = [
        tthc("2022-01-10", P0, ["xa"], co_ket_qua_giay_to=False),
        tthc("2022-01-10", P1, ["xa"], co_ket_qua_giay_to=True),
        tthc("2022-01-10", P2, ["xa"], co_ket_qua_giay_to=True),
    ]
    evaluations = [
        danhgia("DG1", "a01", "2022-03-26 08:00", 2),
        danhgia("DG2", "a02", "2022-03-26 08:00", 1),
        danhgia("DG3", "b1", "2022-03-16 08:00", 2),
        danhgia("DG4", "a03", "2022-03-26 08:00", 3),
        danhgia("DG5", "a04", "2022-04-02 08:00", 1),
    ]
    feedback = [dict(pakn("PA1", "2022-03-06 08:00", ma_don_vi_xu_ly=XA), ma_ho_so="g1")]
    return {
        "donvi": AGENCIES,
        "hoso": dossiers,
        "tientrinh": steps,
        "tthc": catalogue,
        "giaytoketqua": results,
        "danhgia": evaluations,
        "pakn": feedback,
    }


def example_a_world(tmp: Path):
    return build(tmp, example_a_records(), EX_A_D)


# ============================================================================ example B
#
# Department S (= TINH), Q2 2022, D = 10/07/2022 (E = 30/06/2022). 50 TTHC T01-T50 applied at S
# (TTHC_DONVI of 01/04/2022): T01-T20 at level 4, T21-T36 at level 3, T37-T50 at level 2; T51
# (level 4) is applied at S but "Dừng công khai" (not counted); T01 is also applied at HUYEN
# (another unit). Fee procedures (co_nghia_vu_tai_chinh): T25-T36 (12).
# 800 dossiers received in Q2, 792 synced:
#   480 online (kenh 2), 24 for each of T01-T20, synced, TTHC without paper result -> 3.3 n = 480;
#   300 of fee TTHC, direct, synced: T25-T32 31 each and T33 32 (280) with a fee > 0 (T33's
#     only through a LEPHI row); T34 7 with LEPHI rows all 0, T35 7 with phi_le_phi 0, T36 6
#     with phi_le_phi empty ("0 or empty = no fee") -> 20 with all fees 0;
#     paid online (thanh_toan_truc_tuyen 1 or 2): 14 of each of T25-T29 = 70;
#   20 direct of T37-T50, 8 of them never synced.
# 3.1 36/50 · 3.2 20/36 · 3.3 480/792 · 3.5a 9/12 · 3.5b 5/12 · 3.6 70/280.
EX_B_D = date(2022, 7, 10)
S = TINH


def t(i: int) -> str:
    return f"1.0{i:05d}"


def example_b_records() -> dict[str, list[dict[str, Any]]]:
    services = [
        {
            "ngay_xuat": "2022-04-01",
            "ma_tthc": t(i),
            "ma_don_vi": S,
            "muc_do": 4 if i <= 20 else (3 if i <= 36 else 2),
            "trang_thai_dvc": "dang_cong_khai",
        }
        for i in range(1, 51)
    ]
    services.append(
        {"ngay_xuat": "2022-04-01", "ma_tthc": t(51), "ma_don_vi": S, "muc_do": 4, "trang_thai_dvc": "dung_cong_khai"}
    )
    services.append(
        {
            "ngay_xuat": "2022-04-01",
            "ma_tthc": t(1),
            "ma_don_vi": HUYEN,
            "muc_do": 4,
            "trang_thai_dvc": "dang_cong_khai",
        }
    )
    catalogue = [
        tthc(
            "2022-04-01",
            t(i),
            ["tinh", "huyen"] if i == 1 else ["tinh"],
            co_nghia_vu_tai_chinh=25 <= i <= 36,
            co_ket_qua_giay_to=False,
            muc_do=4 if i <= 20 else (3 if i <= 36 else 2),
        )
        for i in range(1, 52)
    ]
    dossiers: list[dict[str, Any]] = []
    fees: list[dict[str, Any]] = []
    seq = 0

    def received_on(n: int) -> str:
        # spread over April-June (days 1-28)
        return f"2022-{4 + n % 3:02d}-{1 + n % 28:02d} 08:00"

    def add(ma_tthc: str, **kw):
        nonlocal seq
        seq += 1
        key = f"B{seq:04d}"
        synced = kw.pop("synced", True)
        kw.setdefault("thanh_toan_truc_tuyen", 0)
        when = received_on(seq)
        dossiers.append(
            hoso(
                key,
                when,
                4,
                ma_don_vi=S,
                ma_tthc=ma_tthc,
                da_dong_bo_dvcqg=synced,
                ngay_dong_bo_dvcqg=when if synced else None,
                **kw,
            )
        )
        return key

    for i in range(1, 21):
        for _ in range(24):
            add(t(i), kenh=2, muc_do=4)
    for i in range(25, 34):
        for j in range(32 if i == 33 else 31):
            paid = i <= 29 and j < 14
            if i == 33:
                key = add(t(i), phi_le_phi=None)
                fees.append({"ma_ho_so": key, "stt": 1, "gia": 20000})
            else:
                add(t(i), phi_le_phi=50000, thanh_toan_truc_tuyen=(1 + j % 2) if paid else 0)
    for _ in range(7):
        key = add(t(34), phi_le_phi=None)
        fees += [{"ma_ho_so": key, "stt": 1, "gia": 0}, {"ma_ho_so": key, "stt": 2, "gia": 0}]
    for _ in range(7):
        add(t(35), phi_le_phi=0)
    for _ in range(6):
        add(t(36), phi_le_phi=None)
    for k in range(20):
        add(t(37 + k % 14), synced=k >= 8)
    return {"donvi": AGENCIES, "hoso": dossiers, "tthc": catalogue, "tthc_donvi": services, "lephi": fees}


def example_b_world(tmp: Path):
    return build(tmp, example_b_records(), EX_B_D)


# ============================================================================ rules world
#
# D = 30/06/2022. Every case is worked out beside its records; the tests name them.
RULES_D = date(2022, 6, 30)
Q_RESULT, Q_NO_RESULT, Q_CITIZEN, Q_BUSINESS, Q_FOREIGN, Q_COPY = (
    "2.000201",
    "2.000202",
    "2.000203",
    "2.000204",
    "2.000205",
    "2.000815",
)
F_ONLINE, F_FAILED, F_CASH = "2.000301", "2.000302", "2.000303"


def rules_records() -> dict[str, list[dict[str, Any]]]:
    agencies = AGENCIES + [agency(XA2, "xa", "UBND xã Cẩm Hòa")]
    catalogue = [
        tthc("2022-01-10", Q_RESULT, ["tinh", "xa"], co_ket_qua_giay_to=True, doi_tuong_thuc_hien="Doanh nghiệp"),
        tthc("2022-01-10", Q_NO_RESULT, ["tinh"], co_ket_qua_giay_to=False, doi_tuong_thuc_hien="Doanh nghiệp"),
        tthc(
            "2022-01-10",
            Q_CITIZEN,
            ["tinh"],
            co_ket_qua_giay_to=False,
            doi_tuong_thuc_hien="Công dân Việt Nam; Doanh nghiệp",
        ),
        tthc("2022-01-10", Q_BUSINESS, ["tinh"], co_ket_qua_giay_to=False, doi_tuong_thuc_hien="Doanh nghiệp"),
        tthc("2022-01-10", Q_FOREIGN, ["tinh"], co_ket_qua_giay_to=False, doi_tuong_thuc_hien="NGƯỜI NƯỚC NGOÀI"),
        {
            **tthc("2022-01-10", Q_COPY, ["xa"], co_ket_qua_giay_to=True, doi_tuong_thuc_hien="Công dân Việt Nam"),
            "ten_tthc": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
        },
        tthc("2022-01-10", F_ONLINE, ["tinh"], co_nghia_vu_tai_chinh=True),
        tthc("2022-01-10", F_FAILED, ["tinh"], co_nghia_vu_tai_chinh=True),
        tthc("2022-01-10", F_CASH, ["tinh"], co_nghia_vu_tai_chinh=True),
    ]
    # 3.5a/3.5b (the catalogue at E): the snapshot of 10/06 repeats every procedure, but F_CASH no
    # longer has a financial obligation -> out of d from June (and in Q2, whose E is 30/06)
    catalogue += [
        {
            **row,
            "ngay_xuat": "2022-06-10",
            "co_nghia_vu_tai_chinh": row.get("co_nghia_vu_tai_chinh") and row["ma_tthc"] != F_CASH,
        }
        for row in catalogue
    ]
    services = (
        [
            {
                "ngay_xuat": "2022-01-10",
                "ma_tthc": code,
                "ma_don_vi": TINH,
                "muc_do": 3,
                "trang_thai_dvc": "dang_cong_khai",
            }
            for code in (Q_RESULT, Q_NO_RESULT, Q_CITIZEN, Q_BUSINESS, Q_FOREIGN, F_ONLINE, F_FAILED, F_CASH)
        ]
        + [
            {
                "ngay_xuat": "2022-01-10",
                "ma_tthc": Q_COPY,
                "ma_don_vi": unit,
                "muc_do": 3,
                "trang_thai_dvc": "dang_cong_khai",
            }
            for unit in (XA, XA2)
        ]
        + [
            # 3.2: a service applied at the huyện; its online dossier is executed by the huyện
            {
                "ngay_xuat": "2022-01-10",
                "ma_tthc": Q_NO_RESULT,
                "ma_don_vi": HUYEN,
                "muc_do": 4,
                "trang_thai_dvc": "dang_kiem_thu",
            },
        ]
    )
    may = "2022-05-02 08:00"
    dossiers = [
        # 4.1 / 4.2 (A17): R1 resolved 20/05, TTHC with paper result, a result file and a submitted
        # file, a file from the national store (4.4, 4.5b) -> 4.1 yes, 4.2 yes, 4.4 yes
        hoso("R1", may, 10, ma_tthc=Q_RESULT, ngay_ket_thuc_xu_ly="2022-05-20 08:00", ngay_cap_nhat="2022-05-20 08:00"),
        # R2 resolved 20/05, paper result TTHC, a submitted file but no result row -> 4.1 no, 4.2 no
        hoso("R2", may, 10, ma_tthc=Q_RESULT, ngay_ket_thuc_xu_ly="2022-05-20 08:00", ngay_cap_nhat="2022-05-20 08:00"),
        # R3 resolved 20/05, TTHC without paper result -> not in 4.1's d; 4.2 yes (submitted file)
        hoso(
            "R3", may, 10, ma_tthc=Q_NO_RESULT, ngay_ket_thuc_xu_ly="2022-05-20 08:00", ngay_cap_nhat="2022-05-20 08:00"
        ),
        # R4 received May, open at E, paper result TTHC, submitted file -> 4.2 yes (the result waits)
        hoso("R4", may, 4, ma_tthc=Q_RESULT),
        # R5 only a deleted file; R6 a file row without a path -> 4.2 no
        hoso("R5", may, 4, ma_tthc=Q_NO_RESULT),
        hoso("R6", may, 4, ma_tthc=Q_NO_RESULT),
        # R7 a result synced to the personal store (4.4 yes), no file of its own
        hoso("R7", may, 4, ma_tthc=Q_NO_RESULT),
        # R8 VNeID applicant of a citizen procedure (4.5a, 4.5b yes)
        hoso("R8", may, 4, ma_tthc=Q_CITIZEN, tai_khoan_vneid=True),
        # R9 a business procedure dossier with VNeID: 4.5b yes, but Q_BUSINESS is not in 4.5a's d
        hoso("R9", may, 4, ma_tthc=Q_BUSINESS, tai_khoan_vneid=True),
        # 3.5b: F_ONLINE paid through THANHTOAN form 1 (success) although the dossier says 0;
        # F_FAILED a failed form-2 payment; F_CASH a successful cash payment
        hoso("P1", may, 4, ma_tthc=F_ONLINE, phi_le_phi=10000, thanh_toan_truc_tuyen=0),
        hoso("P2", may, 4, ma_tthc=F_FAILED, phi_le_phi=10000, thanh_toan_truc_tuyen=0),
        hoso("P3", may, 4, ma_tthc=F_CASH, phi_le_phi=10000, thanh_toan_truc_tuyen=0),
        # 3.3 (A16): received 10/05, online, synced on 05/06: not synced at E(2022-05) = 31/05,
        # synced at E(2022-Q2) = 30/06
        hoso(
            "S1",
            "2022-05-10 08:00",
            4,
            ma_tthc=Q_NO_RESULT,
            kenh=2,
            da_dong_bo_dvcqg=True,
            ngay_dong_bo_dvcqg="2022-06-05 08:00",
        ),
        # 3.2: online dossier executed by the huyện
        hoso("H1", may, 4, ma_don_vi=HUYEN, ma_tthc=Q_NO_RESULT, kenh=2),
        # 4.6: XA certified copy with an electronic result; XA2 a certified copy without one
        hoso(
            "C1",
            may,
            10,
            ma_don_vi=XA,
            ma_tthc=Q_COPY,
            ngay_ket_thuc_xu_ly="2022-05-03 08:00",
            ngay_cap_nhat="2022-05-03 08:00",
        ),
        hoso(
            "C2",
            may,
            10,
            ma_don_vi=XA2,
            ma_tthc=Q_COPY,
            ngay_ket_thuc_xu_ly="2022-05-03 08:00",
            ngay_cap_nhat="2022-05-03 08:00",
            da_so_hoa_ket_qua=True,
        ),
    ]
    submitted = [
        {"ma_ho_so": "R1", "ma_tep": "1", "co_duong_dan_tep": True, "da_xoa": False, "lay_tu_kho_dmqg": True},
        {"ma_ho_so": "R2", "ma_tep": "1", "co_duong_dan_tep": True, "da_xoa": False},
        {"ma_ho_so": "R3", "ma_tep": "1", "co_duong_dan_tep": True, "da_xoa": False},
        {"ma_ho_so": "R4", "ma_tep": "1", "co_duong_dan_tep": True, "da_xoa": False},
        {"ma_ho_so": "R5", "ma_tep": "1", "co_duong_dan_tep": True, "da_xoa": True},
        {"ma_ho_so": "R6", "ma_tep": "1", "co_duong_dan_tep": False, "da_xoa": False},
    ]
    results = [
        {"ma_ho_so": "R1", "ma_giay_to": "1", "co_duong_dan_tep_ket_qua": True, "ma_giay_to_ket_qua": "KQ.1"},
        {"ma_ho_so": "R7", "ma_giay_to": "1", "co_duong_dan_tep_ket_qua": False, "dong_bo_kho_ca_nhan": True},
        {"ma_ho_so": "C1", "ma_giay_to": "1", "co_duong_dan_tep_ket_qua": True, "ma_giay_to_ket_qua": "KQ.2"},
    ]
    payments = [
        thanhtoan("TT1", "P1", "2022-05-03 09:00", 1),
        thanhtoan("TT2", "P2", "2022-05-03 09:00", 2, "that_bai"),
        thanhtoan("TT3", "P3", "2022-05-03 09:00", 3),
    ]
    return {
        "donvi": agencies,
        "tthc": catalogue,
        "tthc_donvi": services,
        "hoso": dossiers,
        "tailieunop": submitted,
        "giaytoketqua": results,
        "thanhtoan": payments,
        "pakn": rules_feedback(),
    }


def rules_feedback() -> list[dict[str, Any]]:
    """PAKN of the rules world, all handled by TINH, about regulations unless said otherwise.
    May 2022 has no public holiday after 02/05 (dim_calendar): working days are Monday-Friday."""

    def fb(key, received, result=None, **kw):
        rec = pakn(key, received, ngay_co_ket_qua=result, ma_don_vi_xu_ly=TINH)
        rec.update({"phan_loai": "quy_dinh_tthc", "so_thich": 0, "so_khong_thich": 0})
        rec.update(kw)
        return rec

    return [
        # K1 received 09/05, handled 13/05 (4 working days) -> on time; 5.3 favourable
        fb("K1", "2022-05-09 08:00", "2022-05-13 08:00"),
        # K2 refused 13/05, 4 working days after 09/05 (> 2) -> late
        fb("K2", "2022-05-09 08:00", "2022-05-13 08:00", trang_thai="tu_choi"),
        # K3 asked for more information on 19/05, 8 working days after 09/05 (> 5) -> late,
        # although its result on 20/05 is within 15
        fb("K3", "2022-05-09 08:00", "2022-05-20 08:00", ngay_yeu_cau_bo_sung="2022-05-19 08:00"),
        # K4 in progress at E(2022-06) = 30/06, received 27/06 -> within 15 working days: on time
        fb("K4", "2022-06-27 08:00"),
        # K5 in progress since 04/04 -> at E(2022-05) = 31/05 over 15 working days: late
        fb("K5", "2022-04-04 08:00"),
        # K6 handled 13/05, published 24/05 (7 working days after the result, > 2) -> late
        fb("K6", "2022-05-09 08:00", "2022-05-13 08:00", cong_khai=True, ngay_cong_khai="2022-05-24 08:00"),
        # K7 handled on time but disliked (3 dislikes > 1 like) -> 5.3 unfavourable
        fb("K7", "2022-05-09 08:00", "2022-05-13 08:00", so_thich=1, so_khong_thich=3, phan_loai="hanh_vi_can_bo"),
        # K8 handled on time, re-raised by K9 (received 20/05, ma_pakn_goc K8) -> 5.3 unfavourable;
        # K9 is a record of its own (in progress at 31/05 within 15 working days: favourable)
        fb("K8", "2022-05-09 08:00", "2022-05-13 08:00", phan_loai="khac"),
        fb("K9", "2022-05-20 08:00", ma_pakn_goc="K8", phan_loai=None),
        # K10 not about regulations (thuoc_pham_vi 0): never counted
        fb("K10", "2022-05-09 08:00", thuoc_pham_vi=False),
    ]


def rules_world(tmp: Path):
    return build(tmp, rules_records(), RULES_D)


# ============================================================================ absent inputs
#
# D = 30/06/2022. The exports of before QĐ 766: HOSO, TTHC and PAKN without the new columns, no
# TAILIEUNOP, GIAYTOKETQUA, LEPHI or TTHC_DONVI. Two dossiers at TINH received in May: A1 online,
# synced (da_dong_bo_dvcqg = 1: a state as of D), result digitised with a code; A2 direct, not
# synced. One procedure X1 at level tinh, level 3.
ABSENT_D = date(2022, 6, 30)
NEW_HOSO = ["ma_co_quan_thuc_hien", "ngay_dong_bo_dvcqg", "tai_khoan_vneid", "noi_nop", "ma_csdl"]
NEW_TTHC = [
    "co_ket_qua_giay_to",
    "du_dieu_kien_toan_trinh",
    "doi_tuong_thuc_hien",
    "loai_cong_bo",
    "trang_thai_cong_khai",
    "ngay_cong_khai_csdlqg",
    "ma_don_vi_chu_tri",
    "co_ten",
    "co_trinh_tu",
    "co_cach_thuc",
    "co_thanh_phan_ho_so",
    "co_thoi_han",
    "co_doi_tuong",
    "co_co_quan_thuc_hien",
]
NEW_PAKN = [
    "ma_ho_so",
    "phan_loai",
    "so_thich",
    "so_khong_thich",
    "ma_pakn_goc",
    "ngay_yeu_cau_bo_sung",
    "ngay_cong_khai",
]
X1 = "1.000901"


def absent_records() -> dict[str, list[dict[str, Any]]]:
    return {
        "donvi": AGENCIES,
        "tthc": [tthc("2022-01-10", X1, ["tinh"], muc_do=3, co_nghia_vu_tai_chinh=True)],
        "hoso": [
            hoso(
                "A1",
                "2022-05-02 08:00",
                4,
                ma_tthc=X1,
                kenh=2,
                da_dong_bo_dvcqg=True,
                da_so_hoa_ket_qua=True,
                ma_ket_qua="KQ.G15.000001",
                co_thanh_phan_so_hoa=True,
                phi_le_phi=10000,
                thanh_toan_truc_tuyen=1,
            ),
            hoso(
                "A2",
                "2022-05-03 08:00",
                4,
                ma_tthc=X1,
                kenh=1,
                co_thanh_phan_so_hoa=False,
                da_dong_bo_dvcqg=False,
                phi_le_phi=10000,
                thanh_toan_truc_tuyen=0,
            ),
        ],
        "pakn": [pakn("AK1", "2022-05-09 08:00", "2022-05-10 08:00", "2022-05-13 08:00", ma_don_vi_xu_ly=TINH)],
    }


def absent_world(tmp: Path):
    return build(tmp, absent_records(), ABSENT_D, drop={"hoso": NEW_HOSO, "tthc": NEW_TTHC, "pakn": NEW_PAKN})

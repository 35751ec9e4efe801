"""Hand-made worlds of the QĐ 766 index (docs/index-766.md), worked out in comments.

`example_ac`: the worked examples A and C of the index's definition, month 2022-03, D = 05/04/2022
(so E(2022-03) = 31/03/2022). Agencies:

    X   UBND xã (commune of example A), parent C
    B   a sở (Sở, ban, ngành); CT the Trung tâm Phục vụ hành chính công (receives for B)
    C   UBND huyện; C1 a phòng of C (its dossiers count for C)
    TW  a central agency (not in the province's roll-up)

Commune X, dossiers received 2022 (all `ma_don_vi` = X; the classes of example A):

| class | n | received | state / end                           | due   | 2.1                  |
|-------|---|----------|---------------------------------------|-------|----------------------|
| a     |31 | 01/03    | 10, ended 10/03                       | 15/03 | on time              |
| b     | 3 | 01/03    | 10, ended 20/03                       | 15/03 | overdue              |
| c     | 3 | 02/03    | 4 at E                                | 05/04 | on time (open)       |
| d     | 1 | 01/03    | 4 at E                                | 29/03 | overdue (open)       |
| e     | 1 | 03/03    | 5 at E; one Yêu cầu bổ sung 10/03     | 15/03 | ends 10/03, on time  |
| f     | 1 | 03/03    | 5 at E; Yêu cầu bổ sung 07/03, 21/03  | 31/03 | overdue (> 1 request)|
| g     | 4 | 15/02    | 10, ended 10/03                       | 15/03 | on time              |
| h     | 1 | 15/02    | 10, ended 20/03                       | 15/03 | overdue              |

Two class-a dossiers (XA01, XA02) are not synced; every other dossier is synced on the day it is
received (`ngay_dong_bo_dvcqg`).

Example C adds, for 2.1 in 2022-03 (all received 01/03 and ended in March, synced):
B: 400 dossiers, 390 on time, 10 late — 10 of the on-time ones received at the centre CT with
`ma_co_quan_thuc_hien` = B, 10 more received at CT and handed over to B by their first
`Chuyển xử lý` step; C: 60 dossiers, 50 on time, 10 late — 5 on time and 5 late received by the
phòng C1. TW: 5 dossiers, all late (they must not reach the province).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.warehouse.helpers import agency, build_from_records, hoso, step

D = date(2022, 4, 5)
X, B, CT, C, C1, TW = (
    "000.01.01.H27",
    "000.00.05.H27",
    "000.00.30.H27",
    "000.01.00.H27",
    "000.01.50.H27",
    "000.00.90.H27",
)
PROVINCE = "000.00.00.H27"

AGENCIES = [
    agency(PROVINCE, "tinh", "UBND tỉnh", loai="UBND cấp tỉnh"),
    agency(B, "tinh", "Sở Tư pháp", loai="Sở, ban, ngành", ma_don_vi_cha=PROVINCE),
    agency(
        CT,
        "tinh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        loai="Trung tâm Phục vụ hành chính công",
        ma_don_vi_cha=PROVINCE,
    ),
    agency(C, "huyen", "UBND huyện Cẩm Xuyên", loai="UBND cấp huyện", ma_don_vi_cha=PROVINCE),
    agency(C1, "huyen", "Phòng Tư pháp huyện Cẩm Xuyên", loai="Phòng chuyên môn", ma_don_vi_cha=C),
    agency(X, "xa", "UBND xã Cẩm Bình", loai="UBND cấp xã", ma_don_vi_cha=C),
    agency(TW, "tw", "Công an tỉnh", loai="Cơ quan Trung ương"),
]


def dossier(
    ma: str, unit: str, received: str, status: int, due: str, ended: str | None = None, synced: bool = True, **kw
):
    """A dossier as the examples state it: received at 08:00, synced the same day unless not."""
    return hoso(
        ma,
        f"{received} 08:00",
        status,
        ma_don_vi=unit,
        ngay_hen_tra=f"{due} 17:00",
        ngay_ket_thuc_xu_ly=None if ended is None else f"{ended} 16:00",
        ngay_cap_nhat=f"{ended or received} 16:00",
        da_dong_bo_dvcqg=synced,
        ngay_dong_bo_dvcqg=f"{received} 09:00" if synced else None,
        **kw,
    )


def commune_x() -> tuple[list[dict], list[dict]]:
    """The 45 dossiers of example A (classes a–h above) and their steps."""
    recs, steps = [], []
    for i in range(1, 32):  # a: 31, ended 10/03, due 15/03; XA01, XA02 never synced
        recs.append(dossier(f"XA{i:02d}", X, "2022-03-01", 10, "2022-03-15", "2022-03-10", synced=i > 2))
    for i in range(1, 4):  # b: 3, ended 20/03 > due 15/03
        recs.append(dossier(f"XB{i}", X, "2022-03-01", 10, "2022-03-15", "2022-03-20"))
    for i in range(1, 4):  # c: 3, open at E, due 05/04 ≥ 31/03
        recs.append(dossier(f"XC{i}", X, "2022-03-02", 4, "2022-04-05"))
    recs.append(dossier("XD1", X, "2022-03-01", 4, "2022-03-29"))  # d: open at E, due 29/03 < 31/03
    # e: waiting for a supplement asked on 10/03 (one request): ends 10/03 ≤ due 15/03
    recs.append(dossier("XE1", X, "2022-03-03", 5, "2022-03-15"))
    steps.append(step("XE1", 1, "yeu_cau_bo_sung", "2022-03-10 10:00", trang_thai=5))
    # f: waiting after two requests (07/03 answered 08/03, 21/03 still open): overdue whatever the due
    recs.append(dossier("XF1", X, "2022-03-03", 5, "2022-03-31"))
    steps += [
        step("XF1", 1, "yeu_cau_bo_sung", "2022-03-07 10:00", trang_thai=5),
        step("XF1", 2, "cong_dan_bo_sung", "2022-03-08 10:00", trang_thai=4),
        step("XF1", 3, "yeu_cau_bo_sung", "2022-03-21 10:00", trang_thai=5),
    ]
    for i in range(1, 5):  # g: received in February, ended 10/03 on time
        recs.append(dossier(f"XG{i}", X, "2022-02-15", 10, "2022-03-15", "2022-03-10"))
    recs.append(dossier("XH1", X, "2022-02-15", 10, "2022-03-15", "2022-03-20"))  # h: February, ended late
    return recs, steps


def department_b() -> tuple[list[dict], list[dict]]:
    """B: 400 dossiers ended in March, 390 on time; 10 at CT naming B, 10 at CT handed to B."""
    recs, steps = [], []
    for i in range(400):
        late = i >= 390
        kw: dict = {}
        unit = B
        if i < 10:  # received at the centre, performing agency B
            unit, kw = CT, {"ma_co_quan_thuc_hien": B}
        elif i < 20:  # received at the centre, first hand-over to B
            unit = CT
            steps.append(step(f"B{i:03d}", 1, "chuyen_xu_ly", "2022-03-01 09:00", don_vi_gui=CT, don_vi_nhan=B))
        recs.append(
            dossier(f"B{i:03d}", unit, "2022-03-01", 10, "2022-03-15", "2022-03-20" if late else "2022-03-10", **kw)
        )
    return recs, steps


def district_c() -> list[dict]:
    """C: 60 dossiers ended in March, 50 on time; 5 on time and 5 late received by its phòng C1."""
    recs = []
    for i in range(60):
        late = i >= 50
        unit = C1 if (45 <= i < 50 or i >= 55) else C
        recs.append(dossier(f"C{i:02d}", unit, "2022-03-01", 10, "2022-03-15", "2022-03-20" if late else "2022-03-10"))
    return recs


def central_tw() -> list[dict]:
    """TW: 5 late dossiers (a central agency: outside the province's roll-up)."""
    return [dossier(f"T{i}", TW, "2022-03-01", 10, "2022-03-15", "2022-03-20") for i in range(5)]


def example_ac_records() -> dict[str, list[dict]]:
    x, x_steps = commune_x()
    b, b_steps = department_b()
    return {"donvi": AGENCIES, "hoso": x + b + district_c() + central_tw(), "tientrinh": x_steps + b_steps}


@pytest.fixture(scope="session")
def example_ac(tmp_path_factory):
    return build_from_records(tmp_path_factory.mktemp("idx766_ac"), example_ac_records(), as_of=D)


# ============================================================================ rules world
# One dossier per reading of docs/index-766.md §2 and §8 (D = 05/04/2022, month 2022-03), and a
# catalogue for 1.1–1.3 (two snapshots, 15/03 and 01/04/2022; B and B2 lead the publication).
B2 = "000.00.06.H27"
RULE_AGENCIES = [*AGENCIES, agency(B2, "tinh", "Sở Nội vụ", loai="Sở, ban, ngành", ma_don_vi_cha=PROVINCE)]


def rule_dossiers() -> tuple[list[dict], list[dict]]:
    recs, steps = [], []
    # attribution (§2, §8 A13)
    recs.append(dossier("R1", CT, "2022-03-01", 10, "2022-03-15", "2022-03-10"))  # at the centre, no hand-over
    recs.append(dossier("R2", X, "2022-03-01", 10, "2022-03-15", "2022-03-10", ma_co_quan_thuc_hien=B))
    recs.append(dossier("R3", CT, "2022-03-01", 10, "2022-03-15", "2022-03-10"))  # handed to C1, a phòng of C
    steps.append(step("R3", 1, "chuyen_xu_ly", "2022-03-01 09:00", don_vi_gui=CT, don_vi_nhan=C1))
    # A8: due 10/03 08:00, ended 10/03 17:00 → same day → on time
    recs.append(
        hoso("R4", "2022-03-01 08:00", 10, ma_don_vi=B, ngay_hen_tra="2022-03-10 08:00",
             ngay_ket_thuc_xu_ly="2022-03-10 17:00", da_dong_bo_dvcqg=True, ngay_cap_nhat="2022-03-10 17:00")
    )  # fmt: skip
    # A7: two supplement requests, each answered, then ended 12/03 ≤ due 15/03 → on time (judged by its end)
    recs.append(dossier("R5", B, "2022-03-01", 10, "2022-03-15", "2022-03-12"))
    steps += [
        step("R5", 1, "yeu_cau_bo_sung", "2022-03-03 10:00", trang_thai=5),
        step("R5", 2, "cong_dan_bo_sung", "2022-03-04 10:00", trang_thai=4),
        step("R5", 3, "yeu_cau_bo_sung", "2022-03-07 10:00", trang_thai=5),
        step("R5", 4, "cong_dan_bo_sung", "2022-03-08 10:00", trang_thai=4),
    ]
    # no due date: T5 allows 5 working days; from Tue 01/03 the 5th working day is Tue 08/03
    for ma, ended in (("R6", "2022-03-09"), ("R7", "2022-03-08")):  # R6: 6 working days → late; R7: 5 → on time
        rec = dossier(ma, B, "2022-03-01", 10, "2022-03-15", ended, ma_tthc="T5")
        rec["ngay_hen_tra"] = None
        recs.append(rec)
    rec = dossier("R8", B, "2022-03-01", 10, "2022-03-15", "2022-03-30", ma_tthc="TN")  # TN: no thoi_han → on time
    rec["ngay_hen_tra"] = None
    recs.append(rec)
    # A6: pause 05/03 → 08/03, due already moved to 20/03, ended 22/03 → late (subtracting the pause
    # would give 19/03, on time: the pause would count twice)
    recs.append(dossier("R9", B, "2022-03-01", 10, "2022-03-20", "2022-03-22"))
    steps += [
        step("R9", 1, "yeu_cau_bo_sung", "2022-03-05 10:00", trang_thai=5),
        step("R9", 2, "cong_dan_bo_sung", "2022-03-08 10:00", trang_thai=4),
    ]
    # withdrawn 12/03 (a status-7 step) before its due 15/03: ended, on time, in the population
    recs.append(dossier("R10", B, "2022-03-01", 7, "2022-03-15"))
    steps.append(step("R10", 1, "rut_ho_so", "2022-03-12 10:00", trang_thai=7))
    # priority: a status-9 step (14/03) wins over an earlier status-10 step (11/03): due 12/03 → late
    recs.append(dossier("R11", B, "2022-03-01", 9, "2022-03-12", "2022-03-14"))
    steps += [
        step("R11", 1, "tra_ket_qua", "2022-03-11 10:00", trang_thai=10),
        step("R11", 2, "ket_thuc_xu_ly", "2022-03-14 10:00", trang_thai=9),
    ]
    # A16: received 10/03, synced 02/04 (after E of March, before D): not synced in March, synced in 2022
    rec = dossier("R12", B, "2022-03-10", 4, "2022-04-30")
    rec["ngay_dong_bo_dvcqg"] = "2022-04-02 09:00"
    recs.append(rec)
    # 2.2: resolved in March, the time in the procedure's unit
    recs.append(dossier("S1", B, "2022-03-01", 10, "2022-03-15", "2022-03-08", ma_tthc="T5"))  # 5 working days
    recs.append(dossier("S2", B, "2022-03-01", 10, "2022-03-15", "2022-03-08", ma_tthc="TD"))  # 7 days
    s3 = dossier("S3", B, "2022-03-01", 10, "2022-03-15", "2022-03-01", ma_tthc="TG")  # 08:00 → 12:30: 4.5 hours
    s3["ngay_ket_thuc_xu_ly"] = "2022-03-01 12:30"
    recs.append(s3)
    return recs, steps


def rule_catalogue() -> list[dict]:
    from tests.sql.records import tthc

    seven = dict.fromkeys(
        (
            "co_ten",
            "co_trinh_tu",
            "co_cach_thuc",
            "co_thanh_phan_ho_so",
            "co_thoi_han",
            "co_doi_tuong",
            "co_co_quan_thuc_hien",
        ),
        True,
    )

    def entry(
        snapshot, ma, chu_tri=None, qd=None, hieu_luc=None, status="dang_cong_khai", cong_khai="2022-02-15", **kw
    ):
        flags = {**seven, **kw.pop("flags", {})}
        return tthc(
            snapshot, ma, ngay_qd_cong_bo=qd, ngay_hieu_luc_can_cu=hieu_luc, ma_don_vi_chu_tri=chu_tri,
            trang_thai_cong_khai=status, ngay_cong_khai_csdlqg=cong_khai, **flags, **kw,
        )  # fmt: skip

    rows = []
    for snapshot in ("2022-03-15", "2022-04-01"):
        # 1.1: wd_sub(10/03, 5) = 03/03: P1 (QĐ 01/03) on time, P2 (QĐ 07/03) late; P3 on time on 01/03
        # but its decision of 20/03 (snapshot 01/04) is late (wd_sub(22/03, 5) = 15/03); P4 no lead agency
        rows += [
            entry(snapshot, "P1", B, "2022-03-01", "2022-03-10"),
            entry(snapshot, "P2", B, "2022-03-07", "2022-03-10"),
            entry(snapshot, "P3", B, "2022-03-01" if snapshot == "2022-03-15" else "2022-03-20",
                  "2022-03-10" if snapshot == "2022-03-15" else "2022-03-22"),
            entry(snapshot, "P4", None, "2022-03-01", "2022-03-10"),
        ]  # fmt: skip
        # 1.2 (wd_add(01/03, 5) = 08/03): Q1 publicised 08/03 on time, Q2 10/03 late, Q3 not publicised
        # and due 08/03 ≤ E late, Q4 due 04/04 > E(March) not yet counted; Q5 publicised in February.
        # 1.3: Q2 lacks its deadline, Q5's target group is empty (not proved)
        rows += [
            entry(snapshot, "Q1", B2, "2022-03-01", "2022-04-30", cong_khai="2022-03-08"),
            entry(snapshot, "Q2", B2, "2022-03-01", "2022-04-30", cong_khai="2022-03-10", flags={"co_thoi_han": False}),
            entry(snapshot, "Q3", B2, "2022-03-01", "2022-04-30", status="chua_cong_khai", cong_khai=None),
            entry(snapshot, "Q4", B2, "2022-03-28", "2022-04-30", status="chua_cong_khai", cong_khai=None),
            entry(snapshot, "Q5", B2, "2022-02-01", "2022-04-30", flags={"co_doi_tuong": None}),
        ]
        # procedures of the dossiers (deadline units of 2.2 and the no-due-date rule)
        rows += [
            entry(snapshot, "T5", thoi_han=5, don_vi_thoi_han="ngay_lam_viec"),
            entry(snapshot, "TD", thoi_han=10, don_vi_thoi_han="ngay"),
            entry(snapshot, "TG", thoi_han=8, don_vi_thoi_han="gio_lam_viec"),
            entry(snapshot, "TN", don_vi_thoi_han="ngay_lam_viec"),
        ]
    return rows


def rule_applied_procedures() -> list[dict]:
    """TTHC_DONVI, one snapshot dated 01/04/2022 (so March falls back to the catalogue by level):
    P1 at B; P2 at C1 (a phòng of C → C); P3 at X but Dừng công khai (left out); Q1 at B, Chờ dừng
    công khai (kept)."""
    rows = [("P1", B, 4, "dang_cong_khai"), ("P2", C1, 3, "dang_cong_khai"), ("P3", X, 2, "dung_cong_khai"),
            ("Q1", B, 3, "cho_dung_cong_khai")]  # fmt: skip
    return [
        {"ngay_xuat": "2022-04-01", "ma_tthc": m, "ma_don_vi": u, "muc_do": lv, "trang_thai_dvc": st}
        for m, u, lv, st in rows
    ]


def rules_records() -> dict[str, list[dict]]:
    recs, steps = rule_dossiers()
    return {
        "donvi": RULE_AGENCIES,
        "hoso": recs,
        "tientrinh": steps,
        "tthc": rule_catalogue(),
        "tthc_donvi": rule_applied_procedures(),
    }


@pytest.fixture(scope="session")
def rules_world(tmp_path_factory):
    return build_from_records(tmp_path_factory.mktemp("idx766_rules"), rules_records(), as_of=D)

"""Hand-made dossiers for "due soon at T" (metrics.md, "Due soon at T"; macro is_due_soon_at of
sql/macros/due_soon.sql), worked out in comments.

As-of date D = T = Friday 29/04/2022. 2022 days off after it: Sat 30/04 (Ngày Giải phóng), Sun 01/05
(Quốc tế Lao động), Mon 02/05 and Tue 03/05 (nghỉ bù). So the working days after T are Wed 04/05
(1st), Thu 05/05 (2nd), Fri 06/05 (3rd): with N = 2, a dossier open at T is due soon when its
appointment date is in [29/04, 05/05].

HUYEN (UBND huyện Cẩm Xuyên) and XA (UBND xã Cẩm Bình, child of HUYEN) receive them.

The province's service centre CENTRE (Trung tâm Phục vụ hành chính công) receives two dossiers for
which TINH (Sở Tư pháp) is answerable (a `tiep_nhan` step by the centre): C1 resolved on time on
25/04, C2 open and due 10/05 (neither overdue nor due soon at T). Neither changes a due-soon count.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, XA, agency, build_from_records, hoso, step

T = date(2022, 4, 29)
IN = "2022-04-20 08:00"  # every dossier is received on Wed 20/04
CENTRE = "000.00.60.H27"


def _open(ma: str, due: str, ma_don_vi: str = HUYEN, **kw) -> dict:
    return hoso(ma, IN, kw.pop("trang_thai", 4), ma_don_vi=ma_don_vi, ngay_hen_tra=f"{due} 17:00", **kw)


def due_soon_records() -> dict[str, list[dict]]:
    hs = [
        _open("S1", "2022-04-29"),  # due today (T): not overdue yet → due soon
        _open("S2", "2022-05-03"),  # due on a day off (nghỉ bù), before the 1st working day → due soon
        _open("S3", "2022-05-05"),  # due on the 2nd working day after T: the boundary is inclusive → due soon
        _open("S4", "2022-05-06"),  # 3rd working day → not with N = 2; due soon with N = 3
        _open("S5", "2022-04-28"),  # due yesterday → overdue at T, not "due soon"
        # resolved on 28/04 → not open at T (nor at 28/04)
        _open(
            "S6", "2022-05-04", trang_thai=10, ngay_ket_thuc_xu_ly="2022-04-28 15:00", ngay_cap_nhat="2022-04-28 15:00"
        ),
        _open("S7", "2022-05-04", trang_thai=5),  # waiting for the citizen's supplement: the clock is stopped
        # resolved on T itself → not open at T; but open at 28/04 (see the inspection's den_ngay)
        _open(
            "S10", "2022-05-04", trang_thai=10, ngay_ket_thuc_xu_ly="2022-04-29 10:00", ngay_cap_nhat="2022-04-29 10:00"
        ),
        _open("S8", "2022-05-04", ma_don_vi=XA),  # the commune's one: 1st working day → due soon
    ]
    hs += [
        _open(
            "C1",
            "2022-04-27",
            ma_don_vi=TINH,
            trang_thai=10,
            ngay_ket_thuc_xu_ly="2022-04-25 10:00",
            ngay_cap_nhat="2022-04-25 10:00",
        ),
        _open("C2", "2022-05-10", ma_don_vi=TINH),
    ]
    steps = [step(ma, 1, "tiep_nhan", IN, don_vi_gui=CENTRE, don_vi_nhan=CENTRE) for ma in ("C1", "C2")] + [
        step("S1", 1, "tiep_nhan", IN, don_vi_gui=HUYEN, don_vi_nhan=HUYEN)
    ]  # received by its own unit
    centre = agency(CENTRE, "tinh", "Trung tâm Phục vụ hành chính công tỉnh", loai="Trung tâm Phục vụ hành chính công")
    return {"donvi": [*AGENCIES, centre], "hoso": hs, "tientrinh": steps}


# With N = 2 at T: HUYEN {S1, S2, S3} = 3, XA {S8} = 1; open overdue at T: HUYEN {S5} = 1.
EXPECTED_AT_T = {HUYEN: {"S1", "S2", "S3"}, XA: {"S8"}}


@pytest.fixture(scope="session")
def due_soon_db(tmp_path_factory):
    """The built file's path (tests open it read-only, or run inspections on it)."""
    import tests.warehouse.helpers as H

    con = build_from_records(tmp_path_factory.mktemp("due_soon"), due_soon_records(), as_of=T)
    con.close()
    return H.last_result.db_path

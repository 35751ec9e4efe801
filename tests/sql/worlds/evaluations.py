"""satisfaction_rate, satisfaction_rate_by_field_group and orphans (docs/metrics.md, "Evaluations and
payments"): hand-made cases, answers worked out by hand. As of 30/06/2022."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from tests.sql.records import HATINH_PLAN, danhgia
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, TW, XA, build_from_records, hoso

NFD_NHA_O = unicodedata.normalize("NFD", "Nhà Ở")  # a field name in decomposed form, capitals

DOSSIERS = [
    hoso("H1", "2022-02-01 08:00", ma_don_vi=TINH, ten_linh_vuc="Đất đai"),
    hoso("H2", "2022-02-01 08:00", ma_don_vi=HUYEN, ten_linh_vuc="XÂY DỰNG"),  # upper case
    hoso("H3", "2022-02-01 08:00", ma_don_vi=XA, ten_linh_vuc=NFD_NHA_O),  # NFD
    hoso("H4", "2022-02-01 08:00", ma_don_vi=TW, ten_linh_vuc="Hộ tịch"),  # in no group
    hoso("H5", "2022-02-01 08:00", ma_don_vi=TINH, ten_linh_vuc=" Đầu tư tại Việt Nam "),
]
EVALUATIONS = [
    danhgia("E0", "H1", "2022-02-10 10:00", 1),  # 2022-02: H1 unsatisfied
    danhgia("E1", "H1", "2022-03-05 10:00", 2),  # 2022-03: H1 E1 then E2: the newest (E2) wins
    danhgia("E2", "H1", "2022-03-20 10:00", 5),
    danhgia("E3", "H2", "2022-03-10 10:00", 4),  # satisfied (4 = Hài lòng)
    danhgia("E4", "H3", "2022-03-11 10:00", 3),  # 3 = Bình thường: not satisfied
    danhgia("E5", "H4", "2022-03-12 10:00", 5),  # tw
    danhgia("E6", "H5", "2022-06-20 10:00", 5),
    danhgia("E7", "H5", "2022-07-05 10:00", 1),  # dated after D: ignored (else newest of 2022)
]


@pytest.fixture(scope="session")
def evaluations_con(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("eval"),
        {
            "donvi": AGENCIES,
            "hoso": DOSSIERS,
            "danhgia": EVALUATIONS,
        },
        as_of=date(2022, 6, 30),
        plan_paths=[HATINH_PLAN],
    )
    yield c
    c.close()

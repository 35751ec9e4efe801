"""Example A/C of the QĐ 766 index (tests/sql/worlds/index766.py, month 2022-03, D = 05/04/2022)
plus the scores the Portal published (DIEM766), for the reconciliation, the "Chỉ số 766" page and
the qd766_* inspections. Our figures (worked out in tests/sql/worlds/index766.py and
docs/index-766.md §7):

- X (commune): 2.1 = 20 × 39/45 = 17,333333; 1.4 = 6 × 38/40 = 5,7 (XA01, XA02 not synced).
- B (sở): 2.1 = 20 × 390/400 = 19,5 = its group G2 (2.2 is display only); 10 of its dossiers were
  received at the centre CT and handed over to B by their first `Chuyển xử lý` step (no performing
  agency): attributed by hand-over, where the Portal counts by performing agency.
- Province: 2.1 = 20 × 479/505 = 18,970297; 1.4 = 498/500 synced (X's two); XE1 and XF1 (X) are the
  only dossiers of the processing population with a supplement request.

The Portal rows (period as the Portal writes it, unit empty = the province):

| ky         | unit | item   | points | ours       | reading                                         |
|------------|------|--------|--------|------------|-------------------------------------------------|
| 03/2022    | X    | 2.1    | 17,333 | 17,333333  | difference 0,000333 < 0,005: khớp               |
| 2022-03    | X    | 1.4    | 6      | 5,7        | −0,3; 38/40 synced: dong_bo                     |
| 03/2022    | B    | Nhóm 2 | 19     | 19,5       | +0,5; 10 handed-over dossiers: gan_don_vi       |
| 2022-03    |      | 2.1    | 19     | 18,970297  | −0,029703; 498/500 synced, 2 with a supplement  |
| Quý 1/2022 |      | Tổng   | 70     | (none)     | groups 3-4 lack inputs: no total, say so        |
| 03/2022    |      | 1.4    | abc    | 5,976      | the Portal's cell is not a number: say so       |
| 03/2022    | ZZ   | 2.1    | 10     | (none)     | unknown unit: motcua has no such row            |
| tháng ba   | X    | 2.1    | 17     | (none)     | the period cannot be read: say so               |
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.worlds.index766 import B, D, X, example_ac_records
from tests.warehouse.helpers import build_result_from_records

UNKNOWN = "000.99.99.H27"

PORTAL_ROWS = [
    {"ky": "03/2022", "ma_don_vi": X, "ma_muc": "2.1", "diem": "17,333"},
    {"ky": "2022-03", "ma_don_vi": X, "ma_muc": "1.4", "diem": "6"},
    {"ky": "03/2022", "ma_don_vi": B, "ma_muc": "Nhóm 2", "diem": "19"},
    {"ky": "2022-03", "ma_don_vi": None, "ma_muc": "2.1", "diem": "19"},
    {"ky": "Quý 1/2022", "ma_don_vi": None, "ma_muc": "Tổng", "diem": "70"},
    {"ky": "03/2022", "ma_don_vi": None, "ma_muc": "1.4", "diem": "abc"},
    {"ky": "03/2022", "ma_don_vi": UNKNOWN, "ma_muc": "2.1", "diem": "10"},
    {"ky": "tháng ba", "ma_don_vi": X, "ma_muc": "2.1", "diem": "17"},
]


def portal_records() -> dict[str, list[dict]]:
    return {**example_ac_records(), "diem766": PORTAL_ROWS}


@pytest.fixture(scope="session")
def example_ac_portal(tmp_path_factory) -> Path:
    """The path of the built warehouse (read-only use)."""
    return build_result_from_records(tmp_path_factory.mktemp("idx766_portal"), portal_records(), as_of=D).db_path

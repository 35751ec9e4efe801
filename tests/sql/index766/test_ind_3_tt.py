"""3.TT Tỷ lệ hồ sơ DVCTT toàn trình / hồ sơ của TTHC đủ điều kiện toàn trình (table B only;
docs/index-766-indicators-3-5.md, "3.TT")."""

from datetime import date

from tests.sql.index766.worlds import TINH, build, fact, fact_counts
from tests.sql.records import tthc
from tests.warehouse.helpers import AGENCIES, hoso

FULL, PARTIAL = "1.000501", "1.000502"


def test_full_online_dossiers_of_eligible_procedures(tmp_path):
    # FULL is eligible for full online service, PARTIAL is not. Dossiers received in May:
    #   E1 FULL online at level 4 -> favourable; E2 FULL online at level 3 -> not;
    #   E3 FULL direct at level 4 -> not; E4 PARTIAL online level 4 -> not in d.
    # -> 1/3
    con, _ = build(
        tmp_path,
        {
            "donvi": AGENCIES,
            "tthc": [
                tthc("2022-01-10", FULL, ["tinh"], du_dieu_kien_toan_trinh=True),
                tthc("2022-01-10", PARTIAL, ["tinh"], du_dieu_kien_toan_trinh=False),
            ],
            "hoso": [
                hoso("E1", "2022-05-02 08:00", ma_tthc=FULL, kenh=2, muc_do=4),
                hoso("E2", "2022-05-02 08:00", ma_tthc=FULL, kenh=2, muc_do=3),
                hoso("E3", "2022-05-02 08:00", ma_tthc=FULL, kenh=1, muc_do=4),
                hoso("E4", "2022-05-02 08:00", ma_tthc=PARTIAL, kenh=2, muc_do=4),
            ],
        },
        date(2022, 6, 30),
    )
    try:
        assert fact_counts(con, "ind_3_tt", "2022-05", TINH) == (1, 3)
        assert fact(con, "ind_3_tt", "2022-05", "E4") is None
    finally:
        con.close()


def test_no_fact_without_the_eligibility_column(absent):
    con, _ = absent
    assert fact_counts(con, "ind_3_tt", "2022-05") == (0, 0)

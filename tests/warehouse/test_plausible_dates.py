"""A 1900 date in an export no longer widens the calendar and `dim_period` (issue 18, break 8):
the reader quarantines the row (dates outside [2000-01-01, landing + 1 year]), so the warehouse
built from what the reader loads has the periods of the plausible rows only."""

from __future__ import annotations

from datetime import date

from pipelines.readers.read import read_file
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv
from tests.warehouse.helpers import AGENCIES, build_from_records, hoso

AS_OF = date(2022, 6, 15)


def _periods(con) -> int:
    n = con.execute("SELECT count(*) FROM dim_period").fetchone()[0]
    con.close()
    return n


def test_a_1900_date_is_quarantined_and_does_not_widen_dim_period(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    rows = [hoso_row(1), hoso_row(2, **{"Ngày tiếp nhận": "01/01/1900 00:00"})]
    r = read_file(write_csv(tmp_path / "hs.csv", HOSO_HEADER, rows), landed_on=date(2022, 3, 16))
    assert (r.rows_loaded, r.rows_quarantined) == (1, 1)
    loaded = build_from_records(tmp_path / "read", {"donvi": AGENCIES, "hoso": r.table.to_pylist()}, as_of=AS_OF)
    # the periods of the plausible dossier alone (received 15/03/2022, as of 15/06/2022): the
    # year 2022, its started quarters I and II, months 01–06: 1 + 2 + 6 = 9
    clean = build_from_records(
        tmp_path / "clean", {"donvi": AGENCIES, "hoso": [hoso("A", "2022-03-15 09:00")]}, as_of=AS_OF
    )
    n_loaded, n_clean = _periods(loaded), _periods(clean)
    assert n_loaded == n_clean == 9
    # what loaded before the check: the 1900 dossier too, and dim_period reaches back as far as
    # the calendar lets it
    before = build_from_records(
        tmp_path / "before",
        {"donvi": AGENCIES, "hoso": [hoso("A", "2022-03-15 09:00"), hoso("B", "1900-01-01 00:00")]},
        as_of=AS_OF,
    )
    assert _periods(before) > 300  # 349 here: a century of years, quarters and months

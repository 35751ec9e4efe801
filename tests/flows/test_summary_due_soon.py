"""The nightly run summary's early warning (metrics.md, "Due soon at T"): the total, the units with
the most dossiers due soon and the inspection that lists them, over the due-soon world
(tests/sql/worlds/due_soon.py: T = Fri 29/04/2022, N = 2 → HUYEN 3 due soon + 1 overdue, XA 1)."""

from __future__ import annotations

from pipelines.flows.summary import due_soon_summary, to_markdown
from tests.sql.worlds.due_soon import T
from tests.warehouse.helpers import HUYEN, XA


def test_due_soon_in_the_summary(due_soon_db, monkeypatch):
    monkeypatch.delenv("MOTCUA_DUE_SOON_DAYS", raising=False)
    d = due_soon_summary(due_soon_db, T)
    assert (d["days"], d["window_end"], d["total"], d["units"]) == (2, "2022-05-05", 4, 2)
    assert [(u["ma_don_vi"], u["sap_den_han"], u["qua_han_dang_mo"]) for u in d["top"]] == [(HUYEN, 3, 1), (XA, 1, 0)]
    md = to_markdown({"run_id": "r1", "status_vi": "Đã công bố", "due_soon": d})
    assert "## Hồ sơ sắp đến hạn" in md
    assert "4 hồ sơ đang mở có hẹn trả trong 2 ngày làm việc tới (đến hết ngày 05/05/2022), ở 2 đơn vị." in md
    assert f"| UBND huyện Cẩm Xuyên | {HUYEN} | 3 | 1 |" in md
    assert "`motcua sql --query ho_so_sap_den_han --param so_ngay=2`" in md


def test_the_setting_widens_the_window(due_soon_db, monkeypatch):
    # N = 3: the 3rd working day after T is Fri 06/05, HUYEN's S4 joins
    monkeypatch.setenv("MOTCUA_DUE_SOON_DAYS", "3")
    d = due_soon_summary(due_soon_db, T)
    assert (d["days"], d["window_end"], d["total"]) == (3, "2022-05-06", 5)


def test_the_command_line_prints_the_warning(due_soon_db, monkeypatch, capsys):
    from pipelines.cli import _print_summary

    monkeypatch.delenv("MOTCUA_DUE_SOON_DAYS", raising=False)
    _print_summary({"status": "published", "status_vi": "Đã công bố", "due_soon": due_soon_summary(due_soon_db, T)})
    out = " ".join(capsys.readouterr().out.split())
    assert "Cảnh báo sớm: 4 hồ sơ đang mở có hẹn trả trong 2 ngày làm việc tới (đến hết ngày 05/05/2022)" in out

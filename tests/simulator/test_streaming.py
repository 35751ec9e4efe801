"""The year in windows (simulator): bounded windows, the spill, night-by-night writing
equal to the in-memory world's, the truth added up over windows, the fast renderers."""

from __future__ import annotations

import csv
import io
import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import simulator.export as E
import simulator.generate as G
from simulator.export.messiness import DATE_FORMAT, DT_FORMATS, strftime
from simulator.export.write_csv import write_csv
from simulator.province import build_agencies
from simulator.run import simulate
from simulator.spill import ShardStore
from simulator.truth import FIELD_GROUPS


def test_windows_bounded_at_scale_10():
    plan = G.make_plan(seed=1, scale=10)
    per_day = plan.day_counts.sum(axis=0)
    sizes = [int(per_day[lo:hi].sum()) for lo, hi in plan.windows]
    assert sum(sizes) == per_day.sum() > 8_000_000
    assert max(sizes) <= G.WINDOW_DOSSIERS + per_day.max()  # a day is never split
    assert plan.windows[0][0] == 0 and plan.windows[-1][1] == per_day.size
    assert all(a[1] == b[0] for a, b in zip(plan.windows, plan.windows[1:]))


@pytest.fixture()
def small_windows(monkeypatch):
    """Many windows at a small scale (the cut between windows is what is tested)."""
    monkeypatch.setattr(G, "WINDOW_DOSSIERS", 1500)


@pytest.mark.parametrize("faults, parallel", [(False, False), (False, True), (True, True)])
def test_streamed_equals_in_memory(tmp_path, monkeypatch, small_windows, faults, parallel):
    """``simulate`` spills window by window and writes nights as they are final: same files,
    bytes, manifest and truth as writing the in-memory world."""
    if parallel:
        monkeypatch.setattr(E, "PARALLEL_MIN_ROWS", 0)
    a, b = tmp_path / "a", tmp_path / "b"
    ra = simulate(a, seed=5, scale=0.006, faults=faults)
    world = G.generate_world(seed=5, scale=0.006)
    rb = simulate(b, seed=5, scale=0.006, faults=faults, world=world)
    assert G.make_plan(seed=5, scale=0.006).n_windows > 3
    assert ra["files"] == rb["files"] and ra["faults"] == rb["faults"] and ra["truth"] == rb["truth"]
    assert bool(ra["faults"]) == faults
    for f in ra["files"]:
        assert (a / f["file"]).read_bytes() == (b / f["file"]).read_bytes(), f
    assert not list(a.glob(".spill-*"))  # the spill is gone


def _rate(a, b):
    return float(a) / float(b) if b else None


def test_truth_over_windows_matches_the_rows(small_windows):
    """The truth added up window by window equals the figures recomputed from the exported rows."""
    w = G.generate_world(seed=9, scale=0.006)
    v, t = w.versions, w.truth
    level_of = dict(zip(build_agencies(w.seed).ma_don_vi, build_agencies(w.seed).level))
    P0, P1 = pd.Timestamp(w.start), pd.Timestamp(w.end)
    h = v["hoso"]
    f = h.sort_values("ngay_cap_nhat", kind="stable").drop_duplicates("ma_ho_so", keep="last")
    f = f.assign(level=f.ma_don_vi.map(level_of))
    rd = f.ngay_tiep_nhan.dt.floor("D")
    r = f[f.ngay_tiep_nhan.notna() & ~f.trang_thai.isin([1, 3]) & (rd >= P0) & (rd <= P1)]
    sd = f.ngay_ket_thuc_xu_ly.dt.floor("D")
    s = f[f.trang_thai.isin([9, 10]) & f.ngay_ket_thuc_xu_ly.notna() & (sd >= P0) & (sd <= P1)]
    late = s.ngay_hen_tra.notna() & (sd[s.index] > s.ngay_hen_tra.dt.floor("D"))
    assert t["dossiers_received"] == {
        "toan_tinh": len(r),
        **{lv: int((r.level == lv).sum()) for lv in ("tinh", "huyen", "xa", "tw")},
    }
    assert t["late_share"] == pytest.approx(_rate(late.sum(), len(s)))
    on = r[(r.muc_do >= 3) & (r.level != "tw")]
    assert t["online_dossier_rate"] == pytest.approx(_rate((on.kenh == 2).sum(), len(on)))
    assert t["postal_dossier_share"] == pytest.approx(_rate(((r.kenh == 3) | (r.hinh_thuc_tra == 1)).sum(), len(r)))
    st = v["tientrinh"]
    tr = st[(st.noi_dung == "Chuyển xử lý") & (st.don_vi_gui != st.don_vi_nhan)]
    ok = ~(tr.hinh_thuc_chuyen != "Điện tử").groupby(tr.ma_ho_so).any()
    ok = ok[ok.index.isin(r.ma_ho_so)]
    assert t["electronic_circulation_rate"]["toan_tinh"] == pytest.approx(_rate(ok.sum(), len(ok)))
    open_ = (
        f.ngay_tiep_nhan.notna()
        & ~f.trang_thai.isin([1, 3, 5, 7, 8, 9, 10])
        & (rd <= P1)
        & f.ngay_hen_tra.notna()
        & (f.ngay_hen_tra.dt.floor("D") < P1)
    )
    over = set(s[late].ma_ho_so) | set(f[open_].ma_ho_so)
    apol = set(st.loc[st.noi_dung == "Ban hành văn bản xin lỗi", "ma_ho_so"])
    assert t["overdue_dossiers"] == len(over)
    assert t["apology_coverage_rate"] == pytest.approx(_rate(len(over & apol), len(over)))
    e = v["danhgia"]
    e = e.sort_values(["thoi_diem", "ma_danh_gia"]).drop_duplicates("ma_ho_so", keep="last")
    assert t["satisfaction_rate"] == pytest.approx(_rate(e.muc_do_hai_long.isin([4, 5]).sum(), len(e)))
    field = h.drop_duplicates("ma_ho_so").set_index("ma_ho_so").ten_linh_vuc.str.lower()
    ef = e.ma_ho_so.map(field)
    for g, names in FIELD_GROUPS.items():
        want = _rate((e.muc_do_hai_long.isin([4, 5]) & ef.isin(names)).sum(), ef.isin(names).sum())
        assert t["satisfaction_rate_by_field_group"][g] == pytest.approx(want), g
    # numbering runs across windows: keys stay unique
    assert f.ma_ho_so.is_unique and v["danhgia"].ma_danh_gia.is_unique and v["thanhtoan"].ma_giao_dich.is_unique


def test_spill_orders_a_night_and_refuses_late_rows(tmp_path):
    store = ShardStore(tmp_path, order_by={"x": "t"})
    night = pd.Timestamp("2022-03-01")

    def table(ts, tag):
        t = pd.to_datetime(ts)
        return pa.table(
            {
                "t": pa.array(t.to_numpy().astype("datetime64[s]")),
                "tag": [tag] * len(ts),
                "export_date": pa.array(t.normalize().to_numpy().astype("datetime64[s]")),
            }
        )

    store.add("x", table(["2022-03-01 09:00", "2022-03-01 11:00", "2022-03-02 08:00"], "w0"))
    store.add("x", table(["2022-03-01 10:00", "2022-03-01 11:00"], "w1"))
    got = store.load("x", night)
    assert got["tag"].to_pylist() == ["w0", "w1", "w0", "w1"]  # by time, then window
    assert store.nights("x") == [(night, 4), (pd.Timestamp("2022-03-02"), 1)]
    assert store.view("x", [night]).load("x", night).equals(got)
    assert store.seal(["x"], np.datetime64("2022-03-02")) == [np.datetime64("2022-03-01")]
    with pytest.raises(ValueError):
        store.add("x", table(["2022-03-01 12:00"], "w2"))
    store.add("x", table(["2022-03-02 12:00"], "w2"))


def test_strftime_as_arrow():
    a = pa.array(
        np.array(["2022-03-15T08:01:02", "NaT", "1999-12-31T23:59:59", "2024-02-29T00:00:00"], dtype="datetime64[s]"),
        from_pandas=True,
    )
    for fmt in [*DT_FORMATS.values(), DATE_FORMAT]:
        got = strftime(a, fmt)
        got.validate(full=True)
        assert got.to_pylist() == pc.strftime(a, fmt).to_pylist(), fmt
    assert strftime(pa.array([None], pa.timestamp("s")), DATE_FORMAT).to_pylist() == [None]
    assert len(strftime(pa.array([], pa.timestamp("s")), DATE_FORMAT)) == 0


def test_csv_quoting_reads_back(tmp_path):
    vals = ["a", None, "x,y", 'q"u', "line\nbreak", " sp ", "", "é;ç", "tab\there"]
    cols = [pa.array(vals), pa.array([str(i) for i in range(len(vals))])]
    for sep, enc, crlf, quote_all in itertools.product(
        [",", ";", "\t"], ["utf-8-sig", "utf-8", "utf-16"], [False, True], [False, True]
    ):
        p = tmp_path / "f.csv"
        write_csv(p, ["Mã hồ sơ", "Số, tiền"], cols, sep, enc, crlf, quote_all)
        raw = p.read_bytes()
        text = raw.decode("utf-16") if enc == "utf-16" else raw.decode("utf-8-sig")
        assert raw.startswith(b"\xef\xbb\xbf") == (enc == "utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        assert rows[0] == ["Mã hồ sơ", "Số, tiền"]
        assert [r[0] for r in rows[1:]] == [v or "" for v in vals], (sep, enc, crlf, quote_all)
        if quote_all:
            assert '"a"' in text and '"Mã hồ sơ"' in text
        else:
            assert "\na" + sep in text.replace("\r\n", "\n")


def test_xlsx_shared_strings_read_back(tmp_path):
    """Repeated text goes to the shared strings table; the cells read back as written."""
    import zipfile

    import fastexcel
    import python_calamine

    from simulator.export.messiness import XCol
    from simulator.export.write_xlsx import Title, write_xlsx

    n = 300
    rep = [None if i % 7 == 0 else ["Sở Tư pháp", " lề ", "a & <b>", "Đất đai"][i % 4] for i in range(n)]
    uniq = [f"Nguyễn Văn {i}" for i in range(n)]
    cols = [XCol("s", pa.array(rep)), XCol("s", pa.array(uniq)), XCol("n", pa.array(np.arange(n, dtype=float)))]
    head = write_xlsx(
        tmp_path / "f.xlsx",
        [Title("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", False)],
        ["A", "B", "C"],
        cols,
        ["", "Tổng cộng"],
        overrides={(3, 0): "31/02/2022"},
        fast=True,
    )
    with zipfile.ZipFile(tmp_path / "f.xlsx") as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "f.xlsx")).get_sheet_by_index(0).to_python()
    data = rows[head : head + n]
    want = [("31/02/2022" if i == 3 else (rep[i] or "")) for i in range(n)]
    assert [r[0] for r in data] == want
    assert [r[1] for r in data] == uniq and [r[2] for r in data] == list(range(n))
    assert fastexcel.read_excel(str(tmp_path / "f.xlsx")).load_sheet(0, header_row=head - 1).height == n + 2

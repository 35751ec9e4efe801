"""Landing: content-addressed, once per bytes, ordered, crash-safe; parse_pending and manifest."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.raw.landing import land_bytes, land_inbox, landed_path
from pipelines.raw.parse_runs import parse_pending, read_manifest
from pipelines.readers.pseudonym import hmac_python, load_key
from pipelines.settings import data_paths
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv, write_xlsx


def _inbox(tmp_path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "2022-03").mkdir(parents=True)
    write_csv(inbox / "2022-03" / "b.csv", HOSO_HEADER, [hoso_row(1), hoso_row(2, **{"Ngày nộp": "31/02/2022"})])
    write_xlsx(inbox / "a.xlsx", HOSO_HEADER, [hoso_row(3)], footer=["Tổng cộng: 1 hồ sơ"])
    (inbox / "junk.csv").write_text("Họ tên,Điểm\nA,1\n", encoding="utf-8")
    return inbox


def test_land_inbox_once_by_bytes_sorted_by_path(tmp_path):
    paths = data_paths(tmp_path / "data")
    inbox = _inbox(tmp_path)
    new = land_inbox(inbox, paths)
    assert [e["original_name"] for e in new] == ["b.csv", "a.xlsx", "junk.csv"]  # "2022-03/b.csv" < "a.xlsx"
    assert [e["landed_seq"] for e in new] == [1, 2, 3]
    for e in new:
        p = landed_path(paths, e["file_id"], e["original_name"])
        assert p.exists() and p.parent.name == e["file_id"][:2]
        assert e["source"].startswith("inbox:") and "+07:00" in e["arrived_at"]
    # same bytes again, even under another name: landed once
    (inbox / "copy-of-b.csv").write_bytes((inbox / "2022-03" / "b.csv").read_bytes())
    assert land_inbox(inbox, paths) == []
    assert land_bytes((inbox / "a.xlsx").read_bytes(), "x.xlsx", paths, "api:hoso:1") is None
    e = land_bytes(b'{"data": []}', "page.json", paths, "api:hoso:1")
    assert e["landed_seq"] == 4
    assert len(paths.manifest.read_text().splitlines()) == 4


def test_parse_pending_row_conservation_and_manifest(tmp_path):
    paths = data_paths(tmp_path / "data")
    land_inbox(_inbox(tmp_path), paths)
    res = parse_pending(paths)
    assert len(res) == 3
    for r in res:
        assert r["rows_in"] == r["rows_loaded"] + r["rows_quarantined"]
    m = read_manifest(paths).set_index("original_name")
    assert list(read_manifest(paths).columns) == [
        "file_id",
        "original_name",
        "source",
        "size",
        "arrived_at",
        "landed_seq",
        "entity",
        "rows_in",
        "rows_loaded",
        "rows_quarantined",
        "status",
        "message",
    ]
    assert (m.loc["b.csv", "rows_in"], m.loc["b.csv", "rows_loaded"], m.loc["b.csv", "rows_quarantined"]) == (2, 1, 1)
    assert m.loc["a.xlsx", "status"] == "loaded" and m.loc["a.xlsx", "rows_in"] == 1
    assert m.loc["junk.csv", "status"] == "quarantined" and "junk.csv" in m.loc["junk.csv", "message"]
    # outputs
    fid_b = m.loc["b.csv", "file_id"]
    parsed = pq.read_table(paths.parsed / "hoso" / f"{fid_b}.parquet")
    assert parsed.column("_file_id").to_pylist() == [fid_b]
    q = pq.read_table(paths.quarantine / f"{fid_b}.parquet").to_pylist()
    assert q[0]["file_name"] == "b.csv" and q[0]["row"] == 2 and q[0]["column"] == "Ngày nộp"
    qj = pq.read_table(paths.quarantine / f"{m.loc['junk.csv', 'file_id']}.parquet").to_pylist()
    assert qj[0]["row"] is None and "junk.csv" in qj[0]["reason"]
    # parsing again is a no-op (the parsed parquet and the index are the cache)
    assert parse_pending(paths) == []


def test_personal_data_absent_from_parsed_parquet(tmp_path):
    paths = data_paths(tmp_path / "data")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    header = HOSO_HEADER + ["Email", "Địa chỉ", "Trích yếu"]
    row = hoso_row(
        1,
        **{
            "Số giấy tờ chủ hồ sơ": " 042 0123 45678 ",
            "Email": "an@example.vn",
            "Địa chỉ": "Thôn 3, xã Cẩm Bình",
            "Trích yếu": "Nguyễn Văn An xin cấp phép",
        },
    )
    write_csv(inbox / "h.csv", header, [row, hoso_row(2, **{"Số giấy tờ chủ hồ sơ": ""})])
    land_inbox(inbox, paths)
    parse_pending(paths)
    (f,) = list((paths.parsed / "hoso").glob("*.parquet"))
    t = pq.read_table(f)
    for col in ("chu_ho_so", "so_giay_to", "so_dien_thoai", "email", "dia_chi", "trich_yeu"):
        assert col not in t.column_names
    blob = f.read_bytes()
    for secret in (b"Nguy", b"042012345678", b"0912345678", b"an@example", b"C\xe1\xba\xa9m"):
        assert secret not in blob
    key = load_key()
    assert t.column("nguoi_nop_pseudo").to_pylist() == [hmac_python("042012345678", key), None]


def test_pseudonym_key_created_0600(tmp_path):
    key_file = Path(os.environ["MOTCUA_KEY_FILE"])
    assert not key_file.exists()
    k = load_key()
    assert len(k) == 32 and key_file.read_bytes() == k
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_key() == k


def test_crash_between_file_and_manifest_heals(tmp_path):
    paths = data_paths(tmp_path / "data")
    inbox = _inbox(tmp_path)
    land_inbox(inbox, paths)
    lines = paths.manifest.read_text().splitlines()
    # simulate a crash: last entry lost, and a torn half line left behind
    paths.manifest.write_text("\n".join(lines[:2]) + "\n" + lines[2][:20])
    new = land_inbox(inbox, paths)
    assert [e["original_name"] for e in new] == ["junk.csv"]
    m = read_manifest(paths)
    assert len(m) == 3 and m["landed_seq"].is_unique
    assert all(json.loads(line) for line in paths.manifest.read_text().splitlines()[-1:])


def test_api_pages_land_and_parse(tmp_path):
    paths = data_paths(tmp_path / "data")
    page = {
        "error_code": 0,
        "total": 1,
        "page": 1,
        "data": [{"MaHoSo": "HS-1", "TrangThaiHoSo": 2, "NgayCapNhat": "20220301080000"}],
    }
    e = land_bytes(json.dumps(page).encode(), "hoso-p1.json", paths, "api:hoso:1")
    assert e["source"] == "api:hoso:1"
    (r,) = parse_pending(paths)
    assert r["entity"] == "hoso" and r["rows_loaded"] == 1


def test_retry_quarantined_after_alias_added(tmp_path):
    """A new vendor header is one line in aliases.yaml; quarantined files can then be retried."""
    from pipelines.readers import detect

    paths = data_paths(tmp_path / "data")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "v.csv", ["Mã HS (mới)", "Trạng thái"], [["HS1", "2"]])
    land_inbox(inbox, paths)
    (r,) = parse_pending(paths)
    assert r["status"] == "quarantined"
    text = detect.ALIASES_FILE.read_text(encoding="utf-8")
    line = '      ma_ho_so: ["Mã hồ sơ", "Số hồ sơ", "MaHoSo", "SoHoSo"]'
    assert line in text
    alt = tmp_path / "aliases.yaml"
    alt.write_text(text.replace(line, line[:-1] + ', "Mã HS (mới)"]'), encoding="utf-8")
    original = detect.ALIASES_FILE
    detect.ALIASES_FILE = alt
    detect.config.cache_clear()
    try:
        (r,) = parse_pending(paths, retry_quarantined=True)
    finally:
        detect.ALIASES_FILE = original
        detect.config.cache_clear()
    assert r["status"] == "loaded" and r["rows_loaded"] == 1
    m = read_manifest(paths)
    assert m.loc[0, "status"] == "loaded" and m.loc[0, "entity"] == "hoso"
    assert not (paths.quarantine / f"{m.loc[0, 'file_id']}.parquet").exists()


def test_many_api_pages_get_strictly_increasing_seq(tmp_path):
    paths = data_paths(tmp_path / "data")
    for i in range(25):
        body = json.dumps({"error_code": 0, "page": i, "data": [{"MaHoSo": f"HS-{i}"}]}).encode()
        assert land_bytes(body, f"p{i}.json", paths, f"api:hoso:{i}")["landed_seq"] == i + 1
        assert land_bytes(body, f"again{i}.json", paths, f"api:hoso:{i}") is None
    inbox = _inbox(tmp_path)
    new = land_inbox(inbox, paths)
    assert [e["landed_seq"] for e in new] == [26, 27, 28]
    m = read_manifest(paths)
    assert m["landed_seq"].tolist() == list(range(1, 29))


def test_parallel_reading_gives_the_same_outcome_as_serial(tmp_path, monkeypatch):
    """A backlog is read by several processes; the parsed rows and the index are the same."""
    import pandas as pd

    from pipelines.raw.landing import land_inbox
    from pipelines.raw.parse_runs import parse_pending, read_manifest
    from pipelines.settings import data_paths

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(20):
        (inbox / f"danhgia_{i:02d}.csv").write_text(
            "Mã đánh giá,Mã hồ sơ,Thời gian đánh giá,Kênh đánh giá,Mức độ hài lòng\n"
            f"DG{i}-1,H{i},01/03/2022 08:00:00,Kiosk,5\n"
            f"DG{i}-2,H{i},31/02/2022 08:00:00,Kiosk,4\n",
            encoding="utf-8",
        )
    outcomes = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MOTCUA_PARSE_WORKERS", workers)
        paths = data_paths(tmp_path / f"data{workers}")
        land_inbox(inbox, paths)
        res = parse_pending(paths)
        m = read_manifest(paths).sort_values("original_name")
        rows = pd.concat([pd.read_parquet(p) for p in sorted((paths.parsed / "danhgia").glob("*.parquet"))])
        outcomes[workers] = (
            len(res),
            m[["original_name", "entity", "rows_in", "rows_loaded", "rows_quarantined", "status"]].to_dict("records"),
            sorted(rows["ma_danh_gia"]),
        )
    assert outcomes["1"] == outcomes["2"]
    assert outcomes["2"][1][0]["rows_quarantined"] == 1  # 31/02 quarantined in every file

"""Issue 18, break 5: the inbox scan lands regular files only and reports every other entry with
its reason (hidden, lock file, partial or being written, symlink, special file, hidden folder);
symbolic links are never followed. The report reaches the run summary and the CLI output."""

from __future__ import annotations

import json
import os

import pipelines.raw.landing as landing
from pipelines.flows.nightly import run_pipeline
from pipelines.raw.landing import land_inbox, landed_path, scan_inbox
from pipelines.settings import data_paths
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv


def hostile_inbox(tmp_path):
    """One real export and one entry of every kind that must not land."""
    inbox = tmp_path / "inbox"
    (inbox / "2022-03").mkdir(parents=True)
    write_csv(inbox / "2022-03" / "hoso.csv", HOSO_HEADER, [hoso_row(1)])
    secret = tmp_path / "outside" / "passwd"  # stands in for /etc/passwd
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    write_csv(tmp_path / "outside" / "other.csv", HOSO_HEADER, [hoso_row(2)])
    (inbox / ".an.csv").write_bytes((inbox / "2022-03" / "hoso.csv").read_bytes() + b"\r\n")
    (inbox / "~$bao_cao.xlsx").write_bytes(b"\x00lock")
    (inbox / "tai_ve.csv.crdownload").write_bytes(b"Ma ho so,")
    (inbox / "passwd.csv").symlink_to(secret)
    (inbox / "thu_muc_ngoai").symlink_to(tmp_path / "outside", target_is_directory=True)
    os.mkfifo(inbox / "ong.csv")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "config.csv").write_text("x\n")
    return inbox, secret


# every entry but the export, with the start of its reason (names are relative to the inbox)
EXPECTED = {
    ".an.csv": "tệp ẩn",
    ".git/": "thư mục ẩn",
    "~$bao_cao.xlsx": "tệp khoá của Excel",
    "tai_ve.csv.crdownload": "tệp đang tải hoặc ghi dở",
    "passwd.csv": "liên kết tượng trưng (symlink) tới ",
    "thu_muc_ngoai": "liên kết tượng trưng (symlink) tới ",
    "ong.csv": "không phải tệp thường",
}


def test_every_entry_not_landed_is_reported_with_its_reason(tmp_path):
    inbox, secret = hostile_inbox(tmp_path)
    files, skipped = scan_inbox(inbox)
    assert [f.relative_to(inbox).as_posix() for f in files] == ["2022-03/hoso.csv"]
    got = {s["name"]: s["reason"] for s in skipped}
    assert set(got) == set(EXPECTED)
    for name, start in EXPECTED.items():
        assert got[name].startswith(start), (name, got[name])
    assert str(secret) in got["passwd.csv"]  # the operator sees where the link pointed

    paths = data_paths(tmp_path / "data")
    out: list = []
    new = land_inbox(inbox, paths, skipped=out)
    # only the export lands: the link target (and the folder behind the linked folder) never does
    assert [e["original_name"] for e in new] == ["hoso.csv"]
    assert {s["name"] for s in out} == set(EXPECTED)
    landed = [p for p in paths.raw_files.rglob("*") if p.is_file()]
    assert landed == [landed_path(paths, new[0]["file_id"], "hoso.csv")]
    assert all(b"root:x:0" not in p.read_bytes() for p in landed)


def test_a_file_being_written_is_reported_and_lands_next_run(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "dang_ghi.csv", HOSO_HEADER, [hoso_row(1)])
    real = landing._sha256_or_error

    def busy(src):
        # the copy tool still holds the file (as a share mounted from Windows answers: EBUSY)
        return OSError(16, "Device or resource busy") if src.name == "dang_ghi.csv" else real(src)

    monkeypatch.setattr(landing, "_sha256_or_error", busy)
    paths = data_paths(tmp_path / "data")
    out: list = []
    assert land_inbox(inbox, paths, skipped=out) == []
    assert out == [
        {
            "name": "dang_ghi.csv",
            "reason": "đang được ghi hoặc không đọc được, sẽ tiếp nhận ở lần chạy sau (Device or resource busy)",
        }
    ]
    monkeypatch.setattr(landing, "_sha256_or_error", real)
    assert [e["original_name"] for e in land_inbox(inbox, paths)] == ["dang_ghi.csv"]


def test_skipped_entries_reach_the_run_summary_and_the_cli(tmp_path):
    from tests.flows.tiny import motcua

    inbox, _ = hostile_inbox(tmp_path)
    s = run_pipeline(inbox, data_dir=tmp_path / "data")
    assert s["status"] == "published", s.get("error")
    assert s["files_landed"] == 1
    assert {e["name"] for e in s["skipped_entries"]} == set(EXPECTED)
    written = json.loads((data_paths(tmp_path / "data").curated / "run_summary.json").read_text("utf-8"))
    assert written["skipped_entries"] == s["skipped_entries"]
    md = (data_paths(tmp_path / "data").curated / "run_summary.md").read_text("utf-8")
    assert "`passwd.csv`: liên kết tượng trưng" in md

    done = motcua("run", "--inbox", str(inbox), "--no-prefect", "--no-render", data=tmp_path / "data2")
    assert done.returncode == 0, done.stdout + done.stderr
    for name in EXPECTED:
        assert f"bỏ qua {name}: {EXPECTED[name]}" in done.stdout, name

"""A province's publication to the shared store (docs/national.md, "What a province publishes")."""

from __future__ import annotations

import hashlib
import io
import json

import pyarrow.parquet as pq
import pytest

from pipelines.national.provinces import ProvinceError, expected_provinces, normalise_code, run_province
from pipelines.national.publish import publish_province, share
from pipelines.national.store import open_store
from pipelines.settings import data_paths

from .helpers import curated_db

ROWS = [("on_time_resolution_rate", "2022", "toan_tinh", None, 3.0, 4.0)]


def test_data_files_then_a_manifest_naming_each_with_its_rows_and_sha256(tmp_path, folder_store):
    db = curated_db(tmp_path / "p42" / "motcua.duckdb", "42", ROWS)
    store = open_store(folder_store)

    manifest = publish_province(db, store)

    on_disk = json.loads(store.read_bytes("province=42/published.json"))
    assert on_disk == manifest
    # the province comes from the plan's gso_code, its name from data/reference
    assert (manifest["province"], manifest["name"]) == ("42", "Tỉnh Hà Tĩnh")
    assert (manifest["plan_ids"], manifest["as_of"], manifest["run_id"]) == (["plan-2022"], "2022-06-30", "run-1")
    assert set(manifest["files"]) == {"metric_values", "plan_scorecard", "load_summary", "plan_info"}
    for name, entry in manifest["files"].items():
        # every file lives under the publication's own key, and its hash and row count are the file's
        assert entry["path"] == f"run={manifest['publication_id']}/{name}.parquet"
        data = store.read_bytes(f"province=42/{entry['path']}")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert pq.read_table(io.BytesIO(data)).num_rows == entry["rows"]
    # metric_values: the one hand-made row; load_summary: one entity
    assert (manifest["files"]["metric_values"]["rows"], manifest["files"]["load_summary"]["rows"]) == (1, 1)
    # the plan's local file path stays on the province's machine
    plan_info = pq.read_table(io.BytesIO(store.read_bytes(f"province=42/{manifest['files']['plan_info']['path']}")))
    assert "source_file" not in plan_info.column_names
    # every row of every file says whose it is
    for entry in manifest["files"].values():
        table = pq.read_table(io.BytesIO(store.read_bytes(f"province=42/{entry['path']}")))
        assert table.column_names[0] == "province"
        assert set(table.column("province").to_pylist()) == {"42"}
    # every catalogue metric's SQL fingerprint travels with the publication
    assert len(manifest["metric_definitions"]["on_time_resolution_rate"]) == 64


def test_the_previous_publication_is_kept_older_ones_removed(tmp_path, folder_store):
    db = curated_db(tmp_path / "p42" / "motcua.duckdb", "42", ROWS)
    store = open_store(folder_store)
    ids = [publish_province(db, store)["publication_id"] for _ in range(3)]

    # a roll-up may still be reading the previous manifest's files: those stay; the first go
    assert store.children("province=42") == sorted(f"run={i}" for i in ids[1:])
    assert json.loads(store.read_bytes("province=42/published.json"))["previous_publication_id"] == ids[1]


def test_a_setting_naming_another_province_than_the_plan_is_refused_before_writing(tmp_path, folder_store, monkeypatch):
    db = curated_db(tmp_path / "p42" / "motcua.duckdb", "42", ROWS)
    store = open_store(folder_store)
    monkeypatch.setenv("MOTCUA_PROVINCE", "40")

    with pytest.raises(ProvinceError, match="tỉnh của lần chạy là 40 nhưng kế hoạch đã nạp thuộc tỉnh 42"):
        publish_province(db, store)
    assert store.children() == []


def test_the_setting_gives_the_code_when_the_plan_has_none(tmp_path, folder_store, monkeypatch):
    db = curated_db(tmp_path / "p" / "motcua.duckdb", None, ROWS)
    store = open_store(folder_store)
    with pytest.raises(ProvinceError, match="không biết tỉnh của lần chạy"):
        publish_province(db, store)

    monkeypatch.setenv("MOTCUA_PROVINCE", "1")  # Hà Nội, written as the reference writes it: 01
    assert publish_province(db, store)["province"] == "01"
    assert store.children() == ["province=01"]


def test_province_codes_are_checked_against_the_reference():
    assert normalise_code(42) == "42"
    with pytest.raises(ProvinceError, match="43 không có trong danh mục"):
        normalise_code("43")  # Hà Tĩnh is 42, Quảng Bình 44: there is no 43
    with pytest.raises(ProvinceError, match="không hợp lệ"):
        normalise_code("HT")
    # explicit --province wins over the environment; both must agree with the plan
    assert run_province(["42"], explicit="42") == "42"
    with pytest.raises(ProvinceError, match="nhiều tỉnh"):
        run_province(["42", "40"])


def test_the_expected_list_is_codes_or_a_file_of_codes(tmp_path):
    assert expected_provinces("42, 40 44") == ["40", "42", "44"]
    listing = tmp_path / "provinces.txt"
    listing.write_text("# Bắc Trung Bộ\n38\n40  # Nghệ An\n42,44\n", encoding="utf-8")
    assert expected_provinces(str(listing)) == ["38", "40", "42", "44"]
    assert expected_provinces("") == []


def test_share_is_off_when_no_store_is_set_and_reports_a_failure_without_raising(tmp_path):
    paths = data_paths(tmp_path / "data")
    curated_db(paths.curated_db, "42", ROWS)
    assert share(paths) == {"status": "off"}

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be", encoding="utf-8")
    done = share(paths, store_uri=str(blocker / "store"))
    assert done["status"] == "error" and done["store"] == str(blocker / "store")
    assert done["error"]  # the exception, named, for the run summary
    assert paths.curated_db.exists()


def test_publishing_to_s3_writes_the_same_layout(tmp_path, s3_store):
    db = curated_db(tmp_path / "p42" / "motcua.duckdb", "42", ROWS)
    store = open_store(s3_store)
    manifest = publish_province(db, store)
    assert store.children() == ["province=42"]
    assert store.children("province=42") == [f"run={manifest['publication_id']}"]
    data = store.read_bytes(f"province=42/{manifest['files']['metric_values']['path']}")
    assert hashlib.sha256(data).hexdigest() == manifest["files"]["metric_values"]["sha256"]


def test_the_manifest_is_written_last_and_a_publish_cut_short_leaves_the_previous_one(
    tmp_path, folder_store, monkeypatch
):
    from pipelines.national.store import Store

    db = curated_db(tmp_path / "p42" / "motcua.duckdb", "42", ROWS)
    store = open_store(folder_store)
    first = publish_province(db, store)

    written: list[str] = []
    real_write = Store.write_bytes

    def recording(self, key, data):
        written.append(key)
        real_write(self, key, data)

    monkeypatch.setattr(Store, "write_bytes", recording)
    second = publish_province(db, store)
    # four data files under the new publication's key, then the manifest: the commit point
    assert written[-1] == "province=42/published.json"
    assert sorted(written[:-1]) == sorted(f"province=42/{f['path']}" for f in second["files"].values())
    assert all(k.startswith(f"province=42/run={second['publication_id']}/") for k in written[:-1])

    # a third publication dies writing its second data file (a network cut, a killed machine)
    def dying(self, key, data):
        if len(written) == 6:
            raise OSError("kết nối bị ngắt")
        recording(self, key, data)

    monkeypatch.setattr(Store, "write_bytes", dying)
    with pytest.raises(OSError):
        publish_province(db, store)
    # the manifest still names the second publication, whose files are all there
    assert json.loads(store.read_bytes("province=42/published.json")) == second
    for entry in second["files"].values():
        assert hashlib.sha256(store.read_bytes(f"province=42/{entry['path']}")).hexdigest() == entry["sha256"]
    assert first["publication_id"] != second["publication_id"]

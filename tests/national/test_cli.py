"""`motcua national publish | rollup` in real processes (pipelines/cli.py)."""

from __future__ import annotations

from pipelines.settings import connect, data_paths
from tests.flows.tiny import motcua, tiny_inbox

from .helpers import curated_db

ROWS = [("on_time_resolution_rate", "2022", "toan_tinh", None, 3.0, 4.0)]


def test_publish_then_roll_up_naming_the_missing_province(tmp_path):
    store = tmp_path / "store"
    province = data_paths(tmp_path / "p42")
    curated_db(province.curated_db, "42", ROWS)

    done = motcua("national", "publish", "--store", str(store), data=province.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã công bố tỉnh 42" in done.stdout
    assert (store / "province=42" / "published.json").exists()

    national = tmp_path / "national-data"
    done = motcua("national", "rollup", "--store", str(store), "--provinces", "42,46", data=national)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    # one line per province: Hà Tĩnh published as of 30/06/2022, Thừa Thiên Huế missing with its reason
    assert any("42 Tỉnh Hà Tĩnh" in line and "Đã công bố" in line and "30/06/2022" in line for line in lines)
    assert any("46 Tỉnh Thừa Thiên Huế" in line and "Chưa công bố" in line for line in lines)
    assert "không có province=46/published.json" in " ".join(done.stdout.split())
    con = connect(national / "national" / "national.duckdb", read_only=True)
    try:
        assert con.execute("SELECT province, status FROM national_provinces ORDER BY 1").fetchall() == [
            ("42", "da_cong_bo"),
            ("46", "chua_cong_bo"),
        ]
    finally:
        con.close()


def test_no_store_or_an_unknown_province_stops_with_a_message(tmp_path):
    done = motcua("national", "rollup", data=tmp_path / "d")
    assert done.returncode == 2
    assert "Chưa có kho dùng chung: đặt MOTCUA_SHARED_STORE hoặc --store" in done.stdout

    done = motcua("national", "rollup", "--store", str(tmp_path / "s"), "--provinces", "42,43", data=tmp_path / "d")
    assert done.returncode == 2
    assert "mã tỉnh 43 không có trong danh mục" in done.stdout

    # a mistyped folder is not an empty store: nothing is built
    done = motcua("national", "rollup", "--store", str(tmp_path / "typo"), data=tmp_path / "d")
    assert done.returncode == 2
    assert f"không có thư mục kho dùng chung {tmp_path / 'typo'}" in " ".join(done.stdout.split())
    assert not (tmp_path / "d" / "national").exists() and not (tmp_path / "typo").exists()


def test_run_province_naming_another_province_than_the_plan_shares_nothing_and_says_why(tmp_path):
    # the plan of the checkout is Hà Tĩnh's (42): a run told it is Nghệ An's (40) publishes
    # locally, and refuses to publish Hà Tĩnh's scorecard under Nghệ An's code
    store = tmp_path / "store"
    done = motcua(
        "run",
        "--no-prefect",
        "--no-render",
        "--inbox",
        str(tiny_inbox(tmp_path / "inbox")),
        "--province",
        "40",
        data=tmp_path / "data",
        env={"MOTCUA_SHARED_STORE": str(store), "MOTCUA_KEY_FILE": str(tmp_path / "key")},
    )
    out = " ".join(done.stdout.split())
    assert done.returncode == 0, done.stdout + done.stderr  # the local publication stands
    assert "Kho dùng chung: không công bố được" in out
    assert "tỉnh của lần chạy là 40 nhưng kế hoạch đã nạp thuộc tỉnh 42" in out
    assert (tmp_path / "data" / "curated" / "motcua.duckdb").exists()
    assert not (store / "province=40").exists() and not (store / "province=42").exists()

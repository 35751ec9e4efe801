"""The nightly run's hook (pipelines/flows/nightly.py): sharing happens after the local
publication, only when a store is set, and its failure never undoes the local publication."""

from __future__ import annotations

from pipelines.flows.nightly import run_pipeline
from pipelines.settings import connect
from tests.flows.tiny import tiny_inbox


def test_without_a_store_the_run_is_as_before_and_a_failing_store_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    data = tmp_path / "data"

    first = run_pipeline(tiny_inbox(tmp_path / "inbox"), data_dir=data)
    # no MOTCUA_SHARED_STORE: no step, no key in the summary, nothing but the local publication
    assert first["status"] == "published"
    assert "shared" not in first and "share" not in first["durations"]

    # a store that cannot be written (a file stands where its folder should be)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MOTCUA_SHARED_STORE", str(blocker / "store"))
    second = run_pipeline(None, data_dir=data)

    assert second["status"] == "published"  # the local publication stands
    assert second["shared"]["status"] == "error" and second["shared"]["store"] == str(blocker / "store")
    md = (data / "curated" / "run_summary.md").read_text(encoding="utf-8")
    assert "Kho dùng chung: **không công bố được**" in md
    assert "cơ sở dữ liệu của tỉnh vẫn được công bố tại chỗ" in md
    con = connect(data / "curated" / "motcua.duckdb", read_only=True)
    try:
        assert con.execute("SELECT run_id FROM run_params").fetchone()[0] == second["run_id"]
    finally:
        con.close()

"""Issue 18, break 4: what a killed or disk-full run leaves behind is cleaned at the start of the
next run (under the run lock), is never counted as landed, and the run ends exactly as a clean
one; the run summary is written as soon as the database is published, before rendering."""

from __future__ import annotations

import json

import pytest

from pipelines.flows.nightly import run_pipeline
from pipelines.settings import data_paths
from tests.canonical_dump import dump

from .tiny import tiny_inbox


def plant_debris(paths) -> list[str]:
    """What a kill or a full disk leaves, by the code that writes each of these (relative paths)."""
    debris = {
        # landing._copy_in / _write_atomic: `.<sha><ext>.<pid>[.<thread>].tmp` beside the landed file
        "raw/files/ab/.ab12cd.csv.4242.139.tmp": b"half a copied export",
        # parse_runs._write_parquet_atomic
        "raw/parsed/hoso/.ab12cd.parquet.4242.tmp": b"PAR1 half",
        "raw/quarantine/.ab12cd.parquet.4242.tmp": b"PAR1 half",
        # api._write_watermark
        "raw/.watermarks.json.4242.tmp": b'{"hoso": ',
        # steps.build: the increment copies the published database here first (a full disk: partial)
        "curated/motcua.duckdb.building": b"DUCK partial copy",
        "curated/motcua.duckdb.building.wal": b"wal",
        # summary.write_summary
        "curated/run_summary.json.tmp": b'{"run_id": "old',
        # render_reports and export_parquet build their folders aside
        "curated/reports.building/index.html": b"<html>half",
        "curated/parquet.building/metric_values.parquet": b"PAR1",
    }
    for rel, data in debris.items():
        p = paths.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return sorted(debris)


def _leftovers(paths) -> list[str]:
    found = [
        p
        for p in paths.root.rglob("*")
        if p.name.endswith((".tmp", ".building", ".building.wal")) or ".building" in p.parent.name
    ]
    return sorted(p.relative_to(paths.root).as_posix() for p in found)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Two nights on a clean data folder: the reference (a first build, then an increment)."""
    base = tmp_path_factory.mktemp("clean")
    inbox = tiny_inbox(base / "inbox")
    s1 = run_pipeline(inbox, data_dir=base / "data")
    s2 = run_pipeline(inbox, data_dir=base / "data")
    assert s1["status"] == s2["status"] == "published", (s1.get("error"), s2.get("error"))
    return inbox, s1, s2, dump(str(data_paths(base / "data").curated_db))


def test_debris_is_cleaned_and_the_run_equals_a_clean_one(clean, tmp_path):
    inbox, c1, c2, clean_dump = clean
    paths = data_paths(tmp_path / "data")
    planted = plant_debris(paths)
    s1 = run_pipeline(inbox, data_dir=paths.root)
    assert s1["status"] == "published", s1.get("error")
    # every planted leftover is gone, and said so in the summary (reports.building and
    # parquet.building are removed as folders)
    assert _leftovers(paths) == []
    expected = sorted(
        {p if "/reports.building/" not in p and "/parquet.building/" not in p else p.rsplit("/", 1)[0] for p in planted}
    )
    assert sorted(s1["cleaned"]) == expected
    # not counted as landed: the same one file as in the clean folder, the same manifest
    assert s1["files_landed"] == c1["files_landed"] == 1
    assert len(paths.manifest.read_text("utf-8").splitlines()) == 1

    # the second night, after a full disk left a partial copy of the published database
    plant_debris(paths)
    s2 = run_pipeline(inbox, data_dir=paths.root)
    assert s2["status"] == "published", s2.get("error")
    assert s2["build_mode"] == c2["build_mode"]
    assert _leftovers(paths) == []
    # same tables, same rows as the clean folder's (run identity columns blanked by `dump`)
    assert dump(str(paths.curated_db)) == clean_dump


def test_an_interrupted_swap_gets_its_folder_back(clean, tmp_path):
    # swap_dir stopped between its two renames: `parquet` moved to `parquet.old`, the new one not in
    inbox = clean[0]
    paths = data_paths(tmp_path / "data")
    assert run_pipeline(inbox, data_dir=paths.root)["status"] == "published"
    (paths.curated / "parquet").rename(paths.curated / "parquet.old")
    s = run_pipeline(inbox, data_dir=paths.root)
    assert s["status"] == "published"
    assert (paths.curated / "parquet" / "metric_values.parquet").exists()
    assert not (paths.curated / "parquet.old").exists()


def test_the_summary_is_written_before_rendering(clean, tmp_path, monkeypatch):
    """A kill while rendering must not leave the previous run's summary in curated/."""
    import pipelines.reports.render as render

    inbox = clean[0]
    paths = data_paths(tmp_path / "data")
    first = run_pipeline(inbox, data_dir=paths.root)
    seen = {}

    def killed_while_rendering(*a, **k):
        # what is on disk when rendering starts: this run's summary, already published
        seen.update(json.loads((paths.curated / "run_summary.json").read_text("utf-8")))
        raise KeyboardInterrupt  # the kill: not an Exception, so nothing after this runs

    monkeypatch.setattr(render, "render_reports", killed_while_rendering)
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(inbox, data_dir=paths.root, render=True)
    on_disk = json.loads((paths.curated / "run_summary.json").read_text("utf-8"))
    assert on_disk == seen
    # this run (rendering asked, pending), not the previous one (no reports: render=False)
    assert "reports" not in first and on_disk["status"] == "published"
    assert on_disk["reports"]["pending"] is True
    assert (paths.runs / f"{on_disk['run_id']}.json").exists()
    assert "Đã công bố" in (paths.curated / "run_summary.md").read_text("utf-8")

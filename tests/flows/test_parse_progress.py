"""The load step's progress per file (pipelines/flows/steps.py, `parse`): one CLI bar labelled
"Đọc tệp" counting files read, and in a Prefect run a log line per file, "đã đọc 2/3 tệp: …"."""

from __future__ import annotations

from pipelines.flows import steps
from pipelines.raw.landing import land_inbox
from pipelines.settings import data_paths
from tests.readers.conftest import HOSO_HEADER, _key_file, hoso_row, write_csv  # noqa: F401 — _key_file: autouse, a key of its own


class _Logger:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def _three_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for day in (14, 15, 16):
        write_csv(inbox / f"hoso_2022-03-{day}.csv", HOSO_HEADER, [hoso_row(day)])
    paths = data_paths(tmp_path / "data")
    paths.ensure()
    land_inbox(inbox, paths)
    return paths


def test_one_bar_counts_the_files_read_and_one_log_line_per_file(tmp_path, monkeypatch):
    paths = _three_files(tmp_path)
    logger = _Logger()
    monkeypatch.setattr(steps, "_run_logger", lambda: logger)  # as inside a Prefect run
    bar = []
    done = steps.parse(paths, progress=lambda n, total, label: bar.append((n, total, label)))
    assert [r["status"] for r in done] == ["loaded"] * 3
    # after the k-th file: k of 3, one label "Đọc tệp: <file>" (the CLI keys its bar on "Đọc tệp")
    assert bar == [(k, 3, f"Đọc tệp: hoso_2022-03-{13 + k}.csv") for k in (1, 2, 3)]
    assert logger.lines == [f"đã đọc {k}/3 tệp: hoso_2022-03-{13 + k}.csv" for k in (1, 2, 3)]


def test_outside_a_prefect_run_nothing_is_logged(tmp_path):
    # no Prefect run context here (or Prefect not even loaded): no logger, no error
    assert steps._run_logger() is None
    assert len(steps.parse(_three_files(tmp_path))) == 3


def test_the_count_reads_as_vietnamese_numbers(tmp_path, monkeypatch):
    # 1.704 files: the thousands separated by a dot, as people read them
    logger = _Logger()
    monkeypatch.setattr(steps, "_run_logger", lambda: logger)
    monkeypatch.setattr(
        steps, "parse_pending", lambda paths, progress: [progress(119, 1704, "a.xlsx"), progress(1704, 1704, "done")]
    )
    steps.parse(data_paths(tmp_path))
    assert logger.lines == ["đã đọc 120/1.704 tệp: a.xlsx"]

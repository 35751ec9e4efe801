"""Parquet copies of a database's tables, for people and machines that prefer files: written in a
folder aside, then swapped in whole, so a reader never sees half a set (the province's
`curated/parquet/`, the country's `national/parquet/`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from pipelines.fsutil import swap_dir
from pipelines.settings import connect


def export_parquet(db_path: Path, out_dir: Path, tables: Iterable[str]) -> None:
    """One `<table>.parquet` per table or view of `db_path` in `out_dir`, replaced atomically."""
    tmp = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = connect(db_path, read_only=True)
    try:
        for table in tables:
            con.execute(f"COPY (SELECT * FROM {table}) TO '{tmp / (table + '.parquet')}' (FORMAT parquet)")
    finally:
        con.close()
    swap_dir(tmp, out_dir)

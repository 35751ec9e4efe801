"""Where the data lives and how every DuckDB connection is opened.

Everything is relative to MOTCUA_DATA_DIR (default ./data) so that tests, the demo and the
nightly run can point at different folders without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

TIME_ZONE = "Asia/Ho_Chi_Minh"
PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def asset_dir(name: str) -> Path:
    """A folder the product reads (sql, plans, notebooks, data/reference), found one way for a
    checkout and for an installed wheel: the wheel carries them under `pipelines/_assets/`
    (pyproject.toml, force-include); a checkout has them at its top level."""
    packaged = PACKAGE_ROOT / "_assets" / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


SQL_DIR = asset_dir("sql")
PLANS_DIR = asset_dir("plans")
NOTEBOOKS_DIR = asset_dir("notebooks")
REFERENCE_DIR = asset_dir("data/reference")


@dataclass(frozen=True)
class Paths:
    """The folders of one data directory (raw zone, curated zone and the rest)."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def raw_files(self) -> Path:
        return self.raw / "files"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.jsonl"

    @property
    def parsed(self) -> Path:
        return self.raw / "parsed"

    @property
    def quarantine(self) -> Path:
        return self.raw / "quarantine"

    @property
    def curated(self) -> Path:
        return self.root / "curated"

    @property
    def curated_db(self) -> Path:
        return self.curated / "motcua.duckdb"

    @property
    def reports(self) -> Path:
        return self.curated / "reports"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    @property
    def national(self) -> Path:
        """The national roll-up (docs/national.md): `national.duckdb` and its `parquet/`."""
        return self.root / "national"

    @property
    def national_db(self) -> Path:
        return self.national / "national.duckdb"

    def ensure(self) -> Paths:
        for p in (self.raw_files, self.parsed, self.quarantine, self.curated, self.runs):
            p.mkdir(parents=True, exist_ok=True)
        return self


def data_paths(root: str | os.PathLike | None = None) -> Paths:
    """Paths under `root`, else $MOTCUA_DATA_DIR, else ./data."""
    if root is None:
        root = os.environ.get("MOTCUA_DATA_DIR", "data")
    return Paths(Path(root).resolve())


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def shared_store() -> str | None:
    """`MOTCUA_SHARED_STORE`: where provinces publish for the national roll-up — a folder path or
    `s3://bucket/prefix` (docs/national.md). Unset: nothing is shared, the run is as before."""
    return _setting("MOTCUA_SHARED_STORE")


def province_setting() -> str | None:
    """`MOTCUA_PROVINCE`: the GSO code of the run's province (else the plan's `province.gso_code`)."""
    return _setting("MOTCUA_PROVINCE")


def national_provinces_setting() -> str | None:
    """`MOTCUA_NATIONAL_PROVINCES`: the provinces the roll-up expects (codes, or a file of codes)."""
    return _setting("MOTCUA_NATIONAL_PROVINCES")


def plan_setting() -> str | None:
    """`MOTCUA_PLAN`: the plan(s) of the run — plan ids of `plans/` or plan file paths, separated
    by commas. Unset: every `plans/*.yaml`. A province's run on a work pool gets it from its
    deployment's `plan` parameter (docs/national.md, "Chạy nhiều tỉnh trên nhiều máy")."""
    return _setting("MOTCUA_PLAN")


def work_pool_setting() -> str:
    """`MOTCUA_WORK_POOL`: the Prefect work pool of the provinces' runs (default `motcua`)."""
    return _setting("MOTCUA_WORK_POOL") or "motcua"


DUE_SOON_DAYS_DEFAULT = 2


def due_soon_days() -> int:
    """`MOTCUA_DUE_SOON_DAYS`: the early warning's window, in working days after the as-of date
    (metrics.md, "Due soon at T"); default 2. A value that is not a whole number ≥ 0 is refused
    (never silently replaced by the default)."""
    raw = _setting("MOTCUA_DUE_SOON_DAYS")
    if raw is None:
        return DUE_SOON_DAYS_DEFAULT
    if not raw.isdigit():
        raise ValueError(f"MOTCUA_DUE_SOON_DAYS phải là số ngày làm việc (số nguyên ≥ 0), không phải {raw!r}")
    return int(raw)


def province_retries_setting() -> int:
    """`MOTCUA_PROVINCE_RETRIES`: how many times the national flow schedules a province's Crashed
    run again (default 1; 0: never). A Failed run is not retried (docs/national.md)."""
    value = _setting("MOTCUA_PROVINCE_RETRIES")
    if value is None:
        return 1
    if not value.isdigit():
        raise ValueError(f"MOTCUA_PROVINCE_RETRIES={value!r}: cần một số nguyên không âm (0, 1, 2 …)")
    return int(value)


def dask_address() -> str | None:
    """`MOTCUA_DASK_ADDRESS`: the Dask scheduler (`tcp://may-chu:8786`) whose workers read a
    province's landed files, one task per file (docs/national.md, "Một kho tồn đọng lớn trên
    nhiều máy"). Unset: the files are read by this machine's process pool."""
    return _setting("MOTCUA_DASK_ADDRESS")


def pseudonym_key_path() -> Path:
    """The HMAC key for applicant pseudonyms lives outside the data folder (never published)."""
    override = os.environ.get("MOTCUA_KEY_FILE")
    if override:
        return Path(override)
    return Path.home() / ".config" / "motcua" / "pseudonym.key"


def connect(
    path: str | os.PathLike = ":memory:",
    read_only: bool = False,
    memory_limit: str | None = None,
    threads: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that never tries the network and groups dates in local time."""
    config = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = str(threads)
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    con.execute(f"SET TimeZone = '{TIME_ZONE}'")
    # no progress bar on stdout: the nightly run's output is a log, read the next morning.
    # Inside a Jupyter kernel DuckDB refuses to touch the setting without ipywidgets: there the
    # notebooks' output is HTML and the bar is not shown anyway.
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    return con

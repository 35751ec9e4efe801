"""The files to write: one :class:`FileJob` per entity and night (format, style, name, where
its rows are), planned night by night without loading the rows.

A job's rows come from a *source*: :class:`FrameSource` (an in-memory world's frames), the
spilled :class:`simulator.spill.ShardStore`, or the small
:class:`simulator.spill.ShardView` of it that a job carries to a writer process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import messiness as M
from .headers import COLUMNS, FILE_STEMS, NESTED, Col

EXT = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}


@dataclass
class FileJob:
    entity: str
    night: pd.Timestamp
    fmt: str
    frame: object  # the rows (DataFrame or Arrow table); None: the source's, loaded when written
    style: M.FileStyle
    rng: np.random.Generator
    name: str
    source: object = None  # where the night's rows are (FrameSource, ShardStore, ShardView)
    n: int = 0  # rows of the night (before re-sends and faults)
    resend: list = field(default_factory=list)  # [(older night, row positions)] re-sent in this file
    overrides: dict = field(default_factory=dict)  # (fault id, column) -> value
    no_labels: set = field(default_factory=set)
    resent_rows: int = 0
    extra: bool = False  # a fault's extra file
    raw: bool = False  # written as is (unknown kind)
    truncate: float | None = None
    path: Path | None = None
    first_row: int = 1  # the reader's number of data row 0
    rows: int = 0
    # a DVCQG JSON dossier file: the entities written nested in its dossiers (entity -> where
    # the night's rows are) instead of files of their own; their rows written (entity -> rows)
    nested: dict = field(default_factory=dict)
    nested_rows: dict = field(default_factory=dict)

    def rows_frame(self):
        """The file's rows: the frame, else the night's rows from the source plus the re-sent ones."""
        if self.frame is not None:
            return self.frame
        parts = [self.source.load(self.entity, self.night)]
        for night, pos in self.resend:
            parts.append(_take_rows(self.source.load(self.entity, night), pos))
        return _concat(parts)

    def editable(self) -> pd.DataFrame:
        """The rows as a DataFrame kept on the job (the faults edit a few files)."""
        if not isinstance(self.frame, pd.DataFrame):
            fr = self.rows_frame()
            self.frame = fr.to_pandas() if isinstance(fr, pa.Table) else fr.reset_index(drop=True)
        return self.frame


def _names(fr) -> list[str]:
    return fr.column_names if isinstance(fr, pa.Table) else list(fr.columns)


def _take_rows(fr, pos: np.ndarray):
    return fr.take(pa.array(pos)) if isinstance(fr, pa.Table) else fr.iloc[pos]


def _concat(parts: list):
    if len(parts) == 1:
        return parts[0]
    if isinstance(parts[0], pa.Table):
        return pa.concat_tables(parts)
    return pd.concat(parts, ignore_index=True)


def _pylist(col) -> list:
    return col.to_pylist() if hasattr(col, "to_pylist") else col.tolist()


class FrameSource:
    """The rows of an in-memory world (entity -> DataFrame with ``export_date``), cut by night."""

    def __init__(self, world):
        self.parts: dict[str, dict[pd.Timestamp, pd.DataFrame]] = {}
        self.cols: dict[str, list[str]] = {}
        for entity in COLUMNS:
            df = world.versions.get(entity)
            if df is None or len(df) == 0:
                continue
            if "export_date" not in df.columns:
                df = df.assign(export_date=pd.Timestamp(world.end))
            nights = pd.to_datetime(df["export_date"]).dt.normalize()
            extra_cols = [c for c in ("ds_bo_sung",) if c in df.columns and entity == "hoso"]
            keep = [c.name for c in _cols_of(entity, df.columns)] + extra_cols
            order = np.argsort(nights.to_numpy(), kind="stable")
            df = df.iloc[order][keep]
            vals = nights.iloc[order].to_numpy()
            uniq, starts = np.unique(vals, return_index=True)
            bounds = list(starts) + [len(vals)]
            self.parts[entity] = {
                pd.Timestamp(night): df.iloc[bounds[k] : bounds[k + 1]].reset_index(drop=True)
                for k, night in enumerate(uniq)
            }
            self.cols[entity] = keep

    def entities(self) -> list[str]:
        return list(self.parts)

    def columns(self, entity: str) -> list[str]:
        return self.cols[entity]

    def nights(self, entity: str) -> list[tuple[pd.Timestamp, int]]:
        return [(night, len(fr)) for night, fr in self.parts.get(entity, {}).items()]

    def rows(self, entity: str, night) -> int:
        fr = self.parts.get(entity, {}).get(pd.Timestamp(night))
        return 0 if fr is None else len(fr)

    def load(self, entity: str, night) -> pd.DataFrame:
        return self.parts[entity][pd.Timestamp(night)]


def _allowed(pref: list[str], formats) -> str:
    for f in pref:
        if f in formats:
            return f
    return next(iter(formats))


def choose_format(entity: str, rng: np.random.Generator, formats) -> str:
    x = rng.random()
    if entity == "hoso":
        if "json" in formats and (x < M.RATES["hoso_as_json"] or ("xlsx" not in formats and "csv" not in formats)):
            return "json"
        return _allowed(["xlsx", "csv", "json"], formats)
    if entity == "tientrinh":
        return _allowed(["csv", "xlsx", "json"], formats)
    if entity == "tthc_donvi":  # ~100,000 rows: the portal's CSV
        return _allowed(["csv", "xlsx", "json"], formats)
    if entity in ("danhgia", "thanhtoan", "pakn", "tailieunop", "giaytoketqua", "lephi"):
        pref = ["csv", "xlsx"] if x < M.RATES["csv_instead_of_xlsx"] else ["xlsx", "csv"]
        return _allowed(pref + ["json"], formats)
    return _allowed(["xlsx", "csv", "json"], formats)


def _file_name(entity: str, night: pd.Timestamp, fmt: str, rng, suffix: str = "") -> str:
    stems = FILE_STEMS.get(entity, (entity + "_{ymd}",))
    stem = stems[int(rng.integers(0, len(stems)))].format(ymd=f"{night:%Y%m%d}", dmy=f"{night:%d%m%Y}")
    return stem + suffix + EXT[fmt]


def _cols_of(entity: str, names) -> list[Col]:
    names = set(names)
    return [c for c in COLUMNS.get(entity, []) if c.name in names]


def make_job(
    seed: int,
    entity: str,
    night,
    fmt: str,
    frame=None,
    name_suffix: str = "",
    salt: int = 0,
    *,
    source=None,
    columns=None,
    n: int = 0,
) -> FileJob:
    """A file of ``frame``'s rows, or (``frame`` None) of the night's ``n`` rows of ``source``
    (with ``columns``)."""
    night = pd.Timestamp(night).normalize()
    rng = M.file_rng(seed, entity, night, salt)
    style = M.choose_style(entity, fmt, _cols_of(entity, _names(frame) if frame is not None else columns), rng)
    name = _file_name(entity, night, fmt, rng, name_suffix)
    if isinstance(frame, pd.DataFrame):
        frame = frame.reset_index(drop=True)
    if frame is not None:
        n = len(frame)
    return FileJob(entity, night, fmt, frame, style, rng, name, source=source, n=n)


class NightPlanner:
    """Plans the files of each night, nights in order (a re-send looks back one week of dossier
    files): one :class:`FileJob` per entity with rows that night, rows not loaded."""

    def __init__(self, seed: int, formats):
        self.seed, self.formats = seed, formats
        self.hoso: list[FileJob] = []

    def plan(self, source, night, entities=None) -> list[FileJob]:
        """The files of ``night`` (of ``entities`` only, if given)."""
        jobs = []
        dossier_json = None
        for entity in COLUMNS:
            if entities is not None and entity not in entities:
                continue
            n = source.rows(entity, night) if entity in source.entities() else 0
            if not n:
                continue
            if entity in NESTED and dossier_json is not None:
                # a JSON dossier file carries the night's files, documents and fees nested
                dossier_json.nested[entity] = source
                continue
            fmt = choose_format(entity, M.file_rng(self.seed, entity, night, 1), self.formats)
            job = make_job(self.seed, entity, night, fmt, source=source, columns=source.columns(entity), n=n)
            if entity == "hoso":
                self._resend(job)
                dossier_json = job if fmt == "json" else None
            jobs.append(job)
        return jobs

    def _resend(self, job: FileJob) -> None:
        """Some dossier files also carry older versions of dossiers already sent (a re-send):
        rows drawn from the week's previous dossier files (their own rows), appended when written."""
        older = self.hoso[-7:]
        self.hoso = older + [job]
        if not older:
            return
        rng = M.file_rng(self.seed, "hoso", job.night, 2)
        if rng.random() >= M.RATES["resend_old_versions"]:
            return
        sizes = np.array([j.n for j in older])
        n = max(1, int(round(job.n * M.RATES["resend_old_versions_row"])))
        n = min(n, int(sizes.sum()))
        pick = np.sort(rng.choice(int(sizes.sum()), size=n, replace=False))
        starts = np.cumsum(sizes) - sizes
        which = np.searchsorted(starts, pick, side="right") - 1
        job.resend = [(older[w].night, pick[which == w] - starts[w]) for w in np.unique(which)]
        job.resent_rows = n


def plan_jobs(source, formats, seed: int) -> list[FileJob]:
    """Every file of ``source``, entity by entity, night by night."""
    planner = NightPlanner(seed, formats)
    nights = sorted({night for e in source.entities() for night, _ in source.nights(e)})
    jobs = [job for night in nights for job in planner.plan(source, night)]
    return sort_jobs(jobs)


def sort_jobs(jobs: list[FileJob]) -> list[FileJob]:
    order = {e: i for i, e in enumerate(COLUMNS)}
    return sorted(jobs, key=lambda j: (j.extra, order.get(j.entity, len(order)), j.night))

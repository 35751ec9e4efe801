"""The simulated software's export job: a :class:`SimulatedWorld` -> files in an inbox.

Output layout (``out`` is the folder given to ``motcua simulate --out``)::

    out/_simulation.json                 what was written: seed, scale, dates, files, truth, faults
    out/inbox/YYYY-MM-DD/<file>          the files exported on that night (one folder per night),
                                         e.g. inbox/2022-03-15/DanhSachHoSo_15032022.xlsx

A replay feeds ``inbox/<night>/`` one night at a time.  One file per entity per night that has
rows; re-deliveries (same bytes, another name) sit in the *next* night's folder.

Formats (restricted by ``formats``): dossiers as the vendor's .xlsx report (title rows, header,
data, footer), about one night in seven as DVCQG JSON, which then carries that night's
submitted files, result documents and fees nested in the dossiers (``TaiLieuNop``,
``DanhSachGiayToKetQua``, ``DanhSachLePhi``; the manifest's ``nested_rows``) instead of files of
their own; steps as CSV; evaluations, payments, PAKN, submitted files, result documents and fees
as CSV or xlsx; the procedures applied at each unit (TTHC_DONVI) as CSV; catalogue, agencies,
reviews, tasks and periodic reports as xlsx snapshots.
If a format is not allowed the next one allowed is used (csv, then xlsx, then json).
The look of every file (headers, dates, money, labels, encodings, NFD...) is drawn per file, see
:mod:`.messiness` (``RATES``); the faults (only with ``faults=True``) are in
:mod:`simulator.faults`.

How (:mod:`.jobs`, :mod:`.write`): ``plan_jobs`` / :class:`NightPlanner` make one
:class:`FileJob` per entity and night, without loading rows, draw its format and style from a
generator seeded by (seed, entity, night) and mark the older dossier rows a few files re-send;
``faults.inject`` adds the faulty rows/files (loading the few files it edits); each job is
written by :func:`write_job`, which loads its night's rows from the job's source.  Two ways to
run the jobs (the bytes do not depend on the way, nor on the number of workers):

* :func:`write_exports` / :func:`write_source`: every job planned, then written by two forked
  workers (an in-memory world, or a spilled one with faults);
* :class:`NightWriter`: ``motcua simulate`` hands it each night as soon as no later window of
  the generator can add rows to it; two worker processes write while the generator goes on.

Values are rendered column-wise with Arrow kernels; large .xlsx go through a streaming XML
writer (:mod:`.write_xlsx`), small ones through xlsxwriter.

The simulator is the outside world: nothing here imports the rest of ``pipelines``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
from pathlib import Path

import pandas as pd

from .. import faults as faults_mod
from . import messiness as M
from .headers import COLUMNS
from .jobs import EXT, FileJob, FrameSource, NightPlanner, make_job, plan_jobs, sort_jobs
from .write import _MADE, write_job

SNAPSHOTS = ("tthc", "donvi", "rasoat", "nhiemvu", "baocao")


PARALLEL_MIN_ROWS = 200_000  # below this many rows in all, write in this process
LABEL = "writing the exports"  # progress label (before the colon: one progress bar)
_JOBS: list = []
_JOBS_INBOX: list = []


def _work(k: int):
    """Worker side of the parallel writer (fork: the jobs are inherited, not pickled)."""
    job = _JOBS[k]
    write_job(job, _JOBS_INBOX[0])
    return k, job.path, job.first_row, job.rows, getattr(job, "fault_pos", None), job.nested_rows


def _written(job: FileJob, path, first_row: int, rows: int, fault_pos, nested_rows=None) -> None:
    job.path, job.first_row, job.rows = path, first_row, rows
    job.nested_rows = dict(nested_rows or {})
    if fault_pos is not None:
        job.fault_pos = fault_pos


def _run_jobs(jobs: list[FileJob], inbox: Path, workers: int, progress) -> None:
    total = len(jobs)
    big = sum(j.n for j in jobs) > PARALLEL_MIN_ROWS
    if workers > 1 and big and "fork" in mp.get_all_start_methods():
        global _JOBS
        _JOBS = jobs
        _JOBS_INBOX[:] = [inbox]
        try:
            # the biggest files first, so that the two workers finish together
            order = sorted(
                range(total), key=lambda k: -(jobs[k].n + jobs[k].resent_rows) * len(COLUMNS.get(jobs[k].entity, ()))
            )
            with mp.get_context("fork").Pool(workers) as pool:
                for done, (k, *res) in enumerate(pool.imap_unordered(_work, order, chunksize=1), 1):
                    _written(jobs[k], *res)
                    if progress:
                        progress(done, total, f"{LABEL}: {jobs[k].entity} {jobs[k].night:%Y-%m-%d}")
            return
        finally:
            _JOBS = []
    for k, job in enumerate(jobs):
        write_job(job, inbox)
        if progress:
            progress(k + 1, total, f"{LABEL}: {job.entity} {job.night:%Y-%m-%d}")


def _write_detached(job: FileJob, inbox: Path):
    """Worker side of :class:`NightWriter` (the job comes pickled, with its small source)."""
    write_job(job, inbox)
    return job.path, job.first_row, job.rows, getattr(job, "fault_pos", None), job.nested_rows


class NightWriter:
    """Writes night after night while the rows of later nights are still being made.

    :meth:`nights` plans the given nights' files (in night order) and hands each to a pool of
    forked workers with a :class:`simulator.spill.ShardView` of the rows it needs;
    :meth:`finish` waits for them and returns the manifest part of ``_simulation.json``.  With
    ``parallel`` False (a small world) the files are written here, at once.  The pool is
    forked when the writer is made: make it before the generator grows.
    """

    def __init__(self, out: Path, formats, seed: int, progress=None, parallel: bool = True, workers: int | None = None):
        self.out, self.inbox = Path(out), Path(out) / "inbox"
        self.inbox.mkdir(parents=True, exist_ok=True)
        _MADE.clear()
        self.seed, self.progress = seed, progress
        self.planner = NightPlanner(seed, tuple(f for f in formats if f in EXT) or ("xlsx", "csv", "json"))
        workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.pool = None
        if parallel and workers > 1 and "fork" in mp.get_all_start_methods():
            self.pool = mp.get_context("fork").Pool(workers)
        self.jobs: list[FileJob] = []
        self.pending: list = []
        self.done = 0

    def nights(self, store, nights, entities=None) -> None:
        """Write the files of ``nights`` (of ``entities`` only, if given), nights in order."""
        for night in nights:
            for job in self.planner.plan(store, night, entities):
                job.source = store.view(job.entity, [job.night] + [n for n, _ in job.resend])
                job.nested = {e: store.view(e, [job.night]) for e in job.nested}
                self.jobs.append(job)
                if self.pool is None:
                    write_job(job, self.inbox)
                    self._tick(job)
                else:
                    self.pending.append((job, self.pool.apply_async(_write_detached, (job, self.inbox))))
        self._collect(block=False)

    def _tick(self, job: FileJob) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.jobs), f"{LABEL}: {job.entity} {job.night:%Y-%m-%d}")

    def _collect(self, block: bool) -> None:
        left = []
        for job, res in self.pending:
            if block or res.ready():
                _written(job, *res.get())
                self._tick(job)
            else:
                left.append((job, res))
        self.pending = left

    def finish(self) -> dict:
        try:
            self._collect(block=True)
        finally:
            self.close()
        return _manifest(sort_jobs(self.jobs), self.out, self.inbox, self.seed, [])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate() if self.pending else self.pool.close()
            self.pool.join()
            self.pool = None


def write_exports(
    world,
    out: Path,
    formats=("xlsx", "csv", "json"),
    faults: bool = False,
    seed: int = 42,
    progress=None,
    workers: int | None = None,
) -> dict:
    """Write every export of ``world`` under ``out/inbox/``; return the manifest part of
    ``_simulation.json`` (``files``, ``faults``, ``messiness``).  ``workers`` processes write
    the files (default: up to 2, forked; the output does not depend on it)."""
    return write_source(FrameSource(world), out, formats, faults, seed, progress, workers, world=world)


def write_source(
    source,
    out: Path,
    formats=("xlsx", "csv", "json"),
    faults: bool = False,
    seed: int = 42,
    progress=None,
    workers: int | None = None,
    world=None,
) -> dict:
    """:func:`write_exports` from a source of rows (:class:`FrameSource`, or the spilled
    :class:`simulator.spill.ShardStore`); ``world`` (optional) for the faults' keys."""
    out = Path(out)
    inbox = out / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    _MADE.clear()  # the folders made are remembered within one call only
    formats = tuple(f for f in formats if f in EXT) or ("xlsx", "csv", "json")
    jobs = plan_jobs(source, formats, seed)
    flist: list = []
    if faults:
        flist = faults_mod.inject(jobs, world, seed, lambda *a, **k: make_job(seed, *a, salt=3, **k))
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    _run_jobs(jobs, inbox, workers, progress)
    return _manifest(jobs, out, inbox, seed, flist)


def _manifest(jobs: list[FileJob], out: Path, inbox: Path, seed: int, flist: list) -> dict:
    """The files written (and re-delivered: copied here), the faults with their rows."""
    files = []
    for job in jobs:
        rec = {
            "file": job.path.relative_to(out).as_posix(),
            "entity": job.entity,
            "night": f"{job.night:%Y-%m-%d}",
            "format": job.fmt,
            "rows": job.rows,
        }
        if job.resent_rows:
            rec["resent_rows"] = job.resent_rows
        if job.extra:
            rec["fault"] = True
        if job.nested_rows:
            rec["nested_rows"] = dict(job.nested_rows)
        files.append(rec)
    # re-deliveries: the same bytes next night under another name
    for job, rec in list(zip(jobs, files)):
        if job.extra:
            continue
        rng = M.file_rng(seed, job.entity, job.night, 4)
        if rng.random() >= M.RATES["duplicate_delivery"]:
            continue
        nxt = job.night + pd.Timedelta(days=1)
        folder = inbox / f"{nxt:%Y-%m-%d}"
        folder.mkdir(parents=True, exist_ok=True)
        stem, ext = job.path.stem, job.path.suffix
        name = stem + (" (1)" if rng.random() < 0.5 else "_gui_lai") + ext
        shutil.copyfile(job.path, folder / name)
        files.append(
            {
                **rec,
                "file": (folder / name).relative_to(out).as_posix(),
                "night": f"{nxt:%Y-%m-%d}",
                "duplicate_of": rec["file"],
            }
        )
    for f in flist:
        f.file = f.job.path.relative_to(out).as_posix()
        if f.fid is not None:
            f.row = f.job.first_row + f.job.fault_pos[f.fid]
    return {"files": files, "faults": [f.record() for f in flist], "messiness": dict(M.RATES)}

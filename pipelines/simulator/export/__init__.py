"""The simulated software's export job: a :class:`SimulatedWorld` -> files in an inbox.

Output layout (``out`` is the folder given to ``motcua simulate --out``)::

    out/_simulation.json                 what was written: seed, scale, dates, files, truth, faults
    out/inbox/YYYY-MM-DD/<file>          the files exported on that night (one folder per night),
                                         e.g. inbox/2022-03-15/DanhSachHoSo_15032022.xlsx

A replay feeds ``inbox/<night>/`` one night at a time.  One file per entity per night that has
rows; re-deliveries (same bytes, another name) sit in the *next* night's folder.

Formats (restricted by ``formats``): dossiers as the vendor's .xlsx report (title rows, header,
data, footer), about one night in seven as DVCQG JSON; steps as CSV; evaluations, payments and
PAKN as CSV or xlsx; catalogue, agencies, reviews, tasks and periodic reports as xlsx snapshots.
If a format is not allowed the next one allowed is used (csv, then xlsx, then json).
The look of every file (headers, dates, money, labels, encodings, NFD...) is drawn per file, see
:mod:`.messiness` (``RATES``); the faults (only with ``faults=True``) are in
:mod:`pipelines.simulator.faults`.

How: ``plan_jobs`` cuts each entity's rows by ``export_date`` into one :class:`FileJob` per
night and draws its format and style from a generator seeded by (seed, entity, night);
``add_resends`` appends older dossier versions to a few files; ``faults.inject`` adds the
faulty rows/files; then the jobs are written (by two forked workers when there is enough work;
the bytes do not depend on the number of workers) and re-deliveries are copied.  Values are
rendered column-wise with Arrow kernels; large .xlsx go through a streaming XML writer
(:mod:`.xlsx`), small ones through xlsxwriter.

The simulator is the outside world: nothing here imports the rest of ``pipelines``.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import faults as faults_mod
from . import messiness as M
from .csv_ import write_csv
from .headers import COLUMNS, FILE_STEMS, TITLES, UNITS, Col
from .json_ import write_json
from .xlsx import Title, write_xlsx

SIGNERS = ("Nguyễn Thị Thu Hà", "Trần Văn Hùng", "Lê Thị Minh Châu", "Phan Đức Thắng", "Võ Thị Lan Anh")
SNAPSHOTS = ("tthc", "donvi", "rasoat", "nhiemvu", "baocao")
EXT = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}


@dataclass
class FileJob:
    entity: str
    night: pd.Timestamp
    fmt: str
    frame: pd.DataFrame
    style: M.FileStyle
    rng: np.random.Generator
    name: str
    overrides: dict = field(default_factory=dict)    # (fault id, column) -> value
    no_labels: set = field(default_factory=set)
    resent_rows: int = 0
    extra: bool = False        # a fault's extra file
    raw: bool = False          # written as is (unknown kind)
    truncate: float | None = None
    path: Path | None = None
    first_row: int = 1         # the reader's number of data row 0
    rows: int = 0


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
    if entity in ("danhgia", "thanhtoan", "pakn"):
        pref = ["csv", "xlsx"] if x < M.RATES["csv_instead_of_xlsx"] else ["xlsx", "csv"]
        return _allowed(pref + ["json"], formats)
    return _allowed(["xlsx", "csv", "json"], formats)


def _file_name(entity: str, night: pd.Timestamp, fmt: str, rng, suffix: str = "") -> str:
    stems = FILE_STEMS.get(entity, (entity + "_{ymd}",))
    stem = stems[int(rng.integers(0, len(stems)))].format(ymd=f"{night:%Y%m%d}", dmy=f"{night:%d%m%Y}")
    return stem + suffix + EXT[fmt]


def _cols_of(entity: str, frame: pd.DataFrame) -> list[Col]:
    return [c for c in COLUMNS.get(entity, []) if c.name in frame.columns]


def make_job(seed: int, entity: str, night, fmt: str, frame: pd.DataFrame, name_suffix: str = "",
             salt: int = 0) -> FileJob:
    night = pd.Timestamp(night).normalize()
    rng = M.file_rng(seed, entity, night, salt)
    style = M.choose_style(entity, fmt, _cols_of(entity, frame), rng)
    name = _file_name(entity, night, fmt, rng, name_suffix)
    return FileJob(entity, night, fmt, frame.reset_index(drop=True), style, rng, name)


def plan_jobs(world, formats, seed: int) -> list[FileJob]:
    jobs: list[FileJob] = []
    for entity in COLUMNS:
        df = world.versions.get(entity)
        if df is None or len(df) == 0:
            continue
        if "export_date" not in df.columns:
            df = df.assign(export_date=pd.Timestamp(world.end))
        nights = pd.to_datetime(df["export_date"]).dt.normalize()
        extra_cols = [c for c in ("ds_bo_sung",) if c in df.columns and entity == "hoso"]
        keep = [c.name for c in _cols_of(entity, df)] + extra_cols
        order = np.argsort(nights.to_numpy(), kind="stable")
        df = df.iloc[order][keep]
        nights = nights.iloc[order]
        vals = nights.to_numpy()
        uniq, starts = np.unique(vals, return_index=True)
        bounds = list(starts) + [len(vals)]
        for k, night in enumerate(uniq):
            night = pd.Timestamp(night)
            frame = df.iloc[bounds[k]: bounds[k + 1]]
            fmt = choose_format(entity, M.file_rng(seed, entity, night, 1), formats)
            jobs.append(make_job(seed, entity, night, fmt, frame))
    return jobs


def add_resends(jobs: list[FileJob], seed: int) -> None:
    """Some dossier files also carry older versions of dossiers already sent (a re-send)."""
    hoso = [j for j in jobs if j.entity == "hoso"]
    for k, job in enumerate(hoso):
        if k == 0:
            continue
        rng = M.file_rng(seed, "hoso", job.night, 2)
        if rng.random() >= M.RATES["resend_old_versions"]:
            continue
        older = pd.concat([j.frame for j in hoso[max(0, k - 7):k]], ignore_index=True)
        n = max(1, int(round(len(job.frame) * M.RATES["resend_old_versions_row"])))
        n = min(n, len(older))
        pick = np.sort(rng.choice(len(older), size=n, replace=False))
        job.frame = pd.concat([job.frame, older.iloc[pick]], ignore_index=True)
        job.resent_rows = n


def _titles(job: FileJob, n: int, drop_date_title: str | None) -> list[Title]:
    d = f"{job.night:%d/%m/%Y}"
    main = TITLES.get(job.entity, "DANH SÁCH").format(d=d)
    v = job.style.title_variant
    t = [Title("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", merge=False)]
    if v in (0, 2):
        t.append(Title("HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC", merge=False))
    if v == 2:
        t.append(Title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - Hạnh phúc", merge=True, bold=False))
    t.append(Title("", merge=False))
    t.append(Title(main, merge=True))
    if drop_date_title:
        t.append(Title(drop_date_title, merge=True, bold=False))
    elif v == 1:
        t.append(Title(f"(Dữ liệu trích xuất lúc 02:00 ngày {job.night + pd.Timedelta(days=1):%d/%m/%Y})",
                       merge=True, bold=False))
    t.append(Title("", merge=False))
    return t


def _footer(job: FileJob, n: int) -> list[str]:
    total = f"{n:,}".replace(",", ".")
    signer = SIGNERS[int(job.rng.integers(0, len(SIGNERS)))]
    return ["", f"Tổng cộng: {total} {UNITS.get(job.entity, 'dòng')}", "",
            f"Hà Tĩnh, ngày {job.night:%d} tháng {job.night:%m} năm {job.night:%Y}", "Người lập biểu", "", "",
            signer]


def _bo_sung_json(values) -> list:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v) or len(v) == 0:
            out.append(None)
            continue
        items = []
        for it in v:
            items.append({k: (pd.Timestamp(x).strftime("%Y%m%d%H%M%S") if x is not None and not pd.isna(x) else None)
                          if k.startswith("Ngay") else x for k, x in dict(it).items()})
        out.append(items)
    return out


_MADE: set = set()


def _patch(a, fixes: list[tuple[int, object]]):
    """Set a few values of an Arrow array (fault cells)."""
    lst = a.to_pylist() if hasattr(a, "to_pylist") else list(a)
    for i, v in fixes:
        lst[i] = v
    return lst


def write_job(job: FileJob, inbox: Path) -> None:
    folder = inbox / f"{job.night:%Y-%m-%d}"
    if folder not in _MADE:
        folder.mkdir(parents=True, exist_ok=True)
        _MADE.add(folder)
    path = folder / job.name
    job.path = path
    fr = job.frame
    if job.raw:
        write_csv(path, list(fr.columns), [[str(v) for v in fr[c]] for c in fr.columns],
                  sep=",", encoding="utf-8-sig")
        job.rows = len(fr)
        return
    st = job.style
    if job.no_labels:
        st.label_cols = {k: v for k, v in st.label_cols.items() if k not in job.no_labels}
    # injected rows -> positions
    overrides: dict = {}
    if faults_mod.FAULT_COL in fr.columns:
        fid_pos = {fid: i for i, fid in enumerate(fr[faults_mod.FAULT_COL].tolist()) if fid is not None and fid == fid}
        for (fid, col), v in job.overrides.items():
            overrides[(fid_pos[fid], col)] = v
        job.fault_pos = fid_pos
        fr = fr.drop(columns=[faults_mod.FAULT_COL])
    cols = _cols_of(job.entity, fr)
    date_title = None
    if job.entity == "tthc" and job.fmt == "xlsx" and st.date_as_title and "ngay_xuat" in fr.columns \
            and fr["ngay_xuat"].nunique(dropna=False) == 1 and pd.notna(fr["ngay_xuat"].iloc[0]):
        date_title = f"Ngày xuất danh mục: {pd.Timestamp(fr['ngay_xuat'].iloc[0]):%d/%m/%Y}"
        cols = [c for c in cols if c.name != "ngay_xuat"]
    if st.shuffle:
        cols = [cols[i] for i in job.rng.permutation(len(cols))]
    header = M.header_nfd([st.header.label(c) for c in cols], st)
    n = len(fr)
    job.rows = n

    def ov_text(v, col: Col, fmt_code: str) -> str:
        if isinstance(v, faults_mod.BadDate):
            return v.render("date" if col.kind == "date" and fmt_code != "compact" else fmt_code)
        return "" if v is None else str(v)

    if job.fmt == "xlsx":
        xcols = [M.render_xlsx(job.entity, c, fr[c.name], st, job.rng) for c in cols]
        xov = {}
        for (i, cname), v in overrides.items():
            j = next(k for k, c in enumerate(cols) if c.name == cname)
            fmt_code = "dmy_hms" if cols[j].name in st.native_dates else st.date_fmt
            xov[(i, j)] = ov_text(v, cols[j], fmt_code)
        titles = _titles(job, n, date_title)
        if st.nfd:
            titles = [Title(M.nfd(t.text), t.merge, t.bold) for t in titles]
        footer = _footer(job, n)
        head_row = write_xlsx(path, titles, header, xcols, footer, xov)
        job.first_row = head_row + 1
    elif job.fmt == "csv":
        tcols = [M.render_text(job.entity, c, fr[c.name], st, job.rng) for c in cols]
        for (i, cname), v in overrides.items():
            j = next(k for k, c in enumerate(cols) if c.name == cname)
            tcols[j] = _patch(tcols[j], [(i, ov_text(v, cols[j], st.date_fmt))])
        write_csv(path, header, tcols, sep=st.sep, encoding=st.encoding, crlf=st.crlf, quote_all=st.quote_all)
        job.first_row = 1
    else:
        jcols = [M.render_json(job.entity, c, fr[c.name], st, job.rng) for c in cols]
        for (i, cname), v in overrides.items():
            j = next(k for k, c in enumerate(cols) if c.name == cname)
            jcols[j][i] = ov_text(v, cols[j], "compact")
        keys = [c.key or c.vi for c in cols]
        extra = {}
        if "ds_bo_sung" in fr.columns:
            extra["DanhSachHoSoBoSung"] = _bo_sung_json(fr["ds_bo_sung"].tolist())
        write_json(path, keys, jcols, wrap=st.json_wrap, ensure_ascii=st.json_ascii, extra=extra)
        job.first_row = 1
    if job.truncate:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * job.truncate)])


_JOBS: list = []
PARALLEL_MIN_ROWS = 200_000     # below this many rows in all, write in this process


def _work(k: int):
    """Worker side of the parallel writer (fork: the jobs are inherited, not pickled)."""
    job = _JOBS[k]
    write_job(job, _JOBS_INBOX[0])
    return k, job.path, job.first_row, job.rows, getattr(job, "fault_pos", None)


_JOBS_INBOX: list = []


def _run_jobs(jobs: list[FileJob], inbox: Path, workers: int, progress) -> None:
    total = len(jobs)
    big = sum(len(j.frame) for j in jobs) > PARALLEL_MIN_ROWS
    if workers > 1 and big and "fork" in mp.get_all_start_methods():
        global _JOBS
        _JOBS = jobs
        _JOBS_INBOX[:] = [inbox]
        try:
            # the biggest files first, so that the two workers finish together
            order = sorted(range(total), key=lambda k: -len(jobs[k].frame) * len(jobs[k].frame.columns))
            with mp.get_context("fork").Pool(workers) as pool:
                for done, (k, path, first_row, rows, fault_pos) in enumerate(
                        pool.imap_unordered(_work, order, chunksize=1), 1):
                    job = jobs[k]
                    job.path, job.first_row, job.rows = path, first_row, rows
                    if fault_pos is not None:
                        job.fault_pos = fault_pos
                    if progress:
                        progress(done, total, f"{job.entity} {job.night:%Y-%m-%d}")
            return
        finally:
            _JOBS = []
    for k, job in enumerate(jobs):
        write_job(job, inbox)
        if progress:
            progress(k + 1, total, f"{job.entity} {job.night:%Y-%m-%d}")


def write_exports(world, out: Path, formats=("xlsx", "csv", "json"), faults: bool = False, seed: int = 42,
                  progress=None, workers: int | None = None) -> dict:
    """Write every export of ``world`` under ``out/inbox/``; return the manifest part of
    ``_simulation.json`` (``files``, ``faults``, ``messiness``).  ``workers`` processes write
    the files (default: up to 2, forked; the output does not depend on it)."""
    out = Path(out)
    inbox = out / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    _MADE.clear()                     # the folders made are remembered within one call only
    formats = tuple(f for f in formats if f in EXT) or ("xlsx", "csv", "json")
    jobs = plan_jobs(world, formats, seed)
    add_resends(jobs, seed)
    flist: list = []
    if faults:
        flist = faults_mod.inject(jobs, world, seed, lambda *a, **k: make_job(seed, *a, salt=3, **k))
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    _run_jobs(jobs, inbox, workers, progress)
    files = []
    for job in jobs:
        rec = {"file": job.path.relative_to(out).as_posix(), "entity": job.entity,
               "night": f"{job.night:%Y-%m-%d}", "format": job.fmt, "rows": job.rows}
        if job.resent_rows:
            rec["resent_rows"] = job.resent_rows
        if job.extra:
            rec["fault"] = True
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
        files.append({**rec, "file": (folder / name).relative_to(out).as_posix(), "night": f"{nxt:%Y-%m-%d}",
                      "duplicate_of": rec["file"]})
    for f in flist:
        f.file = f.job.path.relative_to(out).as_posix()
        if f.fid is not None:
            f.row = f.job.first_row + f.job.fault_pos[f.fid]
    return {"files": files, "faults": [f.record() for f in flist], "messiness": dict(M.RATES)}

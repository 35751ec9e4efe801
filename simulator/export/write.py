"""Writing one file: a :class:`.jobs.FileJob`'s rows rendered under its style (messiness) into
the vendor's xlsx report, a CSV or DVCQG JSON, with the fault cells the job carries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.compute as pc

from .. import faults as faults_mod
from .. import province
from . import messiness as M
from .headers import COLUMNS, NESTED, TITLES, UNITS, Col
from .jobs import FileJob, _cols_of, _names, _pylist
from .write_csv import write_csv
from .write_json import write_json
from .write_xlsx import Title, write_xlsx

SIGNERS = ("Nguyễn Thị Thu Hà", "Trần Văn Hùng", "Lê Thị Minh Châu", "Phan Đức Thắng", "Võ Thị Lan Anh")


def _titles(job: FileJob, n: int, drop_date_title: str | None) -> list[Title]:
    d = f"{job.night:%d/%m/%Y}"
    main = TITLES.get(job.entity, "DANH SÁCH").format(d=d)
    v = job.style.title_variant
    t = [Title(f"ỦY BAN NHÂN DÂN {province.current().of.upper()}", merge=False)]
    if v in (0, 2):
        t.append(Title("HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC", merge=False))
    if v == 2:
        t.append(Title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - Hạnh phúc", merge=True, bold=False))
    t.append(Title("", merge=False))
    t.append(Title(main, merge=True))
    if drop_date_title:
        t.append(Title(drop_date_title, merge=True, bold=False))
    elif v == 1:
        t.append(
            Title(
                f"(Dữ liệu trích xuất lúc 02:00 ngày {job.night + pd.Timedelta(days=1):%d/%m/%Y})",
                merge=True,
                bold=False,
            )
        )
    t.append(Title("", merge=False))
    return t


def _footer(job: FileJob, n: int) -> list[str]:
    total = f"{n:,}".replace(",", ".")
    signer = SIGNERS[int(job.rng.integers(0, len(SIGNERS)))]
    return [
        "",
        f"Tổng cộng: {total} {UNITS.get(job.entity, 'dòng')}",
        "",
        f"{province.current().short}, ngày {job.night:%d} tháng {job.night:%m} năm {job.night:%Y}",
        "Người lập biểu",
        "",
        "",
        signer,
    ]


def _bo_sung_json(values) -> list:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v) or len(v) == 0:
            out.append(None)
            continue
        items = []
        for it in v:
            items.append(
                {
                    k: (pd.Timestamp(x).strftime("%Y%m%d%H%M%S") if x is not None and not pd.isna(x) else None)
                    if k.startswith("Ngay")
                    else x
                    for k, x in dict(it).items()
                }
            )
        out.append(items)
    return out


def _nested(job: FileJob, entity: str, source, dossiers: list) -> tuple[list, int]:
    """The night's rows of ``entity`` as DVCQG arrays, one per dossier of the file (on its first
    row; None elsewhere): items without the dossier key nor STT (the array position says it),
    values as in the JSON files. Returns (per-row arrays, items written)."""
    fr = source.load(entity, job.night)
    if not isinstance(fr, pd.DataFrame):
        fr = fr.to_pandas()
    cols = [c for c in COLUMNS[entity] if c.name in fr.columns and c.name not in ("ma_ho_so", "stt")]
    vals = [M.render_json(entity, c, fr[c.name], job.style, job.rng) for c in cols]
    keys = [c.key or c.vi for c in cols]
    items: dict = {}
    for owner, row in zip(fr["ma_ho_so"].tolist(), zip(*vals)):
        items.setdefault(owner, []).append({k: v for k, v in zip(keys, row) if v is not None})
    out, written = [], 0
    for d in dossiers:
        got = items.pop(d, None)
        out.append(got)
        written += len(got or ())
    # rows of a dossier missing from the file (a fault removed it) are not written
    return out, written


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
    fr = job.rows_frame()
    if job.raw:
        write_csv(path, list(fr.columns), [[str(v) for v in fr[c]] for c in fr.columns], sep=",", encoding="utf-8-sig")
        job.rows = len(fr)
        return
    st = job.style
    if job.no_labels:
        st.label_cols = {k: v for k, v in st.label_cols.items() if k not in job.no_labels}
    # injected rows -> positions
    overrides: dict = {}
    if faults_mod.FAULT_COL in _names(fr):
        fid_pos = {fid: i for i, fid in enumerate(fr[faults_mod.FAULT_COL].tolist()) if fid is not None and fid == fid}
        for (fid, col), v in job.overrides.items():
            overrides[(fid_pos[fid], col)] = v
        job.fault_pos = fid_pos
        fr = fr.drop(columns=[faults_mod.FAULT_COL])
    names = _names(fr)
    cols = _cols_of(job.entity, names)
    date_title = None
    if job.entity == "tthc" and job.fmt == "xlsx" and st.date_as_title and "ngay_xuat" in names:
        a = M.to_arrow(fr["ngay_xuat"])
        if pc.count_distinct(a, mode="all").as_py() == 1 and a[0].is_valid:
            date_title = f"Ngày xuất danh mục: {pd.Timestamp(a[0].as_py()):%d/%m/%Y}"
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
        if "ma_csdl" in names:  # DSKetNoiCSDL: an array of {MaCSDL}
            j = next(k for k, c in enumerate(cols) if c.name == "ma_csdl")
            jcols[j] = [[{"MaCSDL": x} for x in v.split(";")] if isinstance(v, str) and v else v for v in jcols[j]]
        extra = {}
        if "ds_bo_sung" in names:
            extra["DanhSachHoSoBoSung"] = _bo_sung_json(_pylist(fr["ds_bo_sung"]))
        for entity, src in job.nested.items():
            extra[NESTED[entity]], job.nested_rows[entity] = _nested(job, entity, src, _pylist(fr["ma_ho_so"]))
        write_json(path, keys, jcols, wrap=st.json_wrap, ensure_ascii=st.json_ascii, extra=extra)
        job.first_row = 1
    if job.truncate:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * job.truncate)])

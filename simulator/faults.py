"""Faults injected into the exports with ``--faults`` (never without), each one recorded.

Faults are *added* to the deliveries rather than corrupting the world's rows, so the world's
truth stays exact; only ``unknown_agency`` (a loadable dossier) and the two orphans (loadable
or not, as the pipeline decides) add rows the truth does not count.

========================  ==========================================================  ===========
kind                      what                                                        reader sees
========================  ==========================================================  ===========
``truncated_xlsx``        a re-upload of a dossier .xlsx cut short (bytes missing)     whole file
``unknown_kind``          a CSV with unrelated headers (a staff list)                  whole file
``impossible_date``       a copy of a dossier row with ``ngay_nop`` 31/02/2022          one row
``empty_key``             a copy of a dossier / evaluation row with an empty key        one row
``unknown_status``        a copy of a dossier row with ``trang_thai`` 11                one row
``unknown_agency``        a new dossier of agency ``000.00.99.H27`` (not in DONVI):     one row,
                          per contract it loads with a warning                         loads
``orphan_evaluation``     an evaluation of a dossier that does not exist                one row
``orphan_payment``        a payment of a dossier that does not exist                    one row
``negative_fee``          a copy of a LEPHI row with ``gia`` -50000                     one row
``empty_file_key``        a copy of a TAILIEUNOP row with an empty ``ma_tep``           one row
========================  ==========================================================  ===========

The record (in ``_simulation.json`` → ``faults``): ``file`` (relative to the output folder),
``row`` as a reader reports it (spreadsheet row for xlsx, 1-based record after the header for
csv, 1-based array index for json; ``null`` for whole-file faults), ``column`` (canonical
name, or ``null``), ``kind``, ``description``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import province

FAULT_KINDS = (
    "truncated_xlsx",
    "unknown_kind",
    "impossible_date",
    "empty_key",
    "unknown_status",
    "unknown_agency",
    "orphan_evaluation",
    "orphan_payment",
    "negative_fee",
    "empty_file_key",
)
#: how many of each kind (a handful at most)
COUNTS = {
    "truncated_xlsx": 1,
    "unknown_kind": 1,
    "impossible_date": 2,
    "empty_key": 2,
    "unknown_status": 2,
    "unknown_agency": 2,
    "orphan_evaluation": 2,
    "orphan_payment": 2,
    "negative_fee": 1,
    "empty_file_key": 1,
}

UNKNOWN_AGENCY = "000.00.99.H27"  # in Hà Tĩnh; :func:`unknown_agency` in the simulated province


def unknown_agency(nn: int = 99) -> str:
    """An agency id of the simulated province that DONVI does not hold (000.00.99 / .98)."""
    return f"000.00.{nn}.{province.current().suffix}"


FAULT_COL = "__fault"


@dataclass
class BadDate:
    """A date that does not exist, rendered in whatever format its column uses."""

    y: int = 2022
    m: int = 2
    d: int = 31
    hh: int = 8
    mi: int = 15
    ss: int = 0

    def render(self, fmt: str) -> str:
        y, m, d, hh, mi, ss = self.y, self.m, self.d, self.hh, self.mi, self.ss
        return {
            "dmy_hms": f"{d:02d}/{m:02d}/{y} {hh:02d}:{mi:02d}:{ss:02d}",
            "dmy_hm": f"{d:02d}/{m:02d}/{y} {hh:02d}:{mi:02d}",
            "iso": f"{y}-{m:02d}-{d:02d} {hh:02d}:{mi:02d}:{ss:02d}",
            "compact": f"{y}{m:02d}{d:02d}{hh:02d}{mi:02d}{ss:02d}",
            "date": f"{d:02d}/{m:02d}/{y}",
        }.get(fmt, f"{d:02d}/{m:02d}/{y} {hh:02d}:{mi:02d}:{ss:02d}")


@dataclass
class Fault:
    kind: str
    job: object  # the FileJob it lives in
    fid: int | None = None  # the injected row's id (FAULT_COL); None for whole-file faults
    column: str | None = None
    description: str = ""
    file: str | None = None  # filled after writing
    row: int | None = None

    def record(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "kind": self.kind,
            "description": self.description,
        }


_ids = itertools.count(1)


def _insert_copy(job, rng: np.random.Generator, edit) -> int:
    """Insert a copy of one of the job's rows at a random place; ``edit(row)`` changes it."""
    fr = job.editable()
    if FAULT_COL not in fr.columns:
        fr[FAULT_COL] = pd.Series([None] * len(fr), dtype=object, index=fr.index)
    src = fr[fr[FAULT_COL].isna()]
    row = src.iloc[[int(rng.integers(0, len(src)))]].copy()
    for c in row.columns:  # let the copy hold anything (None, ints, text)
        row[c] = row[c].astype(object)
    fid = next(_ids)
    row[FAULT_COL] = fid
    edit(row)
    p = int(rng.integers(0, len(fr) + 1))
    job.frame = pd.concat([fr.iloc[:p], row, fr.iloc[p:]], ignore_index=True)
    return fid


def _pick(jobs, rng, entity, fmts=None, min_rows=1):
    cand = [
        j for j in jobs if j.entity == entity and not j.extra and j.n >= min_rows and (fmts is None or j.fmt in fmts)
    ]
    if not cand:
        return None
    return cand[int(rng.integers(0, len(cand)))]


def _missing_key(existing: set, prefix: str, night) -> str:
    ymd = pd.Timestamp(night).strftime("%y%m%d")
    for k in range(9999, 0, -1):
        key = f"{prefix}-{ymd}-{k:04d}"
        if key not in existing:
            return key
    return f"{prefix}-{ymd}-X"


def inject(jobs: list, world, seed: int, new_job) -> list[Fault]:
    """Add the faults to ``jobs`` (in place; may append extra jobs made with ``new_job``)."""
    global _ids
    _ids = itertools.count(1)  # ids restart on every call: same seed, same files
    rng = np.random.default_rng([int(seed), 7_777])
    faults: list[Fault] = []
    # the made-up keys must not be real ones: only keys of the fault agencies could collide
    hoso_keys = set()
    versions = getattr(world, "versions", None) or {}
    if "hoso" in versions and "ma_ho_so" in versions["hoso"]:
        keys = versions["hoso"]["ma_ho_so"].dropna().astype(str)
        hoso_keys = set(keys[keys.str.startswith(("000.00.98.", "000.00.99."))])
    counts = dict(COUNTS)

    for _ in range(counts["impossible_date"]):
        job = _pick(jobs, rng, "hoso")
        if job is None:
            break
        col = "ngay_nop" if "ngay_nop" in job.editable().columns else "ngay_cap_nhat"
        bad = BadDate(2022, 2, 31, int(rng.integers(7, 17)), int(rng.integers(0, 60)), int(rng.integers(0, 60)))

        def edit(row, col=col):
            row[col] = None

        fid = _insert_copy(job, rng, edit)
        job.overrides[(fid, col)] = bad
        faults.append(Fault("impossible_date", job, fid, col, f"{col} = {bad.render('dmy_hms')} (no such day)"))

    for _ in range(counts["empty_key"]):
        ent = "hoso" if rng.random() < 0.6 or not any(j.entity == "danhgia" for j in jobs) else "danhgia"
        job = _pick(jobs, rng, ent)
        if job is None:
            break
        key = "ma_ho_so" if ent == "hoso" else "ma_danh_gia"

        def edit(row, key=key):
            row[key] = None

        fid = _insert_copy(job, rng, edit)
        faults.append(Fault("empty_key", job, fid, key, f"{ent} row with an empty {key}"))

    for _ in range(counts["unknown_status"]):
        job = _pick(jobs, rng, "hoso")
        if job is None:
            break

        def edit(row):
            row["trang_thai"] = 11

        fid = _insert_copy(job, rng, edit)
        job.no_labels.add("trang_thai")
        faults.append(Fault("unknown_status", job, fid, "trang_thai", "trang_thai = 11 (not in the code list 1-10)"))

    for _ in range(counts["unknown_agency"]):
        job = _pick(jobs, rng, "hoso")
        if job is None:
            break
        unknown = unknown_agency()
        key = _missing_key(hoso_keys, unknown, job.night)
        hoso_keys.add(key)

        def edit(row, key=key, unknown=unknown):
            row["ma_ho_so"] = key
            row["ma_don_vi"] = unknown

        fid = _insert_copy(job, rng, edit)
        faults.append(
            Fault(
                "unknown_agency",
                job,
                fid,
                "ma_don_vi",
                f"dossier {key} of agency {unknown}, absent from DONVI (loads with a warning)",
            )
        )

    for kind, ent, key in (
        ("orphan_evaluation", "danhgia", "ma_danh_gia"),
        ("orphan_payment", "thanhtoan", "ma_giao_dich"),
    ):
        for _ in range(counts[kind]):
            job = _pick(jobs, rng, ent)
            if job is None:
                break
            dossier = _missing_key(hoso_keys, unknown_agency(98), job.night)
            hoso_keys.add(dossier)

            def edit(row, key=key, dossier=dossier):
                row[key] = f"{row[key].iloc[0]}-X{row[FAULT_COL].iloc[0]}"
                row["ma_ho_so"] = dossier

            fid = _insert_copy(job, rng, edit)
            faults.append(Fault(kind, job, fid, "ma_ho_so", f"{ent} row of dossier {dossier}, which does not exist"))

    for _ in range(counts["truncated_xlsx"]):
        job = _pick(jobs, rng, "hoso", fmts=("xlsx",))
        if job is None:
            job = next((j for j in jobs if j.fmt == "xlsx" and not j.extra), None)
        if job is None:
            break
        fr = job.editable()
        extra = new_job(
            job.entity, job.night, "xlsx", fr[[c for c in fr.columns if c != FAULT_COL]].copy(), name_suffix=" (2)"
        )
        extra.truncate = 0.6
        extra.extra = True
        jobs.append(extra)
        faults.append(
            Fault(
                "truncated_xlsx",
                extra,
                None,
                None,
                "a re-upload of a dossier file cut short at 60% of its bytes (corrupt zip)",
            )
        )

    for _ in range(counts["unknown_kind"]):
        nights = sorted({j.night for j in jobs})
        if not nights:
            break
        night = nights[int(rng.integers(0, len(nights)))]
        fr = pd.DataFrame(
            {
                "STT": range(1, 9),
                "Họ và tên cán bộ": [
                    "Nguyễn Văn An",
                    "Trần Thị Bình",
                    "Lê Văn Cường",
                    "Phạm Thị Dung",
                    "Hoàng Văn Em",
                    "Võ Thị Hoa",
                    "Đặng Văn Giang",
                    "Bùi Thị Hạnh",
                ],
                "Chức vụ": ["Chuyên viên"] * 6 + ["Trưởng phòng", "Phó trưởng phòng"],
                "Phòng ban": ["Bộ phận một cửa"] * 8,
                "Số điện thoại cơ quan": ["0239385" + f"{i:04d}" for i in range(8)],
            }
        )
        extra = new_job("unknown", night, "csv", fr, name_suffix="")
        extra.name = f"DanhSachCanBo_{pd.Timestamp(night):%Y%m%d}.csv"
        extra.raw = True
        extra.extra = True
        jobs.append(extra)
        faults.append(Fault("unknown_kind", extra, None, None, "a staff list: headers of no known entity"))
    _qd766_faults(jobs, rng, counts, faults)
    return faults


def _qd766_faults(jobs: list, rng, counts: dict, faults: list[Fault]) -> None:
    """Faults of the QĐ 766 entities, in their own files (last: the other faults' draws stay)."""
    for _ in range(counts["negative_fee"]):
        job = _pick(jobs, rng, "lephi")
        if job is None:
            break
        fid = _insert_copy(job, rng, lambda row: None)
        job.overrides[(fid, "gia")] = "-50000"
        faults.append(Fault("negative_fee", job, fid, "gia", "lephi row with gia = -50000 (negative money)"))
    for _ in range(counts["empty_file_key"]):
        job = _pick(jobs, rng, "tailieunop")
        if job is None:
            break

        def edit(row):
            row["ma_tep"] = None

        fid = _insert_copy(job, rng, edit)
        faults.append(Fault("empty_file_key", job, fid, "ma_tep", "tailieunop row with an empty ma_tep"))

"""The exports the QĐ 766 index reads, made with each window's dossiers (index-766.md §6):
dossier columns (processing agency, DVCQG sync time, VNeID, where it was submitted, databases
used), the sync time of each step, and three entities of their own, TAILIEUNOP (the files
submitted: digitised components, deleted or reused files), GIAYTOKETQUA (result documents with
and without a link) and LEPHI (fees, with exemptions).

Everything here draws from its own generator (seeded by seed and window), so the rows of the
other entities are the same with or without these additions.  Columns are Arrow arrays built
by kernels over the window's dossiers, as in :mod:`.tables`.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .clock import NAT, SEC, _day
from .tables import _int, join, take, ts, zfill

# shares (2022, Hà Tĩnh-like; no public figure: plausible orders of magnitude)
LATE_SYNC_SHARE = 0.03  # synced dossiers pushed days late
EXEMPT_SHARE = 0.04  # fee dossiers exempted (fee 0)
SPLIT_FEE_SHARE = 0.3  # fee dossiers charged two items (phí thẩm định + lệ phí)
DELETED_FILE_SHARE = 0.03
DMQG_FILE_SHARE = 0.02  # files taken from the citizen's data store
LINKED_RESULT_CODE_SHARE = 0.92  # electronic results that also carry their KQ code
PERSONAL_STORE_SHARE = 0.15  # electronic results synced to the citizen's personal store
VNEID_SHARE = {"before_july": 0.04, "from_july": 0.22}  # online dossiers of citizens
DVCQG_SUBMISSION_SHARE = 0.35  # online dossiers submitted on the Cổng DVCQG

COMPONENTS = ["Tờ khai", "Bản sao CCCD", "Giấy tờ chứng minh", "Sơ đồ vị trí", "Văn bản ủy quyền", "Bản vẽ"]
RESULT_NAMES = ["Giấy chứng nhận", "Giấy phép", "Quyết định", "Trích lục", "Văn bản trả lời", "Bản sao chứng thực"]
FEE_NAMES = ["Lệ phí", "Phí thẩm định"]


def rng_of(plan, k: int) -> np.random.Generator:
    return np.random.default_rng([plan.seed, 7_660 + k])


def first_seen(d: dict) -> np.ndarray:
    """When the dossier first appears in the software: submitted online, else received (or refused)."""
    counter = np.where(d["refused"], d["t_refuse"], d["t_recv"])
    return np.where(d["online"], d["t_nop"], counter)


def sync(rng, plan, d: dict, synced: np.ndarray) -> np.ndarray:
    """The first successful push to the Cổng DVCQG of each synced dossier: minutes to hours after
    it first appears, a few days for some; NaT when never pushed or after the world's end."""
    n = d["n"]
    lag = rng.integers(60, 3 * 3600, size=n) + np.where(
        rng.random(n) < LATE_SYNC_SHARE, rng.integers(1, 6, size=n) * 86400, 0
    )
    t = first_seen(d) + lag * SEC
    return np.where(synced.astype(bool) & (t <= plan.end_ts), t, NAT)


def exempt(rng, fee: np.ndarray) -> np.ndarray:
    """Fee dossiers exempted (the applicant pays nothing: fee 0, no transaction)."""
    return (fee > 0) & (rng.random(fee.size) < EXEMPT_SHARE)


def hoso_columns(rng, plan, d: dict, static: pa.Table, t_sync: np.ndarray) -> pa.Table:
    """`static` with the dossier columns of the index (the same in every version)."""
    n = d["n"]
    online = d["online"]
    citizen = np.asarray(static["loai_doi_tuong"].to_numpy()) == 1
    july = np.datetime64(f"{plan.start.year}-07-01", "D")
    p_vneid = np.where(d["rday"] >= july, VNEID_SHARE["from_july"], VNEID_SHARE["before_july"])
    vneid = online & citizen & (rng.random(n) < p_vneid)
    noi_nop = np.where(rng.random(n) < DVCQG_SUBMISSION_SHARE, 1, 2)
    # population database for every VNeID dossier and some citizens' counter dossiers; land
    # records for land dossiers
    dc = vneid | (citizen & (rng.random(n) < 0.1))
    dd = (d["field"] == "Đất đai") & (rng.random(n) < 0.3)
    csdl = np.select([dc & dd, dc, dd], ["CSDLQGDC;CSDLDD", "CSDLQGDC", "CSDLDD"], "")
    cols = {
        "ma_co_quan_thuc_hien": take(plan.agency_codes, d["agency"]),
        "ngay_dong_bo_dvcqg": ts(t_sync),
        "tai_khoan_vneid": _int(vneid),
        # where an online dossier was submitted (empty at the counter)
        "noi_nop": pc.if_else(pa.array(online), _int(noi_nop), pa.scalar(None, pa.int64())),
        "ma_csdl": pc.if_else(
            pa.array(csdl != ""), pa.array(csdl.astype(object), pa.string()), pa.scalar(None, pa.string())
        ),
    }
    for name, col in cols.items():
        static = static.append_column(name, col)
    return static


def step_sync(rng, plan, steps: pa.Table, i: np.ndarray, t_sync: np.ndarray) -> pa.Table:
    """TIENTRINH `ngay_dong_bo_dvcqg`: each step of a synced dossier pushed a minute to half an
    hour after it happened (never before the dossier's own push); 2 % a day or more late."""
    t = steps["thoi_diem"].to_numpy().astype("datetime64[s]")
    first = t_sync[i]
    lag = rng.integers(60, 1800, size=i.size) + np.where(
        rng.random(i.size) < 0.02, rng.integers(1, 4, size=i.size) * 86400, 0
    )
    pushed = np.maximum(t, first) + lag * SEC
    ok = ~np.isnat(first) & (pushed <= plan.end_ts)
    at = steps.column_names.index("export_date")  # the night stays the last column
    return steps.add_column(at, "ngay_dong_bo_dvcqg", ts(np.where(ok, pushed, NAT)))


def pakn_dossiers(rng, d: dict, ids: pa.Array, k: int = 20) -> list[tuple[str, np.datetime64]]:
    """A few dossiers a PAKN may be about (ma_ho_so, resolution time): resolved ones, a late one
    five times as likely as one on time."""
    done = np.flatnonzero(~np.isnat(d["t_res"]))
    w = np.where(d["late"][done], 5.0, 1.0)
    pick = np.sort(rng.choice(done, size=min(k, done.size), replace=False, p=w / w.sum())) if done.size else done
    return list(zip(pc.take(ids, pa.array(pick, pa.int64())).to_pylist(), d["t_res"][pick].tolist()))


def _in_file_order(table: pa.Table) -> pa.Table:
    """Rows by night, then dossier (stable: a dossier's items keep their order): the order of
    the files whether the year is written from memory or from the spill (`night_order`)."""
    return table.take(pc.sort_indices(table, sort_keys=[("export_date", "ascending"), ("ma_ho_so", "ascending")]))


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dossier index, position 1..k) of each of counts[j] items of dossier j."""
    owner = np.repeat(np.arange(counts.size), counts)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.arange(owner.size) - start + 1


def submitted_files(rng, plan, d: dict, ids: pa.Array, owners: pa.Array, first: int) -> pa.Table:
    """TAILIEUNOP: 1–6 files per dossier, exported when the dossier first appears. Online files
    are uploaded (a path); at the counter only the digitised ones have a path. File names name
    the applicant (personal data, as in the vendor's exports)."""
    t0 = first_seen(d)
    seen = np.flatnonzero(~np.isnat(t0) & (t0 <= plan.end_ts))
    k = np.minimum(1 + rng.poisson(1.5, size=seen.size), len(COMPONENTS))
    j, pos = _expand(k)
    i = seen[j]
    m = i.size
    online, digit = d["online"][i], d["comp_dig"][i].astype(bool)
    has_path = online | digit
    ma_tep = join("TL", zfill(first + np.arange(1, m + 1), 10))
    t = t0[i]
    month = pa.array(np.datetime_as_string(t.astype("datetime64[M]")).astype(object), pa.string())
    comp = (pos - 1) % len(COMPONENTS)
    reuse = rng.choice([0, 1, 2], size=m, p=[0.93, 0.05, 0.02])
    none = pa.scalar(None, pa.string())
    table = pa.table(
        {
            "ma_ho_so": pc.take(ids, pa.array(i)),
            "ma_tep": ma_tep,
            "ma_thanh_phan": join("TP", zfill(pos, 2)),
            "ten_tep": join(take(COMPONENTS, comp), " - ", pc.take(owners, pa.array(i)), ".pdf"),
            "duong_dan_tep": pc.if_else(pa.array(has_path), join("/dvc/upload/", month, "/", ma_tep, ".pdf"), none),
            "da_xoa": _int(rng.random(m) < DELETED_FILE_SHARE),
            "duoc_so_hoa": _int(digit & ~online),
            "duoc_tai_su_dung": _int(reuse),
            "lay_tu_kho_dmqg": _int(online & (rng.random(m) < DMQG_FILE_SHARE)),
            "ma_ket_qua_thay_the": pc.if_else(
                pa.array(reuse > 0), join("KQ.G15.", zfill(rng.integers(1, 999_999, size=m), 6)), none
            ),
            "export_date": ts(_day(t)),
        }
    )
    return _in_file_order(table)


def result_documents(rng, plan, d: dict, ids: pa.Array, kq: pa.Array, first: int) -> pa.Table:
    """GIAYTOKETQUA: the results of resolved dossiers of procedures that give a document (one,
    sometimes two), exported the day it is resolved; an electronic result has a link and most
    often its KQ code, a paper one neither."""
    t_res = d["t_res"]
    done = np.flatnonzero(~np.isnat(t_res) & (t_res <= plan.end_ts) & plan.result_document[d["proc"]])
    k = 1 + (rng.random(done.size) < 0.1)
    j, pos = _expand(k)
    i = done[j]
    m = i.size
    electronic = d["digit"][i].astype(bool)
    ma = join("GT", zfill(first + np.arange(1, m + 1), 10))
    none = pa.scalar(None, pa.string())
    coded = electronic & (rng.random(m) < LINKED_RESULT_CODE_SHARE)
    # the first document carries the dossier's KQ code, a second one a code of its own
    code = pc.if_else(pa.array(pos == 1), pc.take(kq, pa.array(i)), join(pc.take(kq, pa.array(i)), "-2"))
    t = t_res[i]
    month = pa.array(np.datetime_as_string(t.astype("datetime64[M]")).astype(object), pa.string())
    return _in_file_order(
        pa.table(
            {
                "ma_ho_so": pc.take(ids, pa.array(i)),
                "ma_giay_to": ma,
                "ten_giay_to": take(RESULT_NAMES, (d["proc"][i] + pos) % len(RESULT_NAMES)),
                "ma_thanh_phan": join("KQ", zfill(pos, 2)),
                "duong_dan_tep_ket_qua": pc.if_else(
                    pa.array(electronic), join("/dvc/ketqua/", month, "/", ma, ".pdf"), none
                ),
                "ma_giay_to_ket_qua": pc.if_else(pa.array(coded), code, none),
                "dong_bo_kho_ca_nhan": _int(electronic & (rng.random(m) < PERSONAL_STORE_SHARE)),
                "export_date": ts(_day(t)),
            }
        )
    )


def fees(rng, plan, d: dict, ids: pa.Array, amount: np.ndarray, exempted: np.ndarray) -> pa.Table:
    """LEPHI: the fee items of the dossiers charged a fee (exported when received): one item, or
    a phí thẩm định and a lệ phí; an exempted dossier lists its item at 0."""
    i0 = np.flatnonzero((amount > 0) & ~np.isnat(d["t_recv"]) & (d["t_recv"] <= plan.end_ts))
    split = ~exempted[i0] & (rng.random(i0.size) < SPLIT_FEE_SHARE) & (amount[i0] >= 20_000)
    j, pos = _expand(1 + split.astype(int))
    i = i0[j]
    two = split[j]
    total = np.where(exempted[i], 0, amount[i])
    first_part = (total * 0.4 // 1000 * 1000).astype(np.int64)
    gia = np.where(two, np.where(pos == 1, first_part, total - first_part), total)
    name = np.where(two & (pos == 1), 1, 0)
    return _in_file_order(
        pa.table(
            {
                "ma_ho_so": pc.take(ids, pa.array(i)),
                "stt": _int(pos),
                "ma_phi_le_phi": pa.array(np.full(i.size, "1", dtype=object), pa.string()),
                "ten_phi_le_phi": take(FEE_NAMES, name),
                "loai_phi_le_phi": pa.array(np.where(name == 1, "1", "2").astype(object), pa.string()),
                "hinh_thuc_thu": pa.array(np.where(d["online"][i], "1", "2").astype(object), pa.string()),
                "gia": _int(gia),
                "export_date": ts(_day(d["t_recv"][i])),
            }
        )
    )

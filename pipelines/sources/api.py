"""Incremental pull of the one-stop-shop software's HTTP API into the raw zone (docs/exports.md, "HTTP API").

For each entity, in order:

1. the **window** is ``[watermark - overlap, until]`` (``until`` defaults to now in
   Asia/Ho_Chi_Minh; with no watermark yet, from ``since``, default 2000-01-01);
2. every **page** of that window is fetched (``page = 1, 2, …`` until ``page * page_size >=
   total``), checked (HTTP 200, JSON, ``error_code == 0``, a ``data`` array), and **landed as
   is** — the exact bytes the API answered — with
   ``land_bytes(body, f"api_{entity}_{from}_{to}_p{N:05d}.json", paths, source=f"api:{entity}:{N}")``
   before anything else happens (an empty page, ``total == 0``, holds no record and is not landed);
3. only when every page of the window is landed, the entity's **watermark** moves: to the
   largest update time in the landed records (``NgayCapNhat`` for hoso, ``ThoiDiemXuLy``,
   ``ThoiGianDanhGia``, ``ThoiDiemThanhToan``, ``NgayXuatDanhMuc``), or, for entities whose rows
   carry no update time (``donvi``, ``pakn``: the API orders them by export date), to ``until``.
   ``raw/watermarks.json`` is rewritten atomically (temp file, fsync, ``os.replace``).

Failures: 5xx, timeouts, transport errors and dropped connections (a truncated body) are
retried with exponential backoff (``backoff * 2**k``, capped by ``max_backoff``); a 429 waits
``Retry-After`` seconds (capped by ``max_retry_after``) and does not use up a retry; other 4xx
(401: wrong token) fail at once. If ``total`` changes while paging a window (records updated
during the pull shift the offsets), the window is paged again from page 1. When retries run out, :class:`ApiPullError` names the entity,
the page, the HTTP status and the last message. A failed pull leaves that entity's watermark
where it was, so the next pull asks the same window again: pages already landed have the same
bytes and are skipped by content hash (no duplicates), nothing after the watermark is missed
(no gaps); records repeated by the overlap or by a changed window are resolved downstream by
newest-version-wins.

The token comes from the caller (the nightly flow reads ``MOTCUA_API_TOKEN``: see
:func:`pull_from_env`); it is never written anywhere.
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from pipelines.fsutil import file_lock
from pipelines.raw.landing import land_bytes
from pipelines.settings import TIME_ZONE, Paths

API_ENTITIES = ("donvi", "tthc", "hoso", "tientrinh", "danhgia", "thanhtoan", "pakn")
DT_FMT = "%Y%m%d%H%M%S"
DEFAULT_SINCE = datetime(2000, 1, 1)
TOKEN_ENV = "MOTCUA_API_TOKEN"
#: the record key holding the update time, compacted (lower case, a-z0-9 only); None: no such key
UPDATE_KEYS: dict[str, tuple[str, ...] | None] = {
    "hoso": ("ngaycapnhat",),
    "tientrinh": ("thoidiemxuly",),
    "danhgia": ("thoigiandanhgia", "thoidiemdanhgia", "ngaydanhgia"),
    "thanhtoan": ("thoidiemthanhtoan",),
    "tthc": ("ngayxuatdanhmuc", "ngayxuat"),
    "donvi": None,
    "pakn": None,
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LOCAL = ZoneInfo(TIME_ZONE)


class ApiPullError(RuntimeError):
    """The API could not be pulled: names the entity, the page and the HTTP status."""

    def __init__(
        self, entity: str, page: int, status: int | None, message: str, attempts: int = 1, url: str | None = None
    ):
        self.entity, self.page, self.status, self.attempts, self.url = entity, page, status, attempts, url
        where = f"HTTP {status}" if status is not None else "không có phản hồi"
        at = f" tại {url}" if url else ""
        super().__init__(
            f"Kéo API thất bại{at}: loại dữ liệu '{entity}', trang {page}, {where} sau {attempts} lần thử: {message}"
        )

    @property
    def retryable(self) -> bool:
        """Only what may pass by itself: no answer (network), 429 and 5xx. A refused token
        (401/403) or another 4xx fails the same way however often it is asked."""
        return self.status is None or self.status == 429 or self.status >= 500


def watermarks_path(paths: Paths) -> Path:
    return paths.raw / "watermarks.json"


def read_watermarks(paths: Paths) -> dict[str, dict]:
    p = watermarks_path(paths)
    if not p.exists():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))


def _lock(paths: Paths):
    return file_lock(paths.raw / ".watermarks.lock")


def _write_watermark(paths: Paths, entity: str, entry: dict) -> None:
    """Read-modify-write of `raw/watermarks.json`, atomically (temp file + fsync + os.replace)."""
    with _lock(paths):
        marks = read_watermarks(paths)
        marks[entity] = entry
        p = watermarks_path(paths)
        tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(marks, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)


def _local_naive(t: datetime) -> datetime:
    if t.tzinfo is not None:
        t = t.astimezone(_LOCAL).replace(tzinfo=None)
    return t.replace(microsecond=0)


def _parse_update(v) -> datetime | None:
    if v is None:
        return None
    s = str(v).strip()
    if re.fullmatch(r"\d{14}", s):
        try:
            return datetime.strptime(s, DT_FMT)
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y%m%d"):
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            pass
    return None


def _max_update(entity: str, records: list) -> datetime | None:
    wanted = UPDATE_KEYS.get(entity)
    if not wanted or not records:
        return None
    key = None
    best: datetime | None = None
    for rec in records:
        if not isinstance(rec, dict):
            continue
        if key is None or key not in rec:
            key = next((k for k in rec if _NON_ALNUM.sub("", k.lower()) in wanted), None)
            if key is None:
                continue
        t = _parse_update(rec.get(key))
        if t is not None and (best is None or t > best):
            best = t
    return best


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(when.tzinfo)).total_seconds())
    except (TypeError, ValueError):
        return None


def _message(resp: httpx.Response) -> str:
    try:
        doc = resp.json()
        if isinstance(doc, dict) and doc.get("message"):
            return f"error_code {doc.get('error_code')}: {doc['message']}"
    except (ValueError, UnicodeDecodeError):
        pass
    return resp.text[:200] or resp.reason_phrase


def _fetch_page(
    client: httpx.Client,
    url: str,
    params: dict,
    headers: dict,
    entity: str,
    page: int,
    *,
    retries: int,
    backoff: float,
    max_backoff: float,
    max_retry_after: float,
    max_rate_limited: int,
    sleep: Callable[[float], None],
) -> tuple[bytes, dict]:
    """One page, checked: (the exact body bytes, the parsed document). Retries as documented above."""
    failures = 0
    limited = 0
    attempts = 0
    while True:
        attempts += 1
        status: int | None = None
        try:
            resp = client.get(url, params=params, headers=headers)
            status = resp.status_code
            if status == 429:
                limited += 1
                if limited > max_rate_limited:
                    raise ApiPullError(
                        entity, page, status, f"vẫn bị giới hạn tốc độ sau {limited - 1} lần chờ", attempts, url
                    )
                wait = _retry_after(resp.headers.get("Retry-After"))
                sleep(min(max_retry_after, wait if wait is not None else backoff * 2 ** min(limited, 10)))
                continue
            if status >= 500:
                problem = _message(resp)
            elif status in (401, 403):
                raise ApiPullError(
                    entity,
                    page,
                    status,
                    f"mã truy cập bị từ chối, kiểm tra biến {TOKEN_ENV} ({_message(resp)})",
                    attempts,
                    url,
                )
            elif status >= 400:
                raise ApiPullError(entity, page, status, _message(resp), attempts, url)
            elif status != 200:
                raise ApiPullError(entity, page, status, f"phản hồi không mong đợi: {_message(resp)}", attempts, url)
            else:
                body = resp.content
                try:
                    doc = json.loads(body)
                except (ValueError, UnicodeDecodeError) as exc:
                    problem = f"nội dung không phải JSON hợp lệ (bị cắt?): {exc}"
                else:
                    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
                        raise ApiPullError(entity, page, status, "phản hồi không có mảng 'data'", attempts, url)
                    if str(doc.get("error_code", 0)) != "0":
                        raise ApiPullError(
                            entity,
                            page,
                            status,
                            f"error_code {doc.get('error_code')}: {doc.get('message', '')}",
                            attempts,
                            url,
                        )
                    return body, doc
        except httpx.TimeoutException as exc:
            problem = f"hết thời gian chờ ({type(exc).__name__})"
        except httpx.TransportError as exc:  # connection refused/reset, peer closed mid-body…
            problem = f"lỗi kết nối ({type(exc).__name__}: {exc})"
        failures += 1
        if failures > retries:
            raise ApiPullError(entity, page, status, problem, attempts, url)
        sleep(min(max_backoff, backoff * 2 ** (failures - 1)))


def pull_api(
    base_url: str,
    token: str,
    paths: Paths,
    entities: Iterable[str] = API_ENTITIES,
    until: datetime | None = None,
    overlap: timedelta = timedelta(hours=2),
    page_size: int = 1000,
    client: httpx.Client | None = None,
    *,
    since: datetime = DEFAULT_SINCE,
    retries: int = 5,
    backoff: float = 0.5,
    max_backoff: float = 30.0,
    max_retry_after: float = 300.0,
    max_rate_limited: int = 20,
    max_restarts: int = 3,
    timeout: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    progress=None,
) -> list[dict]:
    """Pull every entity's new and changed records since its watermark; land each page raw.

    Returns the manifest entries of the pages landed by this call (pages already landed, same
    bytes, are skipped). Raises :class:`ApiPullError` when an entity cannot be pulled; entities
    finished before it keep their new watermark. ``progress(done, total, label)`` is called per page.
    """
    paths.ensure()
    until_l = _local_naive(until) if until is not None else _local_naive(datetime.now(_LOCAL))
    base = base_url.rstrip("/")
    if not base.endswith("/api/v1"):
        base = base + "/api/v1"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    own = client is None
    if own:
        client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)))
    landed: list[dict] = []
    try:
        for entity in entities:
            mark = read_watermarks(paths).get(entity, {})
            wm = datetime.fromisoformat(mark["watermark"]) if mark.get("watermark") else None
            frm = (wm - overlap) if wm is not None else since
            if frm > until_l:
                continue
            f_s, t_s = frm.strftime(DT_FMT), until_l.strftime(DT_FMT)
            page, rows, pages, newest, first_total, restarts = 1, 0, 0, None, None, 0
            while True:
                params = {"updated_from": f_s, "updated_to": t_s, "page": page, "page_size": page_size}
                body, doc = _fetch_page(
                    client,
                    f"{base}/{entity}",
                    params,
                    headers,
                    entity,
                    page,
                    retries=retries,
                    backoff=backoff,
                    max_backoff=max_backoff,
                    max_retry_after=max_retry_after,
                    max_rate_limited=max_rate_limited,
                    sleep=sleep,
                )
                data = doc["data"]
                total = int(doc.get("total") or 0)
                if first_total is None:
                    first_total = total
                elif total != first_total:
                    # records moved in or out of the window while paging (updated during the pull):
                    # offsets shifted, a record may have slipped between two pages. Page again from 1;
                    # pages already landed with the same bytes are skipped by their hash.
                    restarts += 1
                    if restarts > max_restarts:
                        raise ApiPullError(
                            entity,
                            page,
                            200,
                            f"tổng số bản ghi đổi liên tục khi phân trang "
                            f"({first_total} → {total}) sau {max_restarts} lần làm lại",
                            restarts,
                        )
                    page, first_total, rows, pages = 1, None, 0, 0
                    continue
                if data:
                    e = land_bytes(
                        body, f"api_{entity}_{f_s}_{t_s}_p{page:05d}.json", paths, source=f"api:{entity}:{page}"
                    )
                    if e is not None:
                        landed.append(e)
                    pages += 1
                    rows += len(data)
                    t = _max_update(entity, data)
                    if t is not None and (newest is None or t > newest):
                        newest = t
                if progress:
                    progress(min(page * page_size, total), max(total, 1), f"api:{entity}")
                if not data or page * page_size >= total:
                    break
                if len(data) < page_size:  # the server capped the page size: paging on would skip rows
                    raise ApiPullError(
                        entity,
                        page,
                        200,
                        f"trang ngắn bất thường ({len(data)} < page_size {page_size}, total {total}): giảm page_size",
                    )
                page += 1
            if UPDATE_KEYS.get(entity) is None:
                new_wm = until_l if wm is None else max(wm, until_l)
            else:
                new_wm = newest if wm is None else max(wm, newest or wm)
            _write_watermark(
                paths,
                entity,
                {
                    "watermark": new_wm.isoformat() if new_wm else None,
                    "last_window": [frm.isoformat(), until_l.isoformat()],
                    "last_pages": pages,
                    "last_rows": rows,
                    "pulled_at": datetime.now(_LOCAL).isoformat(timespec="seconds"),
                },
            )
    finally:
        if own:
            client.close()
    return landed


def pull_from_env(base_url: str, paths: Paths, until: datetime | None = None, **kwargs) -> list[dict]:
    """`pull_api` with the token from ``$MOTCUA_API_TOKEN`` (what `motcua run --api URL` calls)."""
    token = os.environ.get(TOKEN_ENV)
    if not token:
        raise RuntimeError(f"Thiếu mã truy cập API: đặt biến môi trường {TOKEN_ENV} trước khi chạy với --api")
    return pull_api(base_url, token, paths, until=until, **kwargs)

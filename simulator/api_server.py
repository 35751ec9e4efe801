"""The simulated one-stop-shop software's HTTP API (docs/exports.md, section "HTTP API").

    GET {base}/api/v1/{entity}?updated_from=yyyyMMddHHmmss&updated_to=yyyyMMddHHmmss&page=N&page_size=M
    Authorization: Bearer {token}

answers ``{"error_code": 0, "total": T, "page": N, "data": [...]}`` where ``data`` holds the rows
of ``entity`` whose update time falls in ``[updated_from, updated_to]`` (both inclusive), in a
stable order (update time, then the entity's key, then the generator's order), so that paging
through a fixed window is consistent. Rows use the DVCQG keys of
:mod:`simulator.export.headers`; a column without a DVCQG key gets the key the
portal's style would give it: its Vietnamese header without diacritics in PascalCase
(``Thời gian đánh giá`` -> ``ThoiGianDanhGia``). Dates are ``yyyyMMddHHmmss`` strings, codes
and flags integers, text as is. Personal data (``ChuHoSo``, ``SoGiayToChuHoSo``...) is there,
as in the real software: it stays in the raw zone.

Update time per entity: ``hoso`` ``ngay_cap_nhat``; ``tientrinh``, ``danhgia``, ``thanhtoan``
``thoi_diem``; ``tthc``, ``donvi``, ``pakn`` the snapshot / export date (midnight).

Errors: ``{"error_code": non-zero, "message": "..."}`` with 400 (bad parameter), 401 (missing or
wrong token), 404 (unknown path or entity), 429 (with ``Retry-After``), 5xx.

Fault injection (:class:`Faults`), deterministic for a seed: every authorised API request gets
a number n = 1, 2, ...; a request may be answered by a burst of 5xx, a 429 every k-th request,
a dropped connection mid-page (the headers announce the whole body, part of it is sent, then
the socket is closed), or a stall (to exercise client timeouts).

This module is part of the outside world: it imports nothing of ``pipelines`` outside
``simulator``. ``serve_api`` runs the server in a background thread (tests);
``main`` is the command line (``motcua simulate serve`` /
``python -m simulator.api_server --scale 0.01 --port 8765``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from .export.headers import COLUMNS, KEYS
from .generate import generate_world

API_ENTITIES = ("hoso", "tientrinh", "danhgia", "thanhtoan", "tthc", "donvi", "pakn")
UPDATE_COLUMN = {
    "hoso": "ngay_cap_nhat",
    "tientrinh": "thoi_diem",
    "danhgia": "thoi_diem",
    "thanhtoan": "thoi_diem",
    "tthc": "export_date",
    "donvi": "export_date",
    "pakn": "export_date",
}
DEFAULT_TOKEN = "motcua-sim-token"
MAX_PAGE_SIZE = 5000
DT_FMT = "%Y%m%d%H%M%S"
_MIN = np.datetime64("1900-01-01T00:00:00", "s")
_MAX = np.datetime64("2999-12-31T23:59:59", "s")


def pascal_key(header: str) -> str:
    """`Thời gian đánh giá` -> `ThoiGianDanhGia`; `Mã TTHC` -> `MaTTHC`; `Số tiền (VND)` -> `SoTienVND`."""
    s = header.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", s) if w)


def api_key(col) -> str:
    return col.key or pascal_key(col.vi)


@dataclass
class Faults:
    """What goes wrong, and when (request numbers n = 1, 2, ... over authorised API requests).

    * ``error_burst`` consecutive requests answered ``error_status`` (5xx), starting at request
      ``burst_start`` (None: drawn from the seed in 2..6), repeated every ``burst_every``
      requests if that is > 0;
    * every ``rate_limit_every``-th request (k >= 2) answered 429 with ``Retry-After: retry_after``;
    * every ``drop_every``-th request: the full Content-Length is announced, a seeded 20–80 % of
      the body is sent, then the connection is closed;
    * every ``stall_every``-th request waits ``stall_seconds`` before answering.

    A request hit by several faults gets the first of: burst, 429, drop, stall.
    """

    seed: int = 0
    error_burst: int = 0
    burst_start: int | None = None
    burst_every: int = 0
    error_status: int = 503
    rate_limit_every: int = 0
    retry_after: float = 1.0
    drop_every: int = 0
    stall_every: int = 0
    stall_seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.rate_limit_every == 1 or self.drop_every == 1:
            raise ValueError("a fault every request would never let a client through: use k >= 2")
        if self.burst_start is None:
            self.burst_start = int(np.random.default_rng([self.seed, 1]).integers(2, 7))

    def kind(self, n: int) -> str | None:
        if self.error_burst > 0 and n >= self.burst_start:
            off = n - self.burst_start
            if (off % self.burst_every if self.burst_every > 0 else off) < self.error_burst:
                return "error"
        if self.rate_limit_every and n % self.rate_limit_every == 0:
            return "rate_limit"
        if self.drop_every and n % self.drop_every == 0:
            return "drop"
        if self.stall_every and n % self.stall_every == 0:
            return "stall"
        return None

    def cut_fraction(self, n: int) -> float:
        return float(np.random.default_rng([self.seed, 2, n]).uniform(0.2, 0.8))


@dataclass
class _Table:
    frame: pd.DataFrame  # sorted by (update time, key...)
    times: np.ndarray  # datetime64[s], sorted
    cols: list  # headers.Col present in frame


def _prepare(entity: str, df: pd.DataFrame) -> _Table:
    upd = UPDATE_COLUMN[entity]
    df = df.copy()
    if upd not in df.columns:
        raise ValueError(f"{entity}: no column {upd} to order updates by")
    df["__t"] = pd.to_datetime(df[upd], errors="coerce").astype("datetime64[s]")
    df["__i"] = np.arange(len(df))
    keys = [k for k in KEYS.get(entity, ()) if k in df.columns]
    df = df[df["__t"].notna()].sort_values(["__t", *keys, "__i"], kind="stable").reset_index(drop=True)
    cols = [c for c in COLUMNS[entity] if c.name in df.columns]
    return _Table(df, df["__t"].to_numpy(dtype="datetime64[s]"), cols)


def _none(v):
    return v is None or v is pd.NaT or (isinstance(v, float) and v != v) or v is pd.NA


def _render_col(col, values: pd.Series) -> list:
    k = col.kind
    if k in ("datetime", "date"):
        s = pd.to_datetime(values, errors="coerce")
        return [None if pd.isna(x) else x.strftime(DT_FMT) for x in s]
    if k in ("code", "bool", "int", "money"):
        out = []
        for x in values.tolist():
            if _none(x):
                out.append(None)
            else:
                try:
                    out.append(int(x))
                except (TypeError, ValueError):
                    out.append(str(x))
        return out
    return [None if _none(x) else str(x) for x in values.tolist()]


def _bo_sung(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        items = list(v)
    except TypeError:
        return None
    if not items:
        return None
    out = []
    for it in items:
        d = {}
        for k, x in dict(it).items():
            if k.startswith("Ngay"):
                d[k] = None if _none(x) else pd.Timestamp(x).strftime(DT_FMT)
            elif isinstance(x, (np.integer,)):
                d[k] = int(x)
            else:
                d[k] = x
        out.append(d)
    return out


def render_rows(entity: str, table: _Table, start: int, stop: int) -> list[dict]:
    """Rows [start, stop) of the sorted table as DVCQG-keyed dicts."""
    part = table.frame.iloc[start:stop]
    keys = [api_key(c) for c in table.cols]
    cols = [_render_col(c, part[c.name]) for c in table.cols]
    rows = [dict(zip(keys, vals)) for vals in zip(*cols)] if cols else [{} for _ in range(len(part))]
    if entity == "hoso" and "ds_bo_sung" in part.columns:
        for row, v in zip(rows, part["ds_bo_sung"].tolist()):
            b = _bo_sung(v)
            if b is not None:
                row["DanhSachHoSoBoSung"] = b
    return rows


def _parse_dt(s: str | None, default: np.datetime64) -> np.datetime64:
    if s is None or s == "":
        return default
    if not re.fullmatch(r"\d{14}", s):
        raise ValueError(s)
    return np.datetime64(datetime.strptime(s, DT_FMT), "s")


class ApiServer(ThreadingHTTPServer):
    """ThreadingHTTPServer holding the world's tables, the token, the faults and a request log."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, world, token: str, faults: Faults | None, verbose: bool = False):
        versions = getattr(world, "versions", world)
        self.tables = {e: _prepare(e, versions[e]) for e in API_ENTITIES if e in versions and versions[e] is not None}
        self.token = token
        self.faults = faults or Faults()
        self.verbose = verbose
        self.lock = threading.Lock()
        self.count = 0
        self.log: list[dict] = []  # one entry per authorised API request
        super().__init__(addr, _Handler)

    def next_request(self) -> int:
        with self.lock:
            self.count += 1
            return self.count

    def record(self, **entry) -> None:
        with self.lock:
            self.log.append(entry)

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return  # the client gave up (timeout) or the fault closed the socket: not a server bug
        super().handle_error(request, client_address)

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MotCuaSim/1.0"
    server: ApiServer

    def log_message(self, fmt, *args):  # noqa: D401 - quiet unless asked
        if self.server.verbose:
            super().log_message(fmt, *args)

    def _send(self, status: int, doc: dict, headers: dict | None = None, cut: float | None = None) -> None:
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if cut is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        if cut is None:
            self.wfile.write(body)
            return
        self.wfile.write(body[: max(1, int(len(body) * cut))])
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _error(self, status: int, code: int, message: str, headers: dict | None = None) -> None:
        self._send(status, {"error_code": code, "message": message}, headers)

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if len(parts) < 2 or parts[:2] != ["api", "v1"]:
            return self._error(404, 404, f"không tìm thấy: {url.path}")
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {self.server.token}":
            return self._error(
                401, 401, "Thiếu hoặc sai mã truy cập (Authorization: Bearer …)", {"WWW-Authenticate": "Bearer"}
            )
        if len(parts) == 2:
            return self._send(200, {"error_code": 0, "entities": sorted(self.server.tables)})
        entity = parts[2].lower()
        if len(parts) > 3 or entity not in self.server.tables:
            return self._error(404, 404, f"không có loại dữ liệu: {parts[2]}")
        q = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        try:
            frm = _parse_dt(q.get("updated_from"), _MIN)
            to = _parse_dt(q.get("updated_to"), _MAX)
        except ValueError as exc:
            return self._error(400, 400, f"thời điểm không hợp lệ (yyyyMMddHHmmss): {exc}")
        try:
            page = int(q.get("page", "1"))
            size = int(q.get("page_size", "100"))
        except ValueError:
            return self._error(400, 400, "page và page_size phải là số nguyên")
        if page < 1 or size < 1 or size > MAX_PAGE_SIZE:
            return self._error(400, 400, f"page >= 1, 1 <= page_size <= {MAX_PAGE_SIZE}")

        n = self.server.next_request()
        f = self.server.faults
        kind = f.kind(n)
        self.server.record(n=n, entity=entity, page=page, fault=kind)
        if kind == "error":
            return self._error(f.error_status, 500, "Lỗi máy chủ tạm thời (mô phỏng)")
        if kind == "rate_limit":
            ra = f.retry_after
            return self._error(
                429,
                429,
                "Quá nhiều yêu cầu, thử lại sau",
                {"Retry-After": str(int(ra)) if float(ra).is_integer() else str(ra)},
            )
        if kind == "stall":
            time.sleep(f.stall_seconds)

        t = self.server.tables[entity]
        lo = int(np.searchsorted(t.times, frm, side="left"))
        hi = int(np.searchsorted(t.times, to, side="right"))
        total = max(0, hi - lo)
        a = lo + (page - 1) * size
        b = min(hi, a + size)
        rows = render_rows(entity, t, a, b) if a < b else []
        doc = {"error_code": 0, "total": total, "page": page, "data": rows}
        self._send(200, doc, cut=f.cut_fraction(n) if kind == "drop" else None)


def serve_api(
    world,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str = DEFAULT_TOKEN,
    faults: Faults | None = None,
    verbose: bool = False,
) -> tuple[ApiServer, str]:
    """Start the API over ``world`` (a SimulatedWorld, or a dict entity -> DataFrame) in a
    background thread. Returns ``(server, base_url)``; stop with ``server.stop()``."""
    server = ApiServer((host, port), world, token, faults, verbose)
    th = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="motcua-sim-api", daemon=True
    )
    th.start()
    h, p = server.server_address[:2]
    return server, f"http://{h}:{p}"


def serve_forever(
    seed: int = 42,
    scale: float = 0.01,
    start: date = date(2022, 1, 1),
    end: date = date(2022, 12, 31),
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    faults: Faults | None = None,
    verbose: bool = True,
    echo=print,
) -> None:
    """Generate a world and serve its API in the foreground until Ctrl-C (``motcua simulate serve``)."""
    token = token or os.environ.get("MOTCUA_API_TOKEN") or DEFAULT_TOKEN
    echo(f"Mô phỏng dữ liệu (seed {seed}, quy mô {scale:g}, {start} → {end}) …")
    world = generate_world(seed=seed, scale=scale, start=start, end=end)
    server = ApiServer((host, port), world, token, faults, verbose)
    h, p = server.server_address[:2]
    shown = token if token == DEFAULT_TOKEN else "(từ tham số / $MOTCUA_API_TOKEN)"
    echo(f"API mô phỏng: http://{h}:{p}/api/v1/{{{','.join(API_ENTITIES)}}}  token: {shown}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="API HTTP của phần mềm một cửa mô phỏng")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--scale", type=float, default=0.01)
    ap.add_argument("--from", dest="start", default="2022-01-01")
    ap.add_argument("--to", dest="end", default="2022-12-31")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--token", default=None, help="mặc định: $MOTCUA_API_TOKEN hoặc " + DEFAULT_TOKEN)
    ap.add_argument("--error-burst", type=int, default=0, help="số lỗi 5xx liên tiếp")
    ap.add_argument("--burst-every", type=int, default=0)
    ap.add_argument("--rate-limit-every", type=int, default=0, help="429 mỗi k yêu cầu")
    ap.add_argument("--retry-after", type=float, default=1.0)
    ap.add_argument("--drop-every", type=int, default=0, help="ngắt kết nối giữa trang mỗi k yêu cầu")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    faults = Faults(
        seed=a.seed,
        error_burst=a.error_burst,
        burst_every=a.burst_every,
        rate_limit_every=a.rate_limit_every,
        retry_after=a.retry_after,
        drop_every=a.drop_every,
    )
    serve_forever(
        seed=a.seed,
        scale=a.scale,
        start=date.fromisoformat(a.start),
        end=date.fromisoformat(a.end),
        host=a.host,
        port=a.port,
        token=a.token,
        faults=faults,
        verbose=not a.quiet,
    )


if __name__ == "__main__":
    main()

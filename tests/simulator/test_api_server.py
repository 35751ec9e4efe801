"""The simulated software's HTTP API: auth, windows, stable paging, errors, deterministic faults."""

from __future__ import annotations

import httpx
import pytest

from simulator.api_server import Faults, pascal_key, serve_api
from tests.sources.helpers import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def get(url, entity, **params):
    return httpx.get(f"{url}/api/v1/{entity}", params=params, headers=AUTH, timeout=10)


def test_pascal_keys_follow_the_portal_style():
    assert pascal_key("Thời gian đánh giá") == "ThoiGianDanhGia"
    assert pascal_key("Mã TTHC") == "MaTTHC"
    assert pascal_key("Số tiền (VND)") == "SoTienVND"
    assert pascal_key("Đơn vị chuyển") == "DonViChuyen"


def test_token_is_required(api):
    _, url = api
    r = httpx.get(f"{url}/api/v1/hoso", timeout=10)
    assert r.status_code == 401 and r.json()["error_code"] != 0 and r.json()["message"]
    r = httpx.get(f"{url}/api/v1/hoso", headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert r.status_code == 401


def test_bad_requests_are_json_errors(api):
    _, url = api
    for resp, status in (
        (get(url, "khongco"), 404),
        (get(url, "hoso", updated_from="2022-01-01"), 400),
        (get(url, "hoso", page=0), 400),
        (get(url, "hoso", page_size=10**6), 400),
    ):
        assert resp.status_code == status
        doc = resp.json()
        assert doc["error_code"] != 0 and doc["message"]


def test_window_and_answer_shape(api, world):
    _, url = api
    r = get(url, "hoso", updated_from="20220110000000", updated_to="20220112235959", page=1, page_size=5000)
    assert r.status_code == 200
    doc = r.json()
    assert doc["error_code"] == 0 and doc["page"] == 1
    hoso = world.versions["hoso"]
    t = hoso["ngay_cap_nhat"]
    expected = int(((t >= "2022-01-10") & (t <= "2022-01-12 23:59:59")).sum())
    assert doc["total"] == expected == len(doc["data"]) > 0
    rec = doc["data"][0]
    # DVCQG keys, dates as yyyyMMddHHmmss, personal data present (it stays in the raw zone)
    assert {"MaHoSo", "MaDonVi", "NgayCapNhat", "TrangThaiHoSo", "ChuHoSo", "SoGiayToChuHoSo"} <= set(rec)
    assert all("20220110000000" <= d["NgayCapNhat"] <= "20220112235959" for d in doc["data"])
    assert len(rec["NgayNopHoSo"]) == 14 and rec["NgayNopHoSo"].isdigit()
    # every entity answers
    for e in ("tientrinh", "danhgia", "thanhtoan", "tthc", "donvi", "pakn"):
        d = get(url, e, page_size=3).json()
        assert d["error_code"] == 0 and d["total"] > 0 and len(d["data"]) == min(3, d["total"])


def test_paging_is_stable_and_complete(api):
    _, url = api
    window = dict(updated_from="20220101000000", updated_to="20220131235959")
    whole = get(url, "tientrinh", page=1, page_size=5000, **window).json()
    got, page = [], 1
    while True:
        d = get(url, "tientrinh", page=page, page_size=37, **window).json()
        assert d["total"] == whole["total"]
        if not d["data"]:
            break
        got.extend(d["data"])
        page += 1
    assert got == whole["data"]
    again = get(url, "tientrinh", page=3, page_size=37, **window)
    assert again.content == get(url, "tientrinh", page=3, page_size=37, **window).content  # same bytes


def test_faults_are_deterministic(world):
    faults = Faults(seed=3, error_burst=2, rate_limit_every=4, retry_after=0, drop_every=5)
    kinds = [faults.kind(n) for n in range(1, 21)]
    assert kinds == [
        Faults(seed=3, error_burst=2, rate_limit_every=4, retry_after=0, drop_every=5).kind(n) for n in range(1, 21)
    ]
    assert {"error", "rate_limit", "drop"} <= set(kinds)
    with pytest.raises(ValueError):
        Faults(rate_limit_every=1)

    server, url = serve_api(world, token=TOKEN, faults=faults)
    try:
        seen = []
        for n in range(1, 11):
            kind = faults.kind(n)
            try:
                r = get(url, "hoso", page=1, page_size=200)
                seen.append((kind, r.status_code))
                if kind == "rate_limit":
                    assert r.headers["Retry-After"] == "0"
            except httpx.TransportError:  # the dropped connection: the body was cut
                seen.append((kind, "dropped"))
        for kind, outcome in seen:
            expected = {"error": 503, "rate_limit": 429, "drop": "dropped", None: 200}[kind]
            assert outcome == expected, seen
        assert [e["fault"] for e in server.log] == [faults.kind(n) for n in range(1, 11)]
    finally:
        server.stop()

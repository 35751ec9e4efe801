"""The incremental API pull: raw pages first, watermarks after, retries, clear errors, resume
without gaps or duplicates, and a faulty pull that ends with the same data as a clean one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from pipelines.raw.landing import read_manifest_entries
from pipelines.settings import data_paths
from pipelines.sources.api import ApiPullError, pull_api, read_watermarks, watermarks_path
from simulator.api_server import Faults, serve_api
from tests.sources.helpers import TOKEN, landed_api_records, table_digest

UNTIL = datetime(2022, 1, 31, 23, 59, 59)
FAST = dict(backoff=0.001, max_backoff=0.01, max_retry_after=0.01)


def test_pull_lands_every_page_then_moves_the_watermark(api, tmp_path, world):
    server, url = api
    paths = data_paths(tmp_path / "d")
    new = pull_api(url, TOKEN, paths, until=UNTIL, page_size=200)
    assert new and all(e["source"].startswith("api:") and e["original_name"].startswith("api_") for e in new)
    names = {e["original_name"] for e in new}
    assert "api_hoso_20000101000000_20220131235959_p00001.json" in names
    marks = read_watermarks(paths)
    assert set(marks) == {"donvi", "tthc", "hoso", "tientrinh", "danhgia", "thanhtoan", "pakn"}
    assert marks["hoso"]["watermark"] == world.versions["hoso"]["ngay_cap_nhat"].max().isoformat()
    assert marks["pakn"]["watermark"] == UNTIL.isoformat()  # no update time in the rows: the window end
    # every record of the window is landed, once per page, pages as the API answered them
    recs = landed_api_records(paths)
    assert len(recs["hoso"]) == len(world.versions["hoso"])
    assert len(recs["tientrinh"]) == len(world.versions["tientrinh"])

    # the next night asks only from watermark - overlap: a few overlapping records, no full re-pull
    later = pull_api(url, TOKEN, paths, until=UNTIL + timedelta(days=1), page_size=200, entities=["hoso"])
    assert len(later) == 1
    assert later[0]["original_name"].startswith(
        "api_hoso_" + (datetime.fromisoformat(marks["hoso"]["watermark"]) - timedelta(hours=2)).strftime("%Y%m%d%H%M%S")
    )
    # the same window again lands nothing (same bytes)
    assert pull_api(url, TOKEN, paths, until=UNTIL + timedelta(days=1), page_size=200, entities=["hoso"]) == []


def test_wrong_token_fails_at_once_with_a_clear_error(api, tmp_path):
    _, url = api
    paths = data_paths(tmp_path / "d")
    with pytest.raises(ApiPullError) as ei:
        pull_api(url, "wrong", paths, until=UNTIL, **FAST)
    err = ei.value
    assert (err.entity, err.page, err.status, err.attempts) == ("donvi", 1, 401, 1)
    assert "donvi" in str(err) and "401" in str(err)
    assert not watermarks_path(paths).exists()


def test_exhausted_retries_name_entity_page_and_status(world, tmp_path):
    server, url = serve_api(world, token=TOKEN, faults=Faults(error_burst=10**6, burst_start=3))
    paths = data_paths(tmp_path / "d")
    try:
        with pytest.raises(ApiPullError) as ei:
            pull_api(url, TOKEN, paths, until=UNTIL, page_size=200, retries=3, **FAST)
    finally:
        server.stop()
    err = ei.value
    # requests 1-2 succeed: donvi (2 pages of 255 agencies); tthc page 1 then fails 4 times
    assert (err.entity, err.page, err.status, err.attempts) == ("tthc", 1, 503, 4)
    assert "tthc" in str(err) and "trang 1" in str(err) and "503" in str(err)
    marks = read_watermarks(paths)
    assert "donvi" in marks and "tthc" not in marks


def test_connection_refused_and_timeouts_are_retried_then_reported(tmp_path, world):
    # a stalled answer longer than the client timeout, every 2nd request
    server, url = serve_api(world, token=TOKEN, faults=Faults(stall_every=2, stall_seconds=1.0))
    paths = data_paths(tmp_path / "d")
    try:
        pull_api(url, TOKEN, paths, until=UNTIL, page_size=1000, timeout=0.3, entities=["donvi", "pakn"], **FAST)
    finally:
        server.stop()
    assert set(read_watermarks(paths)) == {"donvi", "pakn"}
    with pytest.raises(ApiPullError) as ei:  # nobody listens any more
        pull_api(url, TOKEN, data_paths(tmp_path / "e"), until=UNTIL, retries=1, **FAST)
    assert ei.value.status is None and "donvi" in str(ei.value)


def test_resume_after_a_failure_has_no_gap_and_no_duplicate(world, tmp_path):
    clean = data_paths(tmp_path / "clean")
    server, url = serve_api(world, token=TOKEN)
    try:
        pull_api(url, TOKEN, clean, until=UNTIL, page_size=100)
    finally:
        server.stop()

    paths = data_paths(tmp_path / "resumed")
    # dies in the middle of hoso: after every page of donvi and tthc, and 3 pages of hoso
    before_hoso = sum(-(-len(world.versions[e]) // 100) for e in ("donvi", "tthc"))
    server, url = serve_api(world, token=TOKEN, faults=Faults(error_burst=10**6, burst_start=before_hoso + 4))
    try:
        with pytest.raises(ApiPullError) as ei:
            pull_api(url, TOKEN, paths, until=UNTIL, page_size=100, retries=2, **FAST)
    finally:
        server.stop()
    assert ei.value.entity == "hoso" and ei.value.page > 1
    assert "hoso" not in read_watermarks(paths)  # the watermark did not move
    hoso_pages_before = [e for e in read_manifest_entries(paths) if e["source"].startswith("api:hoso:")]
    assert hoso_pages_before

    server, url = serve_api(world, token=TOKEN)
    try:
        pull_api(url, TOKEN, paths, until=UNTIL, page_size=100)
    finally:
        server.stop()
    assert landed_api_records(paths) == landed_api_records(clean)
    # the failed entity's window was asked again: the very same pages, each landed once
    ours = [e["file_id"] for e in read_manifest_entries(paths) if e["source"].startswith("api:hoso:")]
    theirs = [e["file_id"] for e in read_manifest_entries(clean) if e["source"].startswith("api:hoso:")]
    assert sorted(ours) == sorted(theirs) and len(set(ours)) == len(ours)
    assert ours[: len(hoso_pages_before)] == [e["file_id"] for e in hoso_pages_before]
    assert (
        json.loads(watermarks_path(paths).read_text())["hoso"]["watermark"]
        == read_watermarks(clean)["hoso"]["watermark"]
    )


def test_faulty_api_gives_the_same_data_as_a_clean_one(world, tmp_path):
    """5xx bursts, 429 with Retry-After and connections dropped mid-page: same records, same metrics."""
    from pipelines.flows.nightly import run_pipeline

    as_of = UNTIL.date()
    results = {}
    for name, faults in (
        ("clean", None),
        ("faulty", Faults(seed=9, error_burst=3, burst_every=17, rate_limit_every=4, retry_after=1, drop_every=7)),
    ):
        server, url = serve_api(world, token=TOKEN, faults=faults)
        paths = data_paths(tmp_path / name)
        slept = []
        try:
            pull_api(
                url, TOKEN, paths, until=UNTIL, page_size=150, sleep=slept.append, max_retry_after=0.0, backoff=0.0
            )
        finally:
            server.stop()
        kinds = {e["fault"] for e in server.log}
        if faults is not None:
            assert {"error", "rate_limit", "drop"} <= kinds
            assert 0.0 in slept  # Retry-After honoured (capped to 0 here)
        summary = run_pipeline(None, as_of=as_of, data_dir=paths.root)
        assert summary["status"] == "published", summary.get("error")
        assert not summary["problem_files"], summary["problem_files"]
        results[name] = (
            landed_api_records(paths),
            table_digest(paths.curated_db, "metric_values"),
            {r["entity"]: r["rows_loaded"] for r in summary["load_summary"]},
        )
    assert results["faulty"][0] == results["clean"][0]
    assert results["faulty"][2] == results["clean"][2]
    assert results["faulty"][1] == results["clean"][1] and results["clean"][1][0] > 0


def test_client_can_be_given(api, tmp_path):
    _, url = api
    with httpx.Client(timeout=10) as client:
        new = pull_api(
            url + "/api/v1/", TOKEN, data_paths(tmp_path / "d"), entities=["pakn"], until=UNTIL, client=client
        )
        assert len(new) == 1 and not client.is_closed


def test_incremental_pulls_with_overlap_equal_one_pull(world, tmp_path):
    """Night after night with a 2 h overlap = one pull of everything: overlapping records are
    resolved downstream (newest version wins), nothing is lost at the window edges."""
    from pipelines.flows.nightly import run_pipeline

    server, url = serve_api(world, token=TOKEN)
    try:
        nightly = data_paths(tmp_path / "nightly")
        for until in (datetime(2022, 1, 10, 14, 0), datetime(2022, 1, 20, 2, 0), UNTIL):
            pull_api(url, TOKEN, nightly, until=until, page_size=200)
        once = data_paths(tmp_path / "once")
        pull_api(url, TOKEN, once, until=UNTIL, page_size=5000)
    finally:
        server.stop()
    assert landed_api_records(nightly) == landed_api_records(once)
    digests = []
    for paths in (nightly, once):
        s = run_pipeline(None, as_of=UNTIL.date(), data_dir=paths.root)
        assert s["status"] == "published", s.get("error")
        digests.append(
            (table_digest(paths.curated_db, "metric_values"), table_digest(paths.curated_db, "plan_scorecard"))
        )
    assert digests[0] == digests[1]


def _fake_api(records: list[dict], on_request=None):
    """An httpx MockTransport serving `records` (dicts with NgayCapNhat) as the hoso API."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        q = request.url.params
        calls.append(dict(q))
        if on_request:
            on_request(len(calls), records)
        frm, to = q["updated_from"], q["updated_to"]
        rows = sorted(
            (r for r in records if frm <= r["NgayCapNhat"] <= to), key=lambda r: (r["NgayCapNhat"], r["MaHoSo"])
        )
        page, size = int(q["page"]), int(q["page_size"])
        data = rows[(page - 1) * size : page * size]
        return httpx.Response(200, json={"error_code": 0, "total": len(rows), "page": page, "data": data})

    return httpx.Client(transport=httpx.MockTransport(handler), base_url="http://fake"), calls


def test_a_record_updated_while_paging_is_not_skipped(tmp_path):
    recs = [
        {"MaHoSo": f"HS-{i:03d}", "NgayCapNhat": f"202201{10 + i // 10:02d}0900{i % 10:02d}", "TrangThaiHoSo": 2}
        for i in range(9)
    ]

    def update_first_record(n, records):
        if n == 2:  # between page 1 and page 2, HS-000 is updated after the window's end
            records[0] = {**records[0], "NgayCapNhat": "20220301000000", "TrangThaiHoSo": 4}

    client, calls = _fake_api(recs, update_first_record)
    paths = data_paths(tmp_path / "d")
    pull_api("http://fake", TOKEN, paths, entities=["hoso"], until=datetime(2022, 2, 1), page_size=3, client=client)
    got = {json.loads(r)["MaHoSo"] for r in landed_api_records(paths)["hoso"]}
    assert got == {f"HS-{i:03d}" for i in range(9)}  # nobody slipped between two pages
    assert [c["page"] for c in calls][:3] == ["1", "2", "1"]  # the window was paged again


def test_helpers_parse_retry_after_and_local_time():

    from pipelines.sources.api import _local_naive, _max_update, _retry_after

    assert _retry_after("3") == 3.0 and _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: no wait
    assert _local_naive(datetime(2022, 1, 1, 19, 30, tzinfo=UTC)) == datetime(2022, 1, 2, 2, 30)
    recs = [{"ThoiGianDanhGia": "20220105101010"}, {"ThoiGianDanhGia": None}, {"ThoiGianDanhGia": "20220107000000"}]
    assert _max_update("danhgia", recs) == datetime(2022, 1, 7)
    assert _max_update("pakn", recs) is None

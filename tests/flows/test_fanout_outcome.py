"""When a province's run on the work pool counts as done (pipelines/flows/fanout.py): published
locally AND to the shared store; anything else is a Failed run with the nightly run's message.
The runs themselves, on a real server and pool, are in tests/national/test_fanout.py."""

from __future__ import annotations

from pipelines.flows.fanout import _published_message


def test_published_locally_and_to_the_store_is_done():
    summary = {"status": "published", "shared": {"status": "published", "province": "42"}}
    assert _published_message("42", summary) is None


def test_a_run_that_did_not_publish_fails_with_its_own_message():
    summary = {
        "status": "failed_checks",
        "status_vi": "Không công bố (kiểm tra không đạt)",
        "error": "Kiểm tra bắt buộc không đạt, không công bố: core_hoso.unique (2 dòng)",
    }
    assert _published_message("44", summary) == (
        "tỉnh 44: Không công bố (kiểm tra không đạt): Kiểm tra bắt buộc không đạt, không công bố: "
        "core_hoso.unique (2 dòng)"
    )


def test_published_locally_but_not_to_the_store_fails_too():
    # the roll-up would read yesterday's publication (or none): the national flow must say so
    summary = {
        "status": "published",
        "shared": {"status": "error", "store": "s3://national/store", "error": "OSError: connection refused"},
    }
    assert _published_message("42", summary) == (
        "tỉnh 42: đã công bố tại tỉnh nhưng không công bố được lên kho dùng chung s3://national/store: "
        "OSError: connection refused"
    )
    # no store set in the run at all: the share step reports `off`
    assert _published_message("42", {"status": "published", "shared": {"status": "off"}}) == (
        "tỉnh 42: đã công bố tại tỉnh nhưng không công bố được lên kho dùng chung: off"
    )

"""Vietnamese number formats (pipelines/numbers.py): one home for pages, forms, summary and CLI."""

from pipelines.numbers import fmt_int, fmt_pct, fmt_threshold, threshold_digits


def test_thresholds_print_with_the_precision_they_are_written_with():
    # docs/metrics.md, "Achievement": 0.5 → 50%, 0.998 → 99,8%, 0.9984 → 99,84% (never "100%")
    assert [fmt_threshold(x) for x in (0.5, 0.7, 0.998, 0.9984, 1.0)] == ["50%", "70%", "99,8%", "99,84%", "100%"]
    assert [threshold_digits(x) for x in (0.5, 0.998, 0.9984)] == [0, 1, 2]


def test_a_count_threshold_is_a_number_not_a_share():
    # a `count` target "at least 2 inspections": threshold 2 prints "2", not "200%"
    assert fmt_threshold(2, "count") == "2"
    assert fmt_threshold(1500, "count") == "1.500"
    assert fmt_threshold(0.3, "ratio") == "30%"


def test_missing_and_ordinary_figures():
    assert (fmt_threshold(None), fmt_pct(float("nan")), fmt_int(None)) == ("–", "–", "–")
    assert (fmt_pct(0.965), fmt_int(1234567)) == ("96,5%", "1.234.567")

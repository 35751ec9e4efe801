-- Kỳ báo cáo: tháng, quý, năm, từ năm dữ liệu đầu tiên đến năm của ngày chốt số liệu D;
-- chỉ các kỳ đã bắt đầu tại D. effective_end = least(cuối kỳ, D).
WITH run_date AS (SELECT as_of FROM run_params),

data_years AS (
    SELECT CAST(yr AS INTEGER) AS yr
    FROM ref_calendar_range AS calendar_range,
        range(calendar_range.first_data_year, calendar_range.as_of_year + 1) AS year_series (yr)
),

months AS (
    SELECT
        strftime(make_date(yr, m, 1), '%Y-%m') AS period,
        'month' AS period_kind,
        make_date(yr, m, 1) AS period_start,
        CAST(last_day(make_date(yr, m, 1)) AS DATE) AS period_end
    FROM data_years, range(1, 13) AS month_series (m)
),

quarters AS (
    SELECT
        yr || '-Q' || q AS period,
        'quarter' AS period_kind,
        make_date(yr, 3 * q - 2, 1) AS period_start,
        CAST(last_day(make_date(yr, 3 * q, 1)) AS DATE) AS period_end
    FROM data_years, range(1, 5) AS quarter_series (q)
),

years AS (
    SELECT
        CAST(yr AS VARCHAR) AS period,
        'year' AS period_kind,
        make_date(yr, 1, 1) AS period_start,
        make_date(yr, 12, 31) AS period_end
    FROM data_years
),

all_periods AS (
    SELECT * FROM months
    UNION ALL
    SELECT * FROM quarters
    UNION ALL
    SELECT * FROM years
)

SELECT
    CAST(period AS VARCHAR) AS period,
    CAST(period_kind AS VARCHAR) AS period_kind,
    period_start,
    period_end,
    least(period_end, run_date.as_of) AS effective_end
FROM all_periods, run_date
WHERE period_start <= run_date.as_of
ORDER BY period_start, CASE period_kind WHEN 'year' THEN 0 WHEN 'quarter' THEN 1 ELSE 2 END

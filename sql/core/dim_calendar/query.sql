-- Lịch ngày làm việc: thứ Hai–thứ Sáu trừ ngày nghỉ lễ, tết của khu vực công (ref_days_off).
-- wd_seq = số ngày làm việc từ đầu lịch đến hết ngày d (ngày làm việc thứ N sau X là ngày làm
-- việc có wd_seq = wd_seq(X) + N).
WITH r AS (
    SELECT
        calendar_start,
        calendar_end
    FROM ref_calendar_range
),

days AS (
    SELECT CAST(g AS DATE) AS d
    FROM r,
        generate_series(CAST(r.calendar_start AS TIMESTAMP), CAST(r.calendar_end AS TIMESTAMP), INTERVAL 1 DAY) AS t (g)
),

flags AS (
    SELECT
        days.d,
        isodow(days.d) <= 5 AND o.d IS null AS is_working_day,
        o.ten_ngay_nghi
    FROM days LEFT JOIN (SELECT DISTINCT ON (d)
        d,
        ten_ngay_nghi
    FROM ref_days_off) AS o ON days.d = o.d
)

SELECT
    d,
    is_working_day,
    CAST(sum(CASE WHEN is_working_day THEN 1 ELSE 0 END) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS INTEGER)
        AS wd_seq,
    ten_ngay_nghi
FROM flags
ORDER BY d

-- Lịch ngày làm việc: thứ Hai–thứ Sáu trừ ngày nghỉ lễ, tết của khu vực công (ref_days_off).
-- wd_seq = số ngày làm việc từ đầu lịch đến hết ngày d (ngày làm việc thứ N sau X là ngày làm
-- việc có wd_seq = wd_seq(X) + N).
WITH calendar_range AS (
    SELECT
        calendar_start,
        calendar_end
    FROM ref_calendar_range
),

days AS (
    SELECT CAST(day_start AS DATE) AS d
    FROM calendar_range,
        generate_series(
            CAST(calendar_range.calendar_start AS TIMESTAMP),
            CAST(calendar_range.calendar_end AS TIMESTAMP),
            INTERVAL 1 DAY
        ) AS day_series (day_start)
),

flags AS (
    SELECT
        days.d,
        isodow(days.d) <= 5 AND day_off.d IS null AS is_working_day,
        day_off.ten_ngay_nghi
    FROM days LEFT JOIN (SELECT DISTINCT ON (d)
        d,
        ten_ngay_nghi
    FROM ref_days_off) AS day_off ON days.d = day_off.d
)

SELECT
    d,
    is_working_day,
    CAST(sum(CASE WHEN is_working_day THEN 1 ELSE 0 END) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS INTEGER)
        AS wd_seq,
    ten_ngay_nghi
FROM flags
ORDER BY d

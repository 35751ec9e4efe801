-- Ngày làm việc (metrics.md, Terms), đọc dim_calendar: tệp này chạy ngay sau khi dim_calendar dựng xong.

-- wd_add(x, n): ngày làm việc thứ n SAU ngày của x (không tính chính ngày x).
CREATE OR REPLACE MACRO wd_add(X, N) AS (
    SELECT target_day.d
    FROM dim_calendar AS day_of_x
    INNER JOIN dim_calendar AS target_day
        ON target_day.is_working_day AND target_day.wd_seq = day_of_x.wd_seq + CAST(n AS INTEGER)
    WHERE day_of_x.d = CAST(x AS DATE)
);

-- wd_sub(x, n): ngày làm việc thứ n TRƯỚC ngày của x (không tính chính ngày x).
-- Số ngày làm việc đến hết ngày hôm trước của x là wd_seq(x - 1); ngày cần tìm có wd_seq = đó - n + 1.
CREATE OR REPLACE MACRO wd_sub(X, N) AS (
    SELECT target_day.d
    FROM dim_calendar AS day_before_x
    INNER JOIN dim_calendar AS target_day
        ON target_day.is_working_day AND target_day.wd_seq = day_before_x.wd_seq - CAST(n AS INTEGER) + 1
    WHERE day_before_x.d = CAST(x AS DATE) - 1
);

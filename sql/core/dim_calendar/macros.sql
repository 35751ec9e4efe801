-- wd_add(x, n): ngày làm việc thứ n SAU ngày của x (không tính chính ngày x).
CREATE OR REPLACE MACRO wd_add(x, n) AS (
    SELECT c2.d FROM dim_calendar c1 JOIN dim_calendar c2
      ON c2.is_working_day AND c2.wd_seq = c1.wd_seq + CAST(n AS INTEGER)
    WHERE c1.d = CAST(x AS DATE)
);
-- wd_sub(x, n): ngày làm việc thứ n TRƯỚC ngày của x (không tính chính ngày x).
-- Số ngày làm việc đến hết ngày hôm trước của x là wd_seq(x - 1); ngày cần tìm có wd_seq = đó - n + 1.
CREATE OR REPLACE MACRO wd_sub(x, n) AS (
    SELECT c2.d FROM dim_calendar c1 JOIN dim_calendar c2
      ON c2.is_working_day AND c2.wd_seq = c1.wd_seq - CAST(n AS INTEGER) + 1
    WHERE c1.d = CAST(x AS DATE) - 1
);

-- The plan-task register as known at D: current version per (ma_nhiem_vu, ma_don_vi, han)
-- (the file landed last wins); a completion dated after D is not known yet (NULL = not done).
-- so_luong empty counts as 1. Level = the agency's level if known, else NULL.
WITH cur AS (
    SELECT n.*
    FROM stg_nhiemvu AS n
    WHERE n.ma_nhiem_vu IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY n.ma_nhiem_vu, n.ma_don_vi, n.han
        ORDER BY n._landed_seq DESC, n._row DESC, n._file_id DESC
    ) = 1
)

SELECT
    n.ma_nhiem_vu,
    n.ma_don_vi,
    a.level,
    n.san_pham,
    n.so_luong,
    coalesce(n.so_luong, 1) AS so_luong_tinh,
    n.han,
    CASE WHEN n.ngay_hoan_thanh <= r.as_of THEN n.ngay_hoan_thanh END AS ngay_hoan_thanh,
    concat_ws('|', n.ma_nhiem_vu, coalesce(n.ma_don_vi, ''), coalesce(CAST(n.han AS VARCHAR), '')) AS unit_id,
    n._file_id,
    n._row,
    n._landed_seq
FROM cur AS n
CROSS JOIN run_params AS r
LEFT JOIN dim_agency AS a ON n.ma_don_vi = a.ma_don_vi

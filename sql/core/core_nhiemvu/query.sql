-- The plan-task register as known at D: current version per (ma_nhiem_vu, ma_don_vi, han)
-- (the file landed last wins); a completion dated after D is not known yet (NULL = not done).
-- so_luong empty counts as 1. Level = the agency's level if known, else NULL.
WITH latest_task AS (
    SELECT task_row.*
    FROM stg_nhiemvu AS task_row
    WHERE task_row.ma_nhiem_vu IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY task_row.ma_nhiem_vu, task_row.ma_don_vi, task_row.han
        ORDER BY task_row._landed_seq DESC, task_row._row DESC, task_row._file_id DESC
    ) = 1
)

SELECT
    task_row.ma_nhiem_vu,
    task_row.ma_don_vi,
    agency.level,
    task_row.san_pham,
    task_row.so_luong,
    coalesce(task_row.so_luong, 1) AS so_luong_tinh,
    task_row.han,
    CASE WHEN task_row.ngay_hoan_thanh <= run_params.as_of THEN task_row.ngay_hoan_thanh END AS ngay_hoan_thanh,
    concat_ws(
        '|', task_row.ma_nhiem_vu, coalesce(task_row.ma_don_vi, ''), coalesce(CAST(task_row.han AS VARCHAR), '')
    ) AS unit_id,
    task_row._file_id,
    task_row._row,
    task_row._landed_seq
FROM latest_task AS task_row
CROSS JOIN run_params
LEFT JOIN dim_agency AS agency ON task_row.ma_don_vi = agency.ma_don_vi

-- The online services applied at each unit in P (index-766.md §2, "Procedure sets"; §3, 3.1 and
-- 3.2): the newest TTHC_DONVI snapshot with ngay_xuat <= E, rows not `Dừng công khai`, each with
-- the evaluated unit of its applying unit (eval_unit: a huyện's rows exclude its communes').
-- The same selection as tthc_ap_dung's TTHC_DONVI source; it keeps the applying unit, the
-- service level and status, which the service pairs of 3.2 and the level of 3.1 need.
WITH period_snapshot AS (
    SELECT
        dim_period.period,
        max(service_row.ngay_xuat) AS ngay_xuat
    FROM dim_period
    INNER JOIN cur_tthc_donvi AS service_row ON service_row.ngay_xuat <= dim_period.effective_end
    GROUP BY dim_period.period
)

SELECT
    period_snapshot.period AS period_id,
    unit_map.eval_ma_don_vi,
    service_row.ma_don_vi,
    service_row.ma_tthc,
    service_row.muc_do,
    service_row.trang_thai_dvc
FROM period_snapshot
INNER JOIN cur_tthc_donvi AS service_row ON period_snapshot.ngay_xuat = service_row.ngay_xuat
INNER JOIN eval_unit AS unit_map ON service_row.ma_don_vi = unit_map.ma_don_vi
WHERE service_row.trang_thai_dvc IS DISTINCT FROM 'dung_cong_khai'

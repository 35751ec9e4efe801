-- catalog_publication_on_time_rate (metrics.md): den = distinct (ma_tthc, ngay_qd_cong_bo)
-- pairs, internal procedures included, over every snapshot with ngay_xuat <= D, whose
-- ngay_qd_cong_bo falls in P (<= E); num = those with ngay_qd_cong_bo <= ngay_hieu_luc_can_cu
-- - 5 working days (wd_sub: the 5th working day strictly before the legal basis takes effect).
-- A pair takes its levels and ngay_hieu_luc_can_cu from the newest snapshot holding it; with no
-- ngay_hieu_luc_can_cu it cannot be shown on time (num 0). One fact per (pair, level named in
-- cap_thuc_hien; NULL when none): unit_id = ma_tthc|ngay_qd_cong_bo, ma_don_vi empty.
WITH pairs AS (
    SELECT
        ma_tthc,
        ngay_qd_cong_bo,
        ngay_hieu_luc_can_cu,
        cap_thuc_hien
    FROM core_catalog_snapshot
    WHERE ngay_qd_cong_bo IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY ma_tthc, ngay_qd_cong_bo
        ORDER BY ngay_xuat DESC, _landed_seq DESC, _row DESC
    ) = 1
),

judged AS (
    SELECT
        publication.*,
        coalesce(publication.ngay_qd_cong_bo <= wd_sub(publication.ngay_hieu_luc_can_cu, 5), false) AS on_time
    FROM pairs AS publication
)

SELECT
    'catalog_publication_on_time_rate' AS metric_id,
    dim_period.period,
    catalog_level.level,
    CAST(null AS VARCHAR) AS ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    judged.ma_tthc || '|' || CAST(judged.ngay_qd_cong_bo AS VARCHAR) AS unit_id,
    CASE WHEN judged.on_time THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM judged
INNER JOIN dim_period ON judged.ngay_qd_cong_bo BETWEEN dim_period.period_start AND dim_period.effective_end
CROSS JOIN LATERAL (
    SELECT DISTINCT unnest(CASE
        WHEN len(judged.cap_thuc_hien) = 0 THEN [cast(null AS VARCHAR)]
        ELSE judged.cap_thuc_hien
    END) AS level
) AS catalog_level

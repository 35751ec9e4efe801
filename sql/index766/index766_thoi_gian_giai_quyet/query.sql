-- 2.2 theo từng TTHC (docs/index-766.md §3: chỉ hiển thị theo TTHC): số hồ sơ và thời gian giải
-- quyết trung bình, theo đơn vị thời hạn của TTHC, cho mỗi kỳ và dòng tổng hợp (index766_scope).
WITH procedure_unit AS (
    SELECT
        ma_tthc,
        arg_max(don_vi_thoi_han, ngay_xuat) AS don_vi_thoi_han
    FROM core_catalog_snapshot
    GROUP BY ma_tthc
),

duration AS (
    SELECT
        fact.period_id,
        fact.ma_don_vi,
        fact.record_key,
        dossier.ma_tthc,
        fact.value_double
    FROM index766_facts AS fact
    INNER JOIN dossier_766_base AS dossier ON fact.record_key = dossier.ma_ho_so
    WHERE fact.indicator_id = '2.2'
)

SELECT
    duration.period_id AS period,
    scope.level,
    scope.ma_don_vi,
    duration.ma_tthc,
    coalesce(any_value(procedure_unit.don_vi_thoi_han), 'ngay_lam_viec') AS don_vi_thoi_han,
    count(DISTINCT duration.record_key) AS so_ho_so,
    CAST(avg(CAST(duration.value_double AS DECIMAL(38, 6))) AS DOUBLE) AS thoi_gian_trung_binh
FROM duration
INNER JOIN index766_scope AS scope ON duration.ma_don_vi IS NOT DISTINCT FROM scope.member_ma_don_vi
LEFT JOIN procedure_unit ON duration.ma_tthc = procedure_unit.ma_tthc
WHERE scope.level <> 'khong_gan_don_vi'
GROUP BY duration.period_id, scope.level, scope.ma_don_vi, duration.ma_tthc

-- apology_coverage_rate (metrics.md): mẫu số = hồ sơ quá hạn của kỳ P, gồm
--   (a) hồ sơ giải quyết trong P (ngày kết thúc trong [đầu kỳ, E]) với mức độ qua_han, và
--   (b) hồ sơ đang quá hạn tại E (macro is_open_overdue_at, sql/macros/open_overdue.sql: tiếp
--       nhận ≤ E, chưa giải quyết đến hết ngày E, trạng thái ∉ {3, 5, 7, 8}, ngày hẹn trả < E);
-- tử số = hồ sơ có văn bản xin lỗi ghi ngày ≤ E. (a) và (b) loại trừ nhau nên UNION ALL.
WITH overdue AS (
    SELECT
        dim_period.period,
        dim_period.effective_end,
        dossier.*
    FROM fct_dossier AS dossier
    INNER JOIN dim_period ON dossier.ngay_ket_thuc_d BETWEEN dim_period.period_start AND dim_period.effective_end
    WHERE dossier.is_resolved AND dossier.timeliness = 'qua_han'
    UNION ALL BY NAME
    SELECT
        dim_period.period,
        dim_period.effective_end,
        dossier.*
    FROM fct_dossier AS dossier
    INNER JOIN dim_period ON is_open_overdue_at(dossier, dim_period.effective_end)
)

SELECT
    'apology_coverage_rate' AS metric_id,
    period,
    level,
    ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    ma_ho_so AS unit_id,
    CASE WHEN first_apology_d <= effective_end THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM overdue

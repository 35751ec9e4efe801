-- electronic_circulation_rate (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P có ít nhất một bước
-- chuyển xử lý (don_vi_gui ≠ don_vi_nhan, đều có giá trị); tử số = hồ sơ mà mọi bước chuyển đều
-- điện tử. Bước chuyển tính trên các bước đã biết tại ngày chốt D.
SELECT
    'electronic_circulation_rate' AS metric_id,
    dim_period.period,
    dossier.level,
    dossier.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    dossier.ma_ho_so AS unit_id,
    CASE WHEN dossier.all_transfers_electronic THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS dossier
INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE dossier.is_received AND dossier.has_transfer

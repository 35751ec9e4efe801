-- internal_procedure_rate (metrics.md, catalogue of P = newest TTHC snapshot with ngay_xuat <= E):
-- den = internal procedures (loai_tthc noi_bo); num = those with co_quy_trinh_noi_bo = 1.
-- One fact per (procedure, level named in cap_thuc_hien): unit_id = ma_tthc, ma_don_vi empty;
-- the aggregator counts a procedure at two levels once in each and once province-wide.
SELECT
    'internal_procedure_rate' AS metric_id,
    catalog_entry.period,
    catalog_entry.level,
    CAST(null AS VARCHAR) AS ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    catalog_entry.ma_tthc AS unit_id,
    CASE WHEN catalog_entry.co_quy_trinh_noi_bo THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM catalog_of_period AS catalog_entry
WHERE catalog_entry.loai_tthc = 'noi_bo'

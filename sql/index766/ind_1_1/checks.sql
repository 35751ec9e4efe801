-- check: ind_1_1_without_effective_date severity=warn title="Chỉ số 1.1: TTHC thiếu ngày hiệu lực của văn bản căn cứ"
-- TTHC có quyết định công bố nhưng không có ngày hiệu lực của văn bản căn cứ: không chứng minh được công bố đúng hạn (tính là muộn).
SELECT DISTINCT ma_tthc, ngay_qd_cong_bo FROM core_catalog_snapshot
WHERE ngay_qd_cong_bo IS NOT NULL AND ngay_hieu_luc_can_cu IS NULL

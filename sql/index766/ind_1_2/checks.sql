-- check: ind_1_2_publicised_without_decision severity=warn title="Chỉ số 1.2: TTHC đã công khai nhưng thiếu ngày quyết định công bố"
-- TTHC đã công khai trên CSDL quốc gia nhưng không có ngày quyết định công bố: không chứng minh được công khai đúng hạn (tính là muộn).
SELECT period_id, record_key FROM ind_1_2 WHERE NOT is_favourable AND record_key IN (
    SELECT ma_tthc FROM core_catalog_snapshot WHERE ngay_qd_cong_bo IS NULL AND ngay_cong_khai_csdlqg IS NOT NULL
)

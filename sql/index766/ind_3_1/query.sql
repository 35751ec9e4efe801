-- 3.1 Tỷ lệ TTHC cung cấp DVCTT (index-766.md §3, 3.1): per period P and evaluated unit u,
-- d = the procedures applied at u (tthc_ap_dung: TTHC_DONVI at E, internal procedures and
-- "Dừng công khai" services left out); favourable = its online level is 3 or 4 (một phần, toàn
-- trình). A procedure applied by several sub-units of u counts once, at the highest level
-- (tthc_ap_dung_unit).
-- Without TTHC_DONVI, tthc_ap_dung falls back to the catalogue's procedures and level, shared by
-- every unit of the level (flag fallback).
SELECT
    '3.1' AS indicator_id,
    period_id,
    ma_don_vi,
    ma_tthc AS record_key,
    true AS in_denominator,
    coalesce(muc_do IN (3, 4), false) AS is_favourable,
    CAST(CASE WHEN is_fallback THEN ['fallback'] ELSE [] END AS VARCHAR[]) AS flags
FROM tthc_ap_dung_unit

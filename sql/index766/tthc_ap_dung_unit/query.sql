-- The procedures applied at each evaluated unit in each period, each once (tthc_ap_dung has one
-- row per applying unit): the highest online level among u's applying units, and whether the set
-- is the catalogue's fallback (source danh_muc_theo_cap). Read by the procedure-based indicators
-- 3.1, 3.5a, 3.5b and 4.5a (index-766.md §2, "Procedure sets").
SELECT
    period_id,
    ma_don_vi,
    ma_tthc,
    max(muc_do) AS muc_do,
    bool_or(source = 'danh_muc_theo_cap') AS is_fallback
FROM tthc_ap_dung
GROUP BY period_id, ma_don_vi, ma_tthc

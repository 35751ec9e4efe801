-- Đơn vị được đánh giá của mỗi đơn vị (QĐ 766, docs/index-766.md §2 "Evaluated unit"): tổ tiên
-- gần nhất (kể cả chính nó, theo ma_don_vi_cha) có loại là Sở, ban, ngành / UBND cấp huyện /
-- UBND cấp xã / Cơ quan Trung ương; cấp của nó là cấp (level) của dim_agency.
-- Vì sao có hai ngoại lệ:
-- * Trung tâm Phục vụ hành chính công tiếp nhận thay cho sở; khi hồ sơ không cho biết sở nhận
--   (dossier_766), chính Trung tâm là đơn vị được đánh giá (cờ don_vi_tiep_nhan_thay ở hồ sơ).
-- * Tệp DONVI không có cột Loại đơn vị (loai trống ở mọi tổ tiên): không biết loại thì không
--   leo lên cấp trên, đơn vị tự là đơn vị được đánh giá với cấp của nó (cờ loai_trong).
-- Vòng lặp cha–con (dữ liệu lỗi) dừng ở độ sâu 20.
WITH RECURSIVE agency_type AS (
    SELECT
        ma_don_vi,
        ma_don_vi_cha,
        level,
        loai,
        coalesce(lower(loai) IN ('sở, ban, ngành', 'ubnd cấp huyện', 'ubnd cấp xã', 'cơ quan trung ương'), false)
            AS is_eval_type,
        coalesce(lower(loai) = 'trung tâm phục vụ hành chính công', false) AS is_service_centre
    FROM dim_agency
),

ancestor_chain (ma_don_vi, ancestor, depth) AS (
    SELECT
        ma_don_vi,
        ma_don_vi AS ancestor,
        0 AS depth
    FROM agency_type
    UNION ALL
    SELECT
        ancestor_chain.ma_don_vi,
        parent.ma_don_vi AS ancestor,
        ancestor_chain.depth + 1 AS depth
    FROM ancestor_chain
    INNER JOIN agency_type AS child ON ancestor_chain.ancestor = child.ma_don_vi
    INNER JOIN agency_type AS parent ON child.ma_don_vi_cha = parent.ma_don_vi
    WHERE ancestor_chain.depth < 20 AND child.ma_don_vi_cha <> child.ma_don_vi
),

nearest_eval_ancestor AS (
    SELECT
        ancestor_chain.ma_don_vi,
        arg_min(ancestor_chain.ancestor, ancestor_chain.depth) AS eval_ma_don_vi
    FROM ancestor_chain
    INNER JOIN agency_type AS ancestor_type ON ancestor_chain.ancestor = ancestor_type.ma_don_vi
    WHERE ancestor_type.is_eval_type
    GROUP BY ancestor_chain.ma_don_vi
),

chain_without_type AS (
    SELECT ancestor_chain.ma_don_vi
    FROM ancestor_chain
    INNER JOIN agency_type AS ancestor_type ON ancestor_chain.ancestor = ancestor_type.ma_don_vi
    GROUP BY ancestor_chain.ma_don_vi
    HAVING bool_and(ancestor_type.loai IS null)
),

resolved AS (
    SELECT
        agency_type.ma_don_vi,
        agency_type.is_service_centre,
        CASE
            WHEN nearest_eval_ancestor.eval_ma_don_vi IS NOT null THEN nearest_eval_ancestor.eval_ma_don_vi
            WHEN agency_type.is_service_centre OR chain_without_type.ma_don_vi IS NOT null
                THEN agency_type.ma_don_vi
        END AS eval_ma_don_vi,
        CASE
            WHEN nearest_eval_ancestor.eval_ma_don_vi IS null AND chain_without_type.ma_don_vi IS NOT null
                THEN ['loai_trong']
            ELSE CAST([] AS VARCHAR[])
        END AS flags
    FROM agency_type
    LEFT JOIN nearest_eval_ancestor ON agency_type.ma_don_vi = nearest_eval_ancestor.ma_don_vi
    LEFT JOIN chain_without_type ON agency_type.ma_don_vi = chain_without_type.ma_don_vi
)

SELECT
    resolved.ma_don_vi,
    resolved.eval_ma_don_vi,
    eval_agency.level AS eval_level,
    resolved.is_service_centre,
    resolved.flags
FROM resolved
LEFT JOIN dim_agency AS eval_agency ON resolved.eval_ma_don_vi = eval_agency.ma_don_vi

-- The agencies each target's declared leads name (plan_target_leads: the plan's "Cơ quan chủ
-- trì" / "Cơ quan phối hợp", the target's own or its section's), found in dim_agency at build
-- time: the plan file alone cannot know the agencies (docs/plan-format.md, "Lead units").
--   level      every agency of the level, but not the plan's issuer (plan_info.agency_id, the
--              UBND tỉnh, which DONVI files under cấp Tỉnh) nor an office under an agency of
--              the same level that has a parent itself (a phòng under a UBND huyện is not
--              "UBND cấp huyện"; a sở under the UBND tỉnh, the root, is a sở)
--   loai       every agency of that DONVI type (NFC, case and spaces ignored), not the issuer
--   ma_don_vi  that agency
--   ten_don_vi the agency of that name (NFC, case and spaces ignored)
-- An item that names no agency gives no row (check plan_lead_names_agency). A unit named by two
-- items of one role is listed once (item_orders: the items that name it).
WITH agencies AS (
    SELECT
        agency.ma_don_vi,
        agency.ten_don_vi,
        agency.level,
        agency.ma_don_vi_cha,
        -- an office under an agency of its level that is itself under another (a phòng under a
        -- UBND huyện); departments under the province's UBND (a root) stay
        coalesce(parent.level = agency.level AND nullif(parent.ma_don_vi_cha, '') IS NOT null, false)
            AS under_same_level,
        lower(trim(nfc_normalize(agency.loai))) AS loai_key,
        lower(trim(nfc_normalize(agency.ten_don_vi))) AS name_key,
        -- a commune's district, for the pages ("xã …, huyện …")
        CASE WHEN agency.level = 'xa' THEN agency.ma_don_vi_cha END AS ma_huyen,
        CASE WHEN agency.level = 'xa' THEN parent.ten_don_vi END AS ten_huyen
    FROM dim_agency AS agency
    LEFT JOIN dim_agency AS parent ON agency.ma_don_vi_cha = parent.ma_don_vi
),

matched AS (
    SELECT
        lead.plan_id,
        lead.target_id,
        lead.role,
        lead.item_order,
        agencies.ma_don_vi,
        agencies.ten_don_vi,
        agencies.level,
        agencies.ma_huyen,
        agencies.ten_huyen
    FROM plan_target_leads AS lead
    INNER JOIN agencies
        ON CASE
            WHEN lead.level IS NOT null THEN lead.level = agencies.level AND NOT agencies.under_same_level
            WHEN lead.loai IS NOT null THEN lower(trim(nfc_normalize(lead.loai))) = agencies.loai_key
            WHEN lead.ma_don_vi IS NOT null THEN lead.ma_don_vi = agencies.ma_don_vi
            ELSE lower(trim(nfc_normalize(lead.ten_don_vi))) = agencies.name_key
        END
    LEFT JOIN plan_info ON lead.plan_id = plan_info.plan_id
    WHERE
        lead.ma_don_vi IS NOT null
        OR lead.ten_don_vi IS NOT null
        OR agencies.ma_don_vi IS DISTINCT FROM plan_info.agency_id
)

SELECT
    plan_id,
    target_id,
    role,
    ma_don_vi,
    any_value(ten_don_vi) AS ten_don_vi,
    any_value(level) AS level,
    any_value(ma_huyen) AS ma_huyen,
    any_value(ten_huyen) AS ten_huyen,
    list(DISTINCT item_order ORDER BY item_order) AS item_orders
FROM matched
GROUP BY plan_id, target_id, role, ma_don_vi

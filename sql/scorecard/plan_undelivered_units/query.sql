-- The units that have not delivered a milestone or a count target, per period (docs/metrics.md,
-- "Units that have not delivered"). Who must deliver:
--   * the target's lead units (plan_target_lead_units, role chu_tri: the plan's "Cơ quan chủ
--     trì", the target's own or its section's), and
--   * for a milestone, also every unit the plan-task register (core_nhiemvu) gives its task to:
--     the register is where the province assigns an item to each unit (P2.7 of the 2022 plan is
--     led by the Văn phòng UBND tỉnh, and 33 departments and districts each have its row).
-- Milestone, in the periods whose effective end is on or after the target's due date (before
-- it nothing is late): a unit has delivered when it has register rows due by E and every one
-- was completed by its deadline (the scorecard's `dat` for its row: task_completion_rate);
-- otherwise it is listed, with what it has (rows done on time) and what it lacks.
-- Count: a lead unit's count of the period (0 when it has none) against the threshold of its
-- scorecard row (its own threshold_by_unit, its district's, its level's, the stage's or the
-- target's, as plan_scorecard_t); listed when below it (at_most: above it). A lead unit at a
-- level outside the target's scope has no threshold and is not judged (check
-- plan_undelivered_lead_outside_scope), nor is a period before the first stage.
-- No value without its data: a period or level whose scorecard row has no value for lack of
-- data (ly_do_khong_co_du_lieu) lists nobody.
WITH tracked_targets AS (
    SELECT
        plan_id,
        target_id,
        kind,
        task,
        due,
        due_date,
        coalesce(direction, 'at_least') AS direction,
        sort_order
    FROM plan_targets
    WHERE kind IN ('milestone', 'count')
),

target_periods AS (   -- the periods each target is scored in, unless the province lacks the data
    SELECT
        province_row.plan_id,
        province_row.target_id,
        province_row.period,
        province_row.period_kind,
        province_row.period_start,
        province_row.period_end,
        province_row.effective_end
    FROM plan_scorecard_t AS province_row
    INNER JOIN tracked_targets
        ON province_row.plan_id = tracked_targets.plan_id AND province_row.target_id = tracked_targets.target_id
    WHERE
        province_row.level = 'toan_tinh'
        AND province_row.ma_don_vi IS null
        AND province_row.ly_do_khong_co_du_lieu IS null
),

register_rows AS (   -- the register rows of each milestone's task
    SELECT
        tracked_targets.plan_id,
        tracked_targets.target_id,
        core_nhiemvu.ma_don_vi,
        core_nhiemvu.han,
        core_nhiemvu.ngay_hoan_thanh
    FROM tracked_targets
    INNER JOIN core_nhiemvu ON tracked_targets.task = core_nhiemvu.ma_nhiem_vu
    WHERE tracked_targets.kind = 'milestone' AND core_nhiemvu.ma_don_vi IS NOT null
),

responsible AS (
    SELECT
        lead_unit.plan_id,
        lead_unit.target_id,
        lead_unit.ma_don_vi,
        true AS is_lead
    FROM plan_target_lead_units AS lead_unit
    INNER JOIN tracked_targets
        ON lead_unit.plan_id = tracked_targets.plan_id AND lead_unit.target_id = tracked_targets.target_id
    WHERE lead_unit.role = 'chu_tri'
    UNION ALL
    SELECT DISTINCT
        plan_id,
        target_id,
        ma_don_vi,
        false AS is_lead
    FROM register_rows
),

responsible_units AS (
    SELECT
        plan_id,
        target_id,
        ma_don_vi,
        bool_or(is_lead) AS is_lead,
        bool_or(NOT is_lead) AS in_register
    FROM responsible
    GROUP BY plan_id, target_id, ma_don_vi
),

agencies AS (
    SELECT
        agency.ma_don_vi,
        agency.ten_don_vi,
        agency.level,
        agency.ma_don_vi_cha,
        CASE WHEN agency.level = 'xa' THEN agency.ma_don_vi_cha END AS ma_huyen,
        CASE WHEN agency.level = 'xa' THEN parent.ten_don_vi END AS ten_huyen
    FROM dim_agency AS agency
    LEFT JOIN dim_agency AS parent ON agency.ma_don_vi_cha = parent.ma_don_vi
),

unit_periods AS (   -- every responsible unit in every period of its target, with its scorecard rows
    SELECT
        responsible_units.*,
        tracked_targets.kind,
        tracked_targets.due,
        tracked_targets.due_date,
        tracked_targets.direction,
        tracked_targets.sort_order,
        target_periods.period,
        target_periods.period_kind,
        target_periods.period_start,
        target_periods.period_end,
        target_periods.effective_end,
        agencies.ten_don_vi,
        agencies.level,
        agencies.ma_don_vi_cha,
        agencies.ma_huyen,
        agencies.ten_huyen,
        level_row.threshold AS level_threshold,
        agency_row.value AS unit_value,
        agency_row.threshold AS unit_threshold,
        level_row.target_id IS NOT null AS level_in_scope,
        coalesce(level_row.ly_do_khong_co_du_lieu, agency_row.ly_do_khong_co_du_lieu) IS NOT null AS lacks_data
    FROM responsible_units
    INNER JOIN tracked_targets
        ON
            responsible_units.plan_id = tracked_targets.plan_id
            AND responsible_units.target_id = tracked_targets.target_id
    INNER JOIN target_periods
        ON
            responsible_units.plan_id = target_periods.plan_id
            AND responsible_units.target_id = target_periods.target_id
    LEFT JOIN agencies ON responsible_units.ma_don_vi = agencies.ma_don_vi
    LEFT JOIN plan_scorecard_t AS level_row
        ON
            responsible_units.plan_id = level_row.plan_id
            AND responsible_units.target_id = level_row.target_id
            AND target_periods.period = level_row.period
            AND agencies.level = level_row.level
            AND level_row.ma_don_vi IS null
    LEFT JOIN plan_scorecard_t AS agency_row
        ON
            responsible_units.plan_id = agency_row.plan_id
            AND responsible_units.target_id = agency_row.target_id
            AND target_periods.period = agency_row.period
            AND responsible_units.ma_don_vi = agency_row.ma_don_vi
),

milestone_units AS (
    SELECT
        unit_periods.plan_id,
        unit_periods.target_id,
        unit_periods.period,
        unit_periods.ma_don_vi,
        any_value(unit_periods.due) AS due,
        count(register_rows.han) AS register_count,
        count(register_rows.han) FILTER (WHERE register_rows.han <= unit_periods.effective_end) AS rows_due,
        count(register_rows.han) FILTER (
            WHERE register_rows.han <= unit_periods.effective_end
            AND register_rows.ngay_hoan_thanh <= register_rows.han
        ) AS rows_on_time,
        count(register_rows.han) FILTER (
            WHERE register_rows.han <= unit_periods.effective_end
            AND register_rows.ngay_hoan_thanh > register_rows.han
            AND register_rows.ngay_hoan_thanh <= unit_periods.effective_end
        ) AS rows_late,
        min(register_rows.han) AS first_deadline
    FROM unit_periods
    LEFT JOIN register_rows
        ON
            unit_periods.plan_id = register_rows.plan_id
            AND unit_periods.target_id = register_rows.target_id
            AND unit_periods.ma_don_vi = register_rows.ma_don_vi
    WHERE
        unit_periods.kind = 'milestone'
        AND unit_periods.due_date <= unit_periods.effective_end
        AND NOT unit_periods.lacks_data
    GROUP BY unit_periods.plan_id, unit_periods.target_id, unit_periods.period, unit_periods.ma_don_vi
),

count_units AS (
    SELECT
        unit_periods.*,
        CAST(coalesce(unit_periods.unit_value, 0) AS DOUBLE) AS delivered,
        CAST(
            coalesce(
                unit_periods.unit_threshold,
                own_threshold.threshold,
                district_threshold.threshold,
                unit_periods.level_threshold
            ) AS DOUBLE
        ) AS required
    FROM unit_periods
    LEFT JOIN plan_target_units AS own_threshold
        ON
            unit_periods.plan_id = own_threshold.plan_id
            AND unit_periods.target_id = own_threshold.target_id
            AND unit_periods.ma_don_vi = own_threshold.ma_don_vi
    LEFT JOIN plan_target_units AS district_threshold
        ON
            unit_periods.plan_id = district_threshold.plan_id
            AND unit_periods.target_id = district_threshold.target_id
            AND unit_periods.ma_don_vi_cha = district_threshold.ma_don_vi
    WHERE unit_periods.kind = 'count' AND unit_periods.is_lead AND NOT unit_periods.lacks_data
),

judged AS (
    SELECT
        unit_periods.*,
        CAST(milestone_units.rows_on_time AS DOUBLE) AS delivered,
        CAST(nullif(milestone_units.rows_due, 0) AS DOUBLE) AS required,
        CASE
            WHEN milestone_units.register_count = 0
                THEN 'chưa có nhiệm vụ này trong sổ theo dõi nhiệm vụ'
            WHEN milestone_units.rows_due = 0
                THEN
                    'hạn ghi trong sổ theo dõi nhiệm vụ (' || strftime(milestone_units.first_deadline, '%d/%m/%Y')
                    || ') sau ngày cuối kỳ'
            ELSE
                concat_ws(
                    '; ',
                    CASE
                        WHEN milestone_units.rows_due - milestone_units.rows_on_time - milestone_units.rows_late > 0
                            THEN
                                'chưa hoàn thành '
                                || (milestone_units.rows_due - milestone_units.rows_on_time - milestone_units.rows_late)
                                || '/' || milestone_units.rows_due || ' dòng đến hạn'
                    END,
                    CASE
                        WHEN milestone_units.rows_late > 0
                            THEN
                                'hoàn thành sau hạn ' || milestone_units.rows_late || '/' || milestone_units.rows_due
                                || ' dòng đến hạn'
                    END
                )
        END AS ly_do
    FROM unit_periods
    INNER JOIN milestone_units
        ON
            unit_periods.plan_id = milestone_units.plan_id
            AND unit_periods.target_id = milestone_units.target_id
            AND unit_periods.period = milestone_units.period
            AND unit_periods.ma_don_vi = milestone_units.ma_don_vi
    WHERE milestone_units.rows_due = 0 OR milestone_units.rows_on_time < milestone_units.rows_due
    UNION ALL
    SELECT
        count_units.*,
        'có ' || replace(format('{:,}', CAST(count_units.delivered AS BIGINT)), ',', '.')
        || CASE WHEN count_units.direction = 'at_most' THEN ', tối đa ' ELSE ', cần ít nhất ' END
        || replace(format('{:,}', CAST(count_units.required AS BIGINT)), ',', '.')
        || CASE WHEN count_units.direction = 'at_most' THEN ': vượt ' ELSE ': thiếu ' END
        || replace(format('{:,}', CAST(abs(count_units.required - count_units.delivered) AS BIGINT)), ',', '.') AS ly_do
    FROM count_units
    WHERE
        count_units.required IS NOT null
        AND NOT meets_threshold(count_units.delivered, count_units.required, count_units.direction)
)

SELECT
    plan_id,
    target_id,
    kind,
    period,
    period_kind,
    period_start,
    period_end,
    effective_end,
    ma_don_vi,
    ten_don_vi,
    level,
    ma_huyen,
    ten_huyen,
    is_lead,
    in_register,
    delivered,
    required,
    abs(required - delivered) AS gap,
    CASE WHEN kind = 'count' THEN direction END AS direction,
    ly_do,
    sort_order
FROM judged

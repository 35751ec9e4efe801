# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
db_path = "data/curated/motcua.duckdb"
period = ""
as_of = ""
level = "toan_tinh"
ma_don_vi = ""

# %%
from datetime import date

import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import nb
from pipelines.reports import ranking as R
from pipelines.reports.overdue import overdue_rows

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
P0, P1 = date(ctx.year, 1, 1), min(date(ctx.year, 12, 31), ctx.as_of)
ot = ctx.q("""SELECT level, numerator, denominator, value FROM metric_values
              WHERE metric_id = 'on_time_resolution_rate' AND period = ? AND ma_don_vi IS NULL AND group_key IS NULL""",
           [ctx.period])
# overdue dossiers of the period (docs/metrics.md): resolved in P late + open overdue at E; the
# same list whose open dossiers Biểu 06's column 13 must equal (pipelines/reports/overdue.py)
late = pd.DataFrame(overdue_rows(ctx.con, P0, P1)) if ctx.has("fct_dossier") else pd.DataFrame()
tot = ot[ot["level"] == "toan_tinh"]
v = tot.iloc[0]["value"] if len(tot) else None
nb.header("Tiến độ giải quyết hồ sơ",
          f"Từ {C.fmt_date(P0)} đến {C.fmt_date(P1)}, tỷ lệ hồ sơ giải quyết đúng hạn toàn tỉnh là {C.fmt_pct(v)} "
          f"({C.fmt_int(tot.iloc[0]['numerator'] if len(tot) else None)}/{C.fmt_int(tot.iloc[0]['denominator'] if len(tot) else None)} hồ sơ); "
          f"có {C.fmt_int(len(late))} hồ sơ quá hạn (đã giải quyết quá hạn hoặc đang quá hạn), trong đó "
          f"{C.fmt_int(int(late['co_xin_loi'].sum()) if len(late) else 0)} có văn bản xin lỗi. Trang này cho biết hồ sơ quá hạn "
          "tập trung ở lĩnh vực và đơn vị nào, mức độ xin lỗi và yêu cầu bổ sung hồ sơ.", ctx)

# %%
nb.h2("Tỷ lệ giải quyết đúng hạn")
if len(ot):
    t = ot.copy()
    t["level"] = pd.Categorical(t["level"], ctx.levels(), ordered=True)
    C.show_table(t.sort_values("level"), formats={"level": "level", "numerator": "int", "denominator": "int", "value": "pct"},
                 headers={"level": "Cấp", "numerator": "Đúng hạn (trước hạn + đúng hạn)", "denominator": "Đã giải quyết", "value": "Tỷ lệ"})
rows = []
for lv in ctx.levels():
    m = ctx.monthly("on_time_resolution_rate", level=lv)
    for x in (m[m["value"].notna()].itertuples(index=False) if len(m) else []):
        rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": C.level_vi(lv)})
if rows:
    C.show(C.trend_chart(pd.DataFrame(rows), threshold=None, title="Tỷ lệ đúng hạn theo tháng"),
           "Tỷ lệ hồ sơ giải quyết đúng hạn mỗi tháng, mỗi cấp một đường với hình điểm và kiểu nét riêng.")

# %%
nb.h2("Hồ sơ quá hạn theo lĩnh vực và đơn vị")
if len(late):
    by_f = late.groupby("linh_vuc").agg(so_qua_han=("linh_vuc", "size"), da_giai_quyet=("da_giai_quyet", "sum"),
                                         co_xin_loi=("co_xin_loi", "sum")).reset_index() \
        .sort_values("so_qua_han", ascending=False).head(15)
    C.show(C.bar_counts_chart(by_f, "linh_vuc", "so_qua_han", title="Số hồ sơ quá hạn theo lĩnh vực (15 lĩnh vực nhiều nhất)"),
           "Mỗi thanh là số hồ sơ quá hạn của một lĩnh vực (đã giải quyết quá hạn trong kỳ cộng đang quá hạn), số ghi ở đầu thanh.")
    by_a = late.groupby(["ten_don_vi", "level"]).agg(so_qua_han=("ten_don_vi", "size"), da_giai_quyet=("da_giai_quyet", "sum"),
                                                      co_xin_loi=("co_xin_loi", "sum")).reset_index() \
        .sort_values("so_qua_han", ascending=False).head(20)
    by_a["dang_qua_han"] = by_a["so_qua_han"] - by_a["da_giai_quyet"]
    names = nb.unit_names(ctx)  # communes with their district
    by_a["ten_don_vi"] = [names.get(n, n) for n in by_a["ten_don_vi"]]
    by_a["ty_le_xin_loi"] = by_a["co_xin_loi"] / by_a["so_qua_han"]
    C.show_table(by_a[["ten_don_vi", "level", "so_qua_han", "da_giai_quyet", "dang_qua_han", "co_xin_loi", "ty_le_xin_loi"]],
                 formats={"level": "level", "so_qua_han": "int", "da_giai_quyet": "int", "dang_qua_han": "int",
                          "co_xin_loi": "int", "ty_le_xin_loi": "pct"},
                 headers={"ten_don_vi": "Đơn vị", "level": "Cấp", "so_qua_han": "Hồ sơ quá hạn", "da_giai_quyet": "Đã giải quyết (quá hạn)",
                          "dang_qua_han": "Đang quá hạn", "co_xin_loi": "Có văn bản xin lỗi", "ty_le_xin_loi": "Tỷ lệ xin lỗi"},
                 caption="20 đơn vị có nhiều hồ sơ quá hạn nhất")
else:
    nb.para("Không có hồ sơ quá hạn trong kỳ.", "note")

# %%
nb.h2("Văn bản xin lỗi")
ap = ctx.agency_values("apology_coverage_rate")
lv = ctx.q("""SELECT m.level, m.numerator, m.denominator, m.value
              FROM metric_values m LEFT JOIN dim_level l ON l.level = m.level
              WHERE m.metric_id = 'apology_coverage_rate' AND m.period = ? AND m.ma_don_vi IS NULL AND m.group_key IS NULL
              ORDER BY l.sort_order""", [ctx.period])
if len(lv):
    C.show_table(lv, formats={"level": "level", "numerator": "int", "denominator": "int", "value": "pct"},
                 headers={"level": "Cấp", "numerator": "Có văn bản xin lỗi", "denominator": "Hồ sơ quá hạn", "value": "Tỷ lệ"})
if len(ap):
    # the line is the plan's threshold if it sets one, else the target's reference (P2.6c: the
    # legal duty of Nghị định 61/2018, a "mức tham chiếu", not a threshold of the plan)
    sc_ap = ctx.scorecard()
    sc_ap = sc_ap[(sc_ap["metric_id"] == "apology_coverage_rate") & sc_ap["group_key"].isna()] if len(sc_ap) else sc_ap
    line, line_name, line_txt = None, "ngưỡng", ""
    if len(sc_ap) and not pd.isna(sc_ap.iloc[0]["threshold"]):
        line = float(sc_ap.iloc[0]["threshold"])
        line_txt = ""  # the chart's caption note names the threshold line (charts.caption_notes)
    elif len(sc_ap) and not pd.isna(sc_ap.iloc[0]["reference_value"]):
        line, line_name = float(sc_ap.iloc[0]["reference_value"]), "mức tham chiếu"
        src = sc_ap.iloc[0]["reference_source"]
        line_txt = (f"; mức tham chiếu {C.fmt_threshold(line)}" + ("" if pd.isna(src) else f" ({src})")
                    + ", không phải ngưỡng của kế hoạch")
    # the site's one ranking rule (pipelines/reports/ranking.py), against the line drawn
    rk = R.rank_units(ap, threshold=line)
    worst = rk.behind(12) if line is not None else rk.ranked.head(12)
    if len(worst):
        C.show(C.ranking_chart(worst.assign(value=worst["value"].astype(float)), "nhan", "value", threshold=line,
                               n_col="denominator", line_name=line_name,
                               title="Đơn vị còn thiếu nhiều văn bản xin lỗi nhất"),
               "Tỷ lệ hồ sơ quá hạn có văn bản xin lỗi của các đơn vị còn thiếu nhiều văn bản xin lỗi nhất; "
               f"n là số hồ sơ quá hạn{line_txt}.")
    nb.para(rk.apart_note("hồ sơ quá hạn"), "note")

# %%
nb.h2("Yêu cầu bổ sung hồ sơ")
sup = ctx.q("""
    SELECT coalesce(a.ten_don_vi, f.ma_don_vi) AS ten_don_vi, f.level, count(*) AS tiep_nhan,
           count(*) FILTER (WHERE f.so_lan_yeu_cau_bo_sung > 0) AS co_yeu_cau,
           sum(f.so_lan_yeu_cau_bo_sung) AS so_lan,
           count(*) FILTER (WHERE f.trang_thai = 5) AS dang_cho_bo_sung
    FROM fct_dossier f LEFT JOIN dim_agency a ON a.ma_don_vi = f.ma_don_vi
    WHERE f.is_received AND f.ngay_tiep_nhan_d BETWEEN $p0 AND $p1
    GROUP BY ALL ORDER BY co_yeu_cau DESC, tiep_nhan DESC LIMIT 20""", {"p0": P0, "p1": P1}) if ctx.has("fct_dossier") else pd.DataFrame()
if len(sup):
    sup["ty_le"] = sup["co_yeu_cau"] / sup["tiep_nhan"]
    sup["ten_don_vi"] = [nb.unit_names(ctx).get(n, n) for n in sup["ten_don_vi"]]
    nb.para(f"Tổng số lần yêu cầu bổ sung của 20 đơn vị dưới đây: {C.fmt_int(sup['so_lan'].sum())}; hồ sơ đang chờ công dân bổ sung "
            f"(đồng hồ dừng): {C.fmt_int(sup['dang_cho_bo_sung'].sum())}.")
    C.show_table(sup[["ten_don_vi", "level", "tiep_nhan", "co_yeu_cau", "ty_le", "so_lan", "dang_cho_bo_sung"]],
                 formats={"level": "level", "tiep_nhan": "int", "co_yeu_cau": "int", "ty_le": "pct", "so_lan": "int", "dang_cho_bo_sung": "int"},
                 headers={"ten_don_vi": "Đơn vị", "level": "Cấp", "tiep_nhan": "Hồ sơ tiếp nhận", "co_yeu_cau": "Có yêu cầu bổ sung",
                          "ty_le": "Tỷ lệ", "so_lan": "Số lần yêu cầu", "dang_cho_bo_sung": "Đang chờ bổ sung"})

# %%
nb.readme(ctx, ctx.section_metrics("tien_do"),
          ["metric_values", "fct_dossier (đếm tổng hợp, không hiển thị thông tin cá nhân)", "dim_agency", "dim_metric"],
          "Mức độ đúng hạn so sánh theo ngày giữa ngày kết thúc xử lý và ngày hẹn trả (không có hẹn trả = đúng hạn). "
          "Hồ sơ quá hạn của kỳ = hồ sơ giải quyết trong kỳ bị quá hạn + hồ sơ đang quá hạn tại ngày cuối kỳ hiệu lực "
          "(không tính hồ sơ bị từ chối, đang chờ bổ sung, đã rút hoặc dừng xử lý).")

ctx.close()

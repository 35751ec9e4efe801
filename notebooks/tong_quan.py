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
import pandas as pd
from IPython.display import HTML, display

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
w = ctx.words()
# the province rows, and the level rows of targets with a threshold per level (P2.2)
sc = nb.overview_scorecard(ctx)
nb.header("Tổng quan thực hiện kế hoạch năm " + str(ctx.year),
          nb.summary_sentence(sc, ctx) + f" Trang này mở đầu bằng các chỉ tiêu của Kế hoạch {nb.plan_decision(ctx)} "
          "đang chưa đạt, xa ngưỡng nhất trước, với số còn thiếu, dự báo cuối năm và các đơn vị có thể bù phần thiếu "
          "nhiều nhất; sau đó là bảng mọi chỉ tiêu, xu hướng theo tháng và dự báo đến cuối năm.", ctx)

# %%
display(HTML(nb.first_screen_html(ctx)))

# %%
nb.h2("Bảng mọi chỉ tiêu")
nb.para("Mỗi dòng là một chỉ tiêu của kế hoạch ở phạm vi toàn tỉnh (chỉ tiêu có ngưỡng riêng theo cấp "
        "được tách theo cấp), theo thứ tự của kế hoạch. Ký hiệu: ✓ đạt, ✗ chưa đạt, … chưa đến hạn, • theo dõi, "
        "– không có dữ liệu.")
if len(sc):
    display(HTML(f"<details><summary>Bảng {C.fmt_int(len(sc))} dòng chỉ tiêu theo thứ tự kế hoạch</summary>"
                 + C.table_html(nb.scorecard_table(sc)) + "</details>"))
else:
    nb.para("Chưa có bảng chỉ tiêu.", "note")

# %%
ratio = sc[(sc["kind"] == "ratio") & sc["threshold"].notna()].copy() if len(sc) else sc
if len(ratio):
    # short enough for the chart's label width: the level of a per-level row must stay readable
    ratio["nhan"] = [nb.chart_label(r, w) for r in ratio.to_dict("records")]
    ratio["trang_thai"] = [C.status_vi(s) for s in ratio["status"]]
    ratio["value"] = ratio["value"].astype(float)
    plot = ratio[ratio["value"].notna()]
    if len(plot):
        C.show(C.scorecard_chart(plot, title="Giá trị so với ngưỡng"),
               "Mỗi điểm là giá trị của một chỉ tiêu có ngưỡng (hình dạng và ký hiệu ✓/✗ cho biết trạng thái), "
               "vạch đen đứng là ngưỡng; đoạn xám nối giá trị với ngưỡng cho thấy khoảng cách còn lại.")

# %%
nb.h2("Còn thiếu bao nhiêu để đạt, và ai có thể bù")
g = nb.gaps(ctx, sc) if len(sc) else pd.DataFrame()
if len(g):
    nb.para("Với mỗi chỉ tiêu tỷ lệ chưa đạt: số bản ghi đạt tối thiểu cần có thêm để chạm ngưỡng; dự báo cuối năm nếu "
            "các tháng còn lại giữ nhịp độ của ba tháng gần nhất; và ba đơn vị còn thiếu nhiều nhất so với ngưỡng của "
            "chính đơn vị (không kể đơn vị đã đạt và đơn vị quá ít bản ghi), nơi cải thiện bù được nhiều nhất. "
            + nb.ranking_rule_sentence())
    C.show_table(g.drop(columns=["_need"]))
else:
    nb.para("Không có chỉ tiêu có ngưỡng nào đang chưa đạt.", "note")

# %%
nb.h2("Xu hướng theo tháng")
trend_targets = sc[(sc["kind"] == "ratio") & sc["group_key"].isna() & (sc["level"] == "toan_tinh")] if len(sc) else sc
rows = []
# the target's own monthly scorecard rows (its scope, the run's as-of date): the same rows as the
# table above, never metric_values' province-wide figure (which counts every level)
for r in trend_targets.itertuples(index=False):
    m = ctx.target_monthly(r.target_id)
    for x in m.itertuples(index=False):
        rows.append({"Chỉ tiêu": w.target(r.target_id), "thang": x.period, "value": x.value})
wide = pd.DataFrame(rows)
if len(wide):
    t = wide.pivot_table(index="Chỉ tiêu", columns="thang", values="value", aggfunc="first")
    t = t.reindex([w.target(x) for x in trend_targets["target_id"] if w.target(x) in t.index])
    disp = pd.DataFrame({"Chỉ tiêu": t.index})
    for col in t.columns:
        disp[C.fmt_period(col).replace("Tháng ", "T")] = [C.fmt_pct(v) for v in t[col]]
    nb.para("Giá trị toàn tỉnh của từng chỉ tiêu tỷ lệ theo từng tháng (– : không có mẫu số trong tháng).")
    C.show_table(disp)
    # a trend chart for every unmet target (its level, group and threshold)
    for chart, caption in nb.unmet_trends(ctx, sc):
        C.show(chart, caption)
else:
    nb.para("Chưa có số liệu theo tháng.", "note")

# %%
nb.h2("Dự báo đến cuối năm")
proj = []
for r in (sc[(sc["kind"] == "ratio") & (sc["level"] == "toan_tinh") & sc["group_key"].isna()].itertuples(index=False) if len(sc) else []):
    p = nb.project_year_end(ctx, r.metric_id, target_id=r.target_id, ytd=nb.year_row_ytd(ctx, r))
    if p and p.get("value_year") is not None:
        # a ratio row without a threshold is judged by its level or group rows: no forecast verdict
        judged_by = "từng nhóm" if nb.has_items(r.field_groups) else "theo cấp"
        ok = (not pd.isna(r.threshold)) and p["value_year"] >= r.threshold
        proj.append({"Mã": r.target_id, "Chỉ tiêu": w.name(r.target_id), "Hiện tại": C.fmt_pct(p["value_ytd"]),
                     "Nhịp độ 3 tháng gần nhất": C.fmt_pct(p["pace_value"]),
                     "Dự báo 31/12": C.fmt_pct(p["value_year"]),
                     "Ngưỡng": judged_by if pd.isna(r.threshold) else C.fmt_threshold(r.threshold),
                     "Dự kiến": ("✓ đạt" if ok else "✗ chưa đạt") if not pd.isna(r.threshold) else f"xem {judged_by}"})
if proj:
    nb.para("Giả định: các tháng còn lại tiếp nhận và giải quyết với nhịp độ (tử số, mẫu số mỗi ngày) của ba tháng "
            "gần nhất. Chỉ áp dụng cho chỉ tiêu cộng dồn theo thời gian (hồ sơ, đánh giá, thanh toán, phản ánh, rà soát, báo cáo); "
            "chỉ tiêu danh mục là ảnh chụp nên không dự báo.")
    C.show_table(pd.DataFrame(proj))
else:
    nb.para("Không đủ số liệu theo tháng để dự báo.", "note")

# %%
nb.h2("Nhiệm vụ có mốc thời gian")
ms = sc[sc["kind"] == "milestone"] if len(sc) else sc
if len(ms):
    C.show_table(pd.DataFrame({"Nhiệm vụ": [w.target(t) for t in ms["target_id"]],
                               "Nội dung trong kế hoạch": ["" if pd.isna(t) else str(t) for t in ms["text"]],
                               "Hạn": [C.fmt_date(d) for d in ms["due_date"]],
                               "Hoàn thành đúng hạn": [C.fmt_pct(v) for v in ms["value"]],
                               "Trạng thái": [C.status_vi(s) for s in ms["status"]]}))

# %%
nb.h2("Cảnh báo sớm: hồ sơ sắp đến hạn")
nb.due_soon_line(ctx)

# %%
nb.readme(ctx, [m for m in sc["metric_id"].unique()] if len(sc) else [],
          ["plan_scorecard", "plan_targets", "plan_target_levels", "metric_values", "dim_metric", "dim_agency"],
          "Giá trị mỗi chỉ tiêu là tử số / mẫu số của chỉ số tương ứng (trang Định nghĩa chỉ số), tính trên dữ liệu xuất "
          "của phần mềm một cửa (phiên bản mới nhất đã biết tại ngày chốt). " + nb.GAP_RULE +
          " Dự báo cuối năm giữ nhịp độ ba tháng gần nhất.")

ctx.close()

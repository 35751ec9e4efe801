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

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
# the plan's targets (not its indicators) whose metric the Kiểm soát TTHC page does not present:
# dossiers, online services, satisfaction, digitisation, payments (dim_metric.report_section)
targets = ctx.plan_targets()
targets = targets[(targets["list_name"] == "targets") & ~targets["metric_id"].isin(ctx.section_metrics("kiem_soat"))] \
    if len(targets) else targets
ids = list(targets["target_id"]) if len(targets) else []
sc_all = ctx.scorecard(level=None)
sc_all = sc_all[sc_all["target_id"].isin(ids)] if len(sc_all) else sc_all
sc = sc_all[sc_all["level"] == "toan_tinh"] if len(sc_all) else sc_all
counts = ctx.lead_unit_counts()
agency_sc = ctx.q("""
    SELECT s.target_id, s.level, s.ma_don_vi, coalesce(a.ten_don_vi, s.ma_don_vi) AS ten_don_vi, s.group_key,
           s.numerator, s.denominator, s.value, s.threshold, s.status
    FROM plan_scorecard s LEFT JOIN dim_agency a ON a.ma_don_vi = s.ma_don_vi
    WHERE s.period = ? AND s.ma_don_vi IS NOT NULL AND list_contains(?, s.target_id)
      AND s.plan_id IS NOT DISTINCT FROM ?""", [ctx.period, ids, ctx.run_plan_id()])
nb.header("Cơ chế một cửa, một cửa liên thông",
          nb.summary_sentence(sc, ctx, "chỉ tiêu về cơ chế một cửa ở phạm vi toàn tỉnh") +
          " Trang này tách từng chỉ tiêu theo cấp (tỉnh, huyện, xã, cơ quan Trung ương) và theo đơn vị, "
          "nêu các đơn vị xa ngưỡng nhất và diễn biến từng tháng.", ctx)

# %%
nb.h2("Theo cấp")
if len(sc_all):
    piv = sc_all.copy()
    piv["o"] = [txt + ("" if pd.isna(v) else " " + C.STATUS_MARK.get(C.status_vi(s), ""))
                for txt, v, s in zip(nb.value_texts(piv), piv["value"], piv["status"])]
    piv["gk"] = [("" if pd.isna(g) or g == t else f" [{g}]") for g, t in zip(piv["group_key"], piv["target_id"])]
    piv["Chỉ tiêu"] = piv["target_id"] + piv["gk"]
    order = list(dict.fromkeys(piv["Chỉ tiêu"]))
    t = piv.pivot_table(index="Chỉ tiêu", columns="level", values="o", aggfunc="first").reindex(order)
    cols = [c for c in ctx.levels() if c in t.columns]
    t = t[cols].rename(columns=C.LEVEL_VI).reset_index().fillna("")
    nb.para("Giá trị của từng chỉ tiêu ở toàn tỉnh và ở mỗi cấp trong phạm vi của chỉ tiêu (✓ đạt, ✗ chưa đạt, – không có dữ liệu).")
    C.show_table(t)
else:
    nb.para("Chưa có bảng chỉ tiêu.", "note")

# %%
ratio = sc[(sc["kind"] == "ratio")] if len(sc) else sc
for r in ratio.itertuples(index=False):
    gk = None if pd.isna(r.group_key) else r.group_key
    thr_txt = "theo cấp" if pd.isna(r.threshold) else C.fmt_threshold(r.threshold)
    nb.h2(f"{r.target_id}{' [' + gk + ']' if gk else ''}: {C.fmt_pct(r.value)} (ngưỡng {thr_txt}) — {C.status_vi(r.status)}")
    nb.para(str(r.text))
    nb.para(nb.leads_line(r, counts), "note")
    if isinstance(getattr(r, "ly_do_khong_co_du_lieu", None), str):  # metrics.md, "Required columns"
        nb.para(r.ly_do_khong_co_du_lieu, "note")
    # monthly trajectory per level: the target's scorecard rows (toan_tinh = its scope)
    rows = []
    for lv in ctx.levels():
        m = ctx.target_monthly(r.target_id, level=lv, group_key=gk)
        m = m[m["value"].notna()] if len(m) else m
        for x in m.itertuples(index=False):
            rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": C.level_vi(lv)})
    if rows:
        # the threshold drawn: the target's own, else each level's (P2.2: a threshold per level)
        lv_thr = sc_all[(sc_all["target_id"] == r.target_id) & (sc_all["level"] != "toan_tinh") & sc_all["threshold"].notna()
                        & (sc_all["group_key"].isna() if gk is None else sc_all["group_key"] == gk)]
        shown = {x["cap"] for x in rows}
        thr = r.threshold if not pd.isna(r.threshold) else {
            C.level_vi(x.level): float(x.threshold) for x in lv_thr.itertuples(index=False) if C.level_vi(x.level) in shown}
        C.show(C.trend_chart(pd.DataFrame(rows), threshold=thr or None, title=f"{r.target_id} theo tháng và theo cấp"),
               f"Giá trị của {r.target_id} từng tháng, mỗi cấp một đường (hình điểm và kiểu nét khác nhau).")
    # agencies furthest behind
    a = agency_sc[(agency_sc["target_id"] == r.target_id) &
                  (agency_sc["group_key"].isna() if gk is None else agency_sc["group_key"] == gk)].copy() if len(agency_sc) else agency_sc
    if len(a):
        a = a[a["denominator"].fillna(0) > 0]
        a["thr"] = a["threshold"].fillna(r.threshold if not pd.isna(r.threshold) else 0)
        a["gap"] = a["thr"] - a["value"]
        behind = a[a["status"] == "chua_dat"].sort_values(["gap", "denominator"], ascending=[False, False]).head(10)
        n_bad, n_all = int((a["status"] == "chua_dat").sum()), len(a)
        nb.para(f"{C.fmt_int(n_bad)}/{C.fmt_int(n_all)} đơn vị có số liệu chưa đạt ngưỡng.")
        if len(behind):
            behind["nhan"] = [f"{t} ({C.level_vi(lv)})" for t, lv in zip(behind["ten_don_vi"], behind["level"])]
            C.show(C.ranking_chart(behind, "nhan", "value", threshold=None if pd.isna(r.threshold) else r.threshold,
                                   n_col="denominator", title="Các đơn vị xa ngưỡng nhất"),
                   "Mười đơn vị chưa đạt có khoảng cách tới ngưỡng lớn nhất; số trong ngoặc là mẫu số (n), "
                   "✗ đánh dấu đơn vị dưới ngưỡng.")
            C.show_table(behind[["ten_don_vi", "level", "numerator", "denominator", "value", "thr"]],
                         formats={"level": "level", "numerator": "num", "denominator": "num", "value": "pct", "thr": "threshold"},
                         headers={"ten_don_vi": "Đơn vị", "level": "Cấp", "numerator": "Tử số", "denominator": "Mẫu số",
                                  "value": "Giá trị", "thr": "Ngưỡng"})
    else:
        nb.para("Chỉ tiêu này không tính theo đơn vị (danh mục TTHC dùng chung).", "note")

# %%
others = sc[sc["kind"] != "ratio"] if len(sc) else sc
if len(others):
    nb.h2("Chỉ tiêu theo dõi và nhiệm vụ")
    C.show_table(nb.scorecard_table(others))

# %%
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "plan_targets", "metric_values", "dim_metric", "dim_agency"],
          "Mỗi cấp gồm các hồ sơ, thủ tục hoặc đánh giá của đơn vị thuộc cấp đó; toàn tỉnh gồm các cấp trong phạm vi "
          "của chỉ tiêu. Đơn vị xa ngưỡng nhất được xếp theo khoảng cách (ngưỡng − giá trị), rồi theo mẫu số.")

ctx.close()

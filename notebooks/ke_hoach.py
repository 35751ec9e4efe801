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
plan_id = ""  # another loaded plan than the run's (default: the run's plan, run_params)

# %%
import html

import pandas as pd
from IPython.display import HTML, display

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi, plan_id)
w = ctx.words()
parts = ctx.sections()  # the plan's own headings (plan_sections), else one part "Mục tiêu"
targets = ctx.plan_targets()
sc = ctx.scorecard()
sc = sc[(sc["plan_id"] == ctx.run_plan_id()) & sc["target_id"].isin(targets["target_id"])] if len(sc) else sc
und = ctx.undelivered()
counts = ctx.lead_unit_counts()
plan = ctx.plan()
nb.header("Kế hoạch theo phần",
          f"{plan.get('title') or plan.get('plan_id') or 'Kế hoạch'} ({nb.plan_reference(ctx)}). " +
          nb.summary_sentence(sc, ctx, "chỉ tiêu của kế hoạch") +
          f" Các mục tiêu được trình bày theo {C.fmt_int(len(parts))} phần của kế hoạch, mỗi mục tiêu với nội dung như kế "
          "hoạch ghi, cơ quan chủ trì, phối hợp và, với nhiệm vụ có mốc và chỉ tiêu số đếm, các đơn vị chưa thực hiện"
          + (f" ({C.fmt_int(und['ma_don_vi'].nunique())} đơn vị trong kỳ)." if len(und) else "."), ctx)
display(HTML('<ul class="reports">' + "".join(
    f'<li><a href="#phan-{i}">{html.escape(str(t))}</a></li>' for i, t in enumerate(parts["title"], start=1)) + "</ul>"))


def show_target(t):
    rows = sc[sc["target_id"] == t.target_id] if len(sc) else sc
    head = rows[rows["group_key"].isna()] if len(rows) else rows
    verdict = C.status_vi(head["status"].iloc[0]) if len(head) else "chưa có số liệu"
    display(HTML(f"<h3>{html.escape(w.target(t.target_id))}: {html.escape(verdict)}</h3>"))
    nb.para("" if pd.isna(t.text) else str(t.text))
    nb.para(nb.leads_line(t, counts), "note")
    if len(rows):
        C.show_table(nb.scorecard_table(rows, with_text=False))
    if t.kind not in ("milestone", "count"):
        return
    u = und[und["target_id"] == t.target_id] if len(und) else und
    if len(u):
        nb.para(f"Đơn vị chưa thực hiện trong kỳ {C.fmt_period(ctx.period)} ({C.fmt_int(len(u))}):")
        display(HTML(nb.undelivered_html(u, ctx)))
    elif t.kind == "milestone" and not pd.isna(t.due_date) and pd.Timestamp(t.due_date).date() > ctx.as_of:
        nb.para(f"Chưa đến hạn ({C.fmt_date(t.due_date)}): chưa đơn vị nào bị coi là chưa thực hiện.", "note")
    else:
        nb.para("Không có đơn vị chủ trì hoặc được giao nào chưa thực hiện trong kỳ.", "note")


# %%
for i, part in enumerate(parts.itertuples(index=False), start=1):
    display(HTML(f'<h2 id="phan-{i}">{html.escape(str(part.title))}</h2>'))
    for t in ctx.section_targets(part.section_id).itertuples(index=False):
        show_target(t)

# %%
nb.readme(ctx, list(targets["metric_id"].dropna().unique()),
          ["plan_sections", "plan_targets", "plan_target_lead_units", "plan_undelivered_units", "plan_scorecard"],
          "Mục tiêu được trình bày theo phần (đề mục) của kế hoạch. Cơ quan chủ trì, phối hợp như kế hoạch ghi; số đơn vị "
          "là số đơn vị trong danh mục mà kế hoạch chỉ tới (theo cấp, loại, mã hoặc tên). Đơn vị phải thực hiện mốc nhiệm vụ "
          "là đơn vị chủ trì và đơn vị được giao trong sổ theo dõi nhiệm vụ; đơn vị chưa thực hiện là đơn vị chưa có dòng "
          "đến hạn hoặc có dòng đến hạn chưa hoàn thành đúng hạn. Với chỉ tiêu số đếm, đơn vị chủ trì có số lần trong kỳ "
          "dưới ngưỡng của đơn vị (không quá: vượt ngưỡng).")

ctx.close()

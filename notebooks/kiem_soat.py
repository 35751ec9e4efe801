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

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
w = ctx.words()
sc = ctx.scorecard()  # the plan's rows whose metric this page presents (dim_metric.report_section)
sc = sc[sc["metric_id"].isin(ctx.section_metrics("kiem_soat"))] if len(sc) else sc
P0, P1 = date(ctx.year, 1, 1), min(date(ctx.year, 12, 31), ctx.as_of)
nb.header("Kiểm soát thủ tục hành chính",
          nb.summary_sentence(sc, ctx, "nội dung kiểm soát TTHC") +
          " Trang này theo dõi rà soát và cắt giảm quy định, công bố và công khai danh mục TTHC, quy trình nội bộ, "
          "tiếp nhận và xử lý phản ánh kiến nghị, các nhiệm vụ có mốc thời gian và việc nộp báo cáo định kỳ.", ctx)


def part(title, section, note=None):
    """A section of the page: the scorecard rows of the metrics dim_metric puts in `section`."""
    nb.h2(title)
    s = sc[sc["metric_id"].isin(ctx.section_metrics(section))] if len(sc) else sc
    if len(s):
        C.show_table(nb.scorecard_table(s))
    else:
        nb.para("Chưa có số liệu.", "note")
    if note:
        nb.para(note, "note")
    return s


# %%
part("Rà soát, đơn giản hóa TTHC", "kiem_soat.ra_soat",
     "Tỷ lệ cắt giảm = tổng số quy định kiến nghị cắt giảm / tổng số quy định hiện hành của các phương án được phê duyệt trong kỳ; "
     "chi phí tuân thủ tương tự.")
rv = ctx.q("""SELECT coalesce(a.ten_don_vi, r.ma_don_vi) AS ten_don_vi, count(*) AS so_tthc, sum(so_quy_dinh) AS so_quy_dinh,
                     sum(so_quy_dinh_cat_giam) AS cat_giam, sum(chi_phi_truoc) AS chi_phi_truoc,
                     sum(chi_phi_truoc - coalesce(chi_phi_sau, chi_phi_truoc)) AS chi_phi_giam
              FROM core_rasoat r LEFT JOIN dim_agency a ON a.ma_don_vi = r.ma_don_vi
              WHERE r.ngay_phe_duyet BETWEEN $p0 AND $p1 GROUP BY ALL ORDER BY so_quy_dinh DESC""", {"p0": P0, "p1": P1}) \
    if ctx.has("core_rasoat") else pd.DataFrame()
if len(rv):
    rv["ty_le"] = rv["cat_giam"] / rv["so_quy_dinh"]
    C.show_table(rv, formats={"so_tthc": "int", "so_quy_dinh": "int", "cat_giam": "int", "chi_phi_truoc": "int",
                              "chi_phi_giam": "int", "ty_le": "pct"},
                 headers={"ten_don_vi": "Đơn vị rà soát", "so_tthc": "Số TTHC", "so_quy_dinh": "Số quy định",
                          "cat_giam": "Kiến nghị cắt giảm", "chi_phi_truoc": "Chi phí hiện tại (đồng/năm)",
                          "chi_phi_giam": "Chi phí cắt giảm (đồng/năm)", "ty_le": "Tỷ lệ cắt giảm quy định"},
                 caption="Phương án rà soát được phê duyệt trong kỳ, theo đơn vị")

# %%
cat = part("Công bố, công khai danh mục TTHC và quy trình nội bộ", "kiem_soat.cong_bo")
rows = []
for mid, lab in [("national_database_publication_rate", "Công khai trên CSDLQG"), ("public_posting_rate", "Niêm yết"),
                 ("internal_procedure_rate", "Quy trình nội bộ")]:
    m = ctx.monthly(mid, level="toan_tinh")
    for x in (m[m["value"].notna()].itertuples(index=False) if len(m) else []):
        rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": lab})
if rows:
    C.show(C.trend_chart(pd.DataFrame(rows), title="Danh mục TTHC theo tháng"),
           "Tỷ lệ TTHC công khai trên CSDLQG, tỷ lệ niêm yết và tỷ lệ TTHC nội bộ có quy trình nội bộ, theo danh mục "
           "mới nhất của từng tháng; mỗi đường có hình điểm và kiểu nét riêng.")

# %%
part("Tiếp nhận, xử lý phản ánh, kiến nghị", "kiem_soat.pakn",
     "Chuyển đúng hạn: trong 5 ngày làm việc kể từ ngày tiếp nhận; xử lý đúng hạn: có kết quả trong 15 ngày làm việc kể từ ngày chuyển.")
fb = ctx.q("""SELECT coalesce(a.ten_don_vi, p.ma_don_vi, 'Chưa chuyển') AS ten_don_vi, count(*) AS so_pakn,
                     count(*) FILTER (WHERE p.ngay_co_ket_qua_d IS NOT NULL) AS da_xu_ly
              FROM core_pakn p LEFT JOIN dim_agency a ON a.ma_don_vi = p.ma_don_vi
              WHERE p.thuoc_pham_vi AND p.ngay_tiep_nhan_d BETWEEN $p0 AND $p1 GROUP BY ALL ORDER BY so_pakn DESC LIMIT 15""",
           {"p0": P0, "p1": P1}) if ctx.has("core_pakn") else pd.DataFrame()
if len(fb):
    fb["ten_don_vi"] = [nb.unit_names(ctx).get(n, n) for n in fb["ten_don_vi"]]  # communes with their district
    C.show_table(fb, formats={"so_pakn": "int", "da_xu_ly": "int"},
                 headers={"ten_don_vi": "Đơn vị xử lý", "so_pakn": "PAKN thuộc phạm vi", "da_xu_ly": "Đã có kết quả"})

# %%
nb.h2("Nhiệm vụ có mốc thời gian và hoạt động kiểm soát TTHC")
ms = sc[sc["metric_id"].isin(ctx.section_metrics("kiem_soat.nhiem_vu"))] if len(sc) else sc
if len(ms):
    C.show_table(pd.DataFrame({"Nhiệm vụ": [w.target(t) for t in ms["target_id"]],
                               "Nội dung trong kế hoạch": ["" if pd.isna(t) else str(t) for t in ms["text"]],
                               "Hạn": [C.fmt_date(d) for d in ms["due_date"]],
                               "Giá trị": nb.value_texts(ms),
                               "Trạng thái": [C.status_vi(s) for s in ms["status"]]}))
    acts = ms[ms["unit"] == "count"].copy()  # the activity counts
    if len(acts) and acts["value"].fillna(0).sum() > 0:
        acts["nhan"] = [w.target(t) for t in acts["target_id"]]  # the activity's words: its target's name
        acts["value"] = acts["value"].fillna(0)
        C.show(C.bar_counts_chart(acts, "nhan", "value", title="Số hoạt động đã hoàn thành trong kỳ"),
               "Số lượng từng loại hoạt động kiểm soát TTHC đã hoàn thành trong kỳ theo sổ theo dõi nhiệm vụ; số ghi ở đầu thanh.")

# %%
part("Báo cáo định kỳ", "kiem_soat.bao_cao",
     "Báo cáo chưa nộp tính là trễ hạn.")
bc = ctx.q("""SELECT coalesce(a.ten_don_vi, b.ma_don_vi) AS ten_don_vi, b.ky_bao_cao, b.han_nop, b.ngay_nop,
                     CASE WHEN b.ngay_nop IS NULL THEN 'Chưa nộp' WHEN b.ngay_nop <= b.han_nop THEN 'Đúng hạn' ELSE 'Trễ hạn' END AS tinh_trang
              FROM core_baocao b LEFT JOIN dim_agency a ON a.ma_don_vi = b.ma_don_vi
              WHERE b.han_nop BETWEEN $p0 AND $p1 AND (b.ngay_nop IS NULL OR b.ngay_nop > b.han_nop)
              ORDER BY b.han_nop, ten_don_vi""", {"p0": P0, "p1": P1}) if ctx.has("core_baocao") else pd.DataFrame()
if len(bc):
    bc["ten_don_vi"] = [nb.unit_names(ctx).get(n, n) for n in bc["ten_don_vi"]]  # communes with their district
    C.show_table(bc, formats={"han_nop": "date", "ngay_nop": "date"},
                 headers={"ten_don_vi": "Đơn vị", "ky_bao_cao": "Kỳ báo cáo", "han_nop": "Hạn nộp", "ngay_nop": "Ngày nộp",
                          "tinh_trang": "Tình trạng"}, caption="Báo cáo trễ hạn hoặc chưa nộp")

# %%
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "metric_values", "core_rasoat", "core_pakn", "core_nhiemvu", "core_baocao", "dim_metric", "dim_agency"],
          "Chỉ tiêu danh mục đọc danh mục TTHC mới nhất xuất đến ngày cuối kỳ; ngày làm việc trừ thứ Bảy, Chủ nhật và ngày nghỉ "
          "theo lịch của cơ quan nhà nước; nhiệm vụ đạt khi mọi dòng đến hạn đều hoàn thành đúng hạn.")

ctx.close()

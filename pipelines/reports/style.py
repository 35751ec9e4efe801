"""The one style sheet of every report page (inlined: the site is read offline)."""

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;
 margin:0;background:#fff}
main{max-width:1100px;margin:0 auto;padding:8px 24px 40px}
nav.top{background:#0b3d62;color:#fff;padding:8px 24px;font-size:14px}
nav.top a{color:#fff;font-weight:bold;text-decoration:none;margin-right:16px}
nav.top .meta{opacity:.85}
footer{max-width:1100px;margin:0 auto;padding:12px 24px;color:#555;font-size:12px;border-top:1px solid #ddd}
h1{font-size:24px;color:#0b3d62;margin:18px 0 8px}
h2{font-size:19px;color:#0b3d62;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
h3{font-size:16px;margin:18px 0 6px}
p.summary{background:#f3f7fa;border-left:4px solid #0b3d62;padding:10px 14px}
p.note,.note{color:#555;font-size:13px}
table.data{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
table.data caption{text-align:left;font-weight:bold;padding:4px 0}
table.data th,table.data td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}
table.data th{background:#eef2f5;text-align:left}
table.data td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
figure.chart{margin:12px 0 20px}
figure.chart svg{max-width:100%;height:auto}
figure.chart figcaption{font-size:13px;color:#333;margin-top:4px;font-style:italic}
.readme{background:#fafafa;border:1px solid #e3e3e3;padding:6px 16px;margin-top:28px;font-size:13px}
.status-dat{color:#00634a;font-weight:bold}.status-chua_dat{color:#a33f00;font-weight:bold}
.jp-OutputArea-prompt,.jp-InputPrompt,.jp-OutputPrompt{display:none}
.jp-RenderedText pre{white-space:pre-wrap;font-size:12px}
ul.reports li{margin:6px 0}
"""

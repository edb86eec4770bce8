"""The report as one self-contained HTML page: plotly.js inlined, nothing fetched to open it."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from pipelines.analytics.report.charts import CHARTS
from pipelines.analytics.report.data import ReportData

STYLE = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
section{margin:1.5rem 0;border-top:1px solid #ddd;padding-top:.5rem}
.summary{color:#555}"""
CONFIG = {"displaylogo": False, "responsive": True}


def _section(figure: go.Figure, number: int) -> str:
    chart = figure.to_html(full_html=False, include_plotlyjs=False, config=CONFIG,
                           div_id=f"chart-{number}")
    return f'<section class="chart">{chart}</section>'


def render(data: ReportData, days: int, now: datetime | None = None) -> str:
    """The whole page for ``data`` (the last ``days`` days), as a string of HTML."""
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    summary = (f"{sum(data.stories_per_week.values())} relevant stories and "
               f"{sum(data.articles_per_week.values())} relevant articles since "
               f"{data.since:%Y-%m-%d} ({days} days); {len(data.runs)} recent runs.")
    sections = "\n".join(_section(chart(data), n) for n, chart in enumerate(CHARTS, 1))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>EV partnerships: crawl report {html.escape(when)}</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>EV partnerships: crawl report</h1>
<p class="summary">Made {html.escape(when)}. {html.escape(summary)}</p>
{sections}
</body></html>
"""

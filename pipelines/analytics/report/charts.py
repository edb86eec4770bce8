"""The report's charts as plotly figures (rendered in the page by plotly.js, Vega-free)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import plotly.graph_objects as go

from pipelines.analytics.report.data import ReportData

TOP_PAIRS = 15
TOP_SOURCES = 12
STATUS_COLOURS = {"finished": "#2e7d32", "partial": "#f9a825", "interrupted": "#ef6c00",
                  "failed": "#c62828", "killed": "#6a1b9a", "running": "#1565c0"}


def _layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    figure.update_layout(title=title, height=height, margin={"l": 60, "r": 20, "t": 50, "b": 50},
                         template="plotly_white", legend={"orientation": "h", "y": -0.2})
    return figure


def _empty(figure: go.Figure, title: str) -> go.Figure:
    figure.add_annotation(text="no data in this period", showarrow=False, x=0.5, y=0.5,
                          xref="paper", yref="paper", font={"size": 16})
    return _layout(figure, title)


def stories_per_week(data: ReportData) -> go.Figure:
    """Relevant stories (bars) and relevant articles (line) per ISO week."""
    title = "Relevant stories per week"
    figure = go.Figure()
    weeks = sorted(set(data.stories_per_week) | set(data.articles_per_week))
    if not weeks:
        return _empty(figure, title)
    labels = [f"{week:%Y-%m-%d}" for week in weeks]
    figure.add_bar(x=labels, y=[data.stories_per_week[w] for w in weeks], name="stories")
    figure.add_scatter(x=labels, y=[data.articles_per_week[w] for w in weeks],
                       name="relevant articles", mode="lines+markers")
    figure.update_xaxes(title="week starting (Monday, UTC)", type="category")
    return _layout(figure, title)


def top_pairs(data: ReportData) -> go.Figure:
    """The most mentioned automaker – technology company pairs (relevant articles)."""
    title = f"Most active company pairs (top {TOP_PAIRS})"
    figure = go.Figure()
    if not data.pairs:
        return _empty(figure, title)
    pairs = data.pairs.most_common(TOP_PAIRS)[::-1]  # the largest on top
    figure.add_bar(x=[n for _, n in pairs], y=[p for p, _ in pairs], orientation="h",
                   name="relevant articles")
    figure.update_xaxes(title="relevant articles")
    return _layout(figure, title, height=max(300, 28 * len(pairs) + 120))


def sources_per_day(data: ReportData) -> go.Figure:
    """Articles stored per source per day, stacked; small sources summed as 'other'."""
    title = "Articles per source per day"
    figure = go.Figure()
    totals: Counter[str] = Counter()
    for (site, _), count in data.per_source_day.items():
        totals[site] += count
    if not totals:
        return _empty(figure, title)
    kept = {site for site, _ in totals.most_common(TOP_SOURCES)}
    by_site: dict[str, Counter[Any]] = {}
    for (site, day), count in data.per_source_day.items():
        by_site.setdefault(site if site in kept else "other", Counter())[day] += count
    for site, days in sorted(by_site.items()):
        ordered = sorted(days)
        figure.add_bar(x=[f"{d:%Y-%m-%d}" for d in ordered], y=[days[d] for d in ordered],
                       name=site)
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title="day (UTC)", type="category", categoryorder="category ascending")
    return _layout(figure, title)


def _seed_label(seed: str, flagged: bool) -> str:
    parts = urlsplit(seed)
    label = f"{parts.netloc}{parts.path}"[:60]
    return f"⚠ SILENT {label}" if flagged else label


def seed_health(data: ReportData) -> go.Figure:
    """Articles found per seed and run; seeds flagged silent are marked."""
    title = "Seed health: articles found per run (⚠ = silent for several runs)"
    figure = go.Figure()
    if not data.seed_health:
        return _empty(figure, title)
    runs = sorted({row["run_id"] for row in data.seed_health})
    seeds = sorted({row["seed"] for row in data.seed_health})
    last = {row["seed"]: bool(row["silent_flagged"]) for row in data.seed_health}
    found = {(row["seed"], row["run_id"]): row["articles_found"] for row in data.seed_health}
    z = [[found.get((seed, run)) for run in runs] for seed in seeds]
    figure.add_heatmap(z=z, x=[f"run {run}" for run in runs],
                       y=[_seed_label(seed, last[seed]) for seed in seeds],
                       colorscale="Greens", texttemplate="%{z}", hoverongaps=False,
                       colorbar={"title": "found"})
    figure.update_xaxes(type="category")
    return _layout(figure, title, height=max(300, 26 * len(seeds) + 140))


def run_outcomes(data: ReportData) -> go.Figure:
    """The last runs: new and updated articles, errors, and each run's status."""
    title = "Last runs: outcome, new and updated articles, errors"
    figure = go.Figure()
    if not data.runs:
        return _empty(figure, title)
    labels = [f"run {run['id']} {run['started_at']:%m-%d %H:%M}" for run in data.runs]
    statuses = [run["status"] for run in data.runs]
    figure.add_bar(x=labels, y=[run["articles_new"] for run in data.runs], name="new",
                   marker_color=[STATUS_COLOURS.get(s, "#555") for s in statuses],
                   text=statuses, textposition="outside")
    figure.add_bar(x=labels, y=[run["articles_updated"] for run in data.runs], name="updated")
    figure.add_scatter(x=labels, y=[run["errors"] for run in data.runs], name="errors",
                       mode="lines+markers")
    figure.update_xaxes(type="category")
    return _layout(figure, title)


CHARTS = (stories_per_week, top_pairs, sources_per_day, seed_health, run_outcomes)

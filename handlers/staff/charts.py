"""The /stats chart: new members per week, points issued vs redeemed, purchases by tier, as one PNG.

Drawn with matplotlib's object API on an Agg canvas (no pyplot: no global figure state, safe in a worker
thread) and saved into memory. Labels are in the reader's language: matplotlib 3.11 shapes Persian and lays
it out right to left with its bundled DejaVu Sans, so no extra font or shaping library is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from loyalty.stats import StatsSeries, TierBasket

ISSUED, REDEEMED, MEMBERS = "#2e7d32", "#c62828", "#1565c0"


@dataclass(frozen=True)
class ChartTexts:
    title: str
    new_members: str
    points: str
    issued: str
    redeemed: str
    by_tier: str
    buckets: Sequence[str]  # one label per bucket of the series
    tiers: Sequence[str]  # one name per basket


def _ticks(labels: Sequence[str]) -> tuple[list[int], list[str]]:
    """At most about eight labelled ticks, so a year of weeks stays readable."""
    step = max(1, -(-len(labels) // 8))
    positions = list(range(0, len(labels), step))
    return positions, [labels[index] for index in positions]


def stats_chart(series: StatsSeries, baskets: Sequence[TierBasket], texts: ChartTexts) -> bytes:
    """The three panels as PNG bytes."""
    figure = Figure(figsize=(8, 9), dpi=100, layout="constrained")
    figure.suptitle(texts.title, fontsize=14)
    members, points, tiers = figure.subplots(3, 1)
    x = list(range(len(series.new_members)))
    positions, labels = _ticks(texts.buckets)

    members.bar(x, series.new_members, color=MEMBERS)
    members.set_title(texts.new_members)
    points.plot(x, series.points_issued, marker="o", color=ISSUED, label=texts.issued)
    points.plot(x, series.points_redeemed, marker="o", color=REDEEMED, label=texts.redeemed)
    points.set_title(texts.points)
    points.legend()
    for axes in (members, points):
        axes.set_xticks(positions, labels, fontsize=8)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 1,500,000 rather than 1.5 and "1e6"
        axes.grid(axis="y", alpha=0.3)

    counts = [basket.purchases for basket in baskets]
    tiers.barh(list(range(len(counts))), counts, color=ISSUED)
    tiers.set_yticks(list(range(len(counts))), list(texts.tiers))
    tiers.invert_yaxis()  # the first tier on top
    tiers.set_title(texts.by_tier)
    tiers.grid(axis="x", alpha=0.3)
    tiers.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()

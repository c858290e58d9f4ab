"""The soak's figures: latencies, counts of visits and of what went wrong, and the bot's RSS."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Figures:
    window: tuple[float, float] = (0.0, 0.0)  # perf_counter bounds of the measured part
    updates: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    visits: int = 0
    unanswered: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)  # a button or keyboard the bot should have shown
    refusals: Counter[str] = field(default_factory=Counter)
    signups: int = 0
    claims: int = 0
    cancelled: int = 0
    redeemed: int = 0
    replays: int = 0  # receipts sent again and answered "already recorded"
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds into the window, MiB)

    def answered(self, label: str, started: float, latency: float) -> None:
        if self.window[0] <= started < self.window[1]:
            self.latencies.setdefault(label, []).append(latency)

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]

"""The report: the figures printed, and the reasons the soak failed."""

from __future__ import annotations

import argparse

from bench.soaking.books import Books
from bench.soaking.figures import percentile
from bench.soaking.traffic import Soak


def report(soak: Soak, books: Books, bot_errors: list[str], options: argparse.Namespace) -> list[str]:
    """Print the figures; return the reasons the soak failed (none: it passed)."""
    figures, tracker = soak.figures, soak.tracker
    duration = figures.window[1] - figures.window[0]
    print(f"\n{'action':<20} {'updates':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for label, values in sorted(figures.latencies.items(), key=lambda item: -len(item[1])):
        p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
        print(f"{label:<20} {len(values):>9,} {p50:>8.1f} {p99:>8.1f}")
    every = figures.all_latencies()
    p50, p99 = percentile(every, 0.5) * 1000, percentile(every, 0.99) * 1000
    print(f"{'all':<20} {len(every):>9,} {p50:>8.1f} {p99:>8.1f}")
    print(f"\nthroughput     {len(every) / duration:,.1f} updates/s over {duration / 60:.1f} min")
    print(f"latency        p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(every, default=0) * 1000:.0f} ms")
    rss_start, rss_end = figures.rss[0][1], figures.rss[-1][1]
    growth = rss_end - rss_start
    print(
        f"bot RSS        {rss_start:.1f} MiB at start, {rss_end:.1f} MiB at end "
        f"({growth:+.1f} MiB, bound {options.rss_bound_mb:g} MiB)"
    )
    print(f"RSS samples    {', '.join(f'{mib:.0f}' for _, mib in figures.rss)} MiB")
    refusals = ", ".join(f"{label} {count}" for label, count in figures.refusals.items()) or "none"
    print(
        f"visits         {figures.visits:,} ({figures.updates:,} updates in all, warm-up included); "
        f"signups in the chat {figures.signups}; vouchers claimed {figures.claims}, cancelled {figures.cancelled}, "
        f"redeemed {figures.redeemed}; refusals: {refusals}"
    )
    repeats = [receipt for receipt, sends in soak.receipt_sends.items() if sends > 1]
    print(
        f"books          {books.members:,} members, {len(books.mismatched)} balances differing from their ledger; "
        f"{len(books.receipts):,} receipts recorded, {len(repeats):,} sent twice or more, "
        f"{books.credited_twice} purchases credited twice; {figures.replays} resends answered 'already recorded'"
    )
    print(
        f"errors         unanswered {figures.unanswered.total()}, wrong or missing answers {figures.missing.total()}, "
        f"apologies {tracker.apologised}, flood warnings {tracker.throttled}, "
        f"failing Bot API calls {tracker.api_errors.total()}, errors in the bot's log {len(bot_errors)}"
    )
    failures = []
    if growth > options.rss_bound_mb:
        failures.append(f"RSS grew {growth:.1f} MiB (bound {options.rss_bound_mb})")
    for name, counter in (("unanswered", figures.unanswered), ("missing", figures.missing)):
        if counter:
            failures.append(f"{name}: {dict(counter)}")
    if tracker.apologised or tracker.throttled:
        failures.append(f"apologies {tracker.apologised}, flood warnings {tracker.throttled}")
    if tracker.api_errors:
        failures.append(f"failing Bot API calls: {dict(tracker.api_errors)}")
    if bot_errors:
        failures.append(f"{len(bot_errors)} errors in the bot's log, e.g. {bot_errors[0]}")
    if books.mismatched:
        failures.append(f"balance != ledger sum (member, balance, ledger): {books.mismatched[:5]}")
    if books.credited_twice:
        failures.append(f"{books.credited_twice} purchases credited more than once")
    if books.receipts != set(soak.receipt_sends):
        failures.append(f"receipts sent but not recorded: {sorted(set(soak.receipt_sends) - books.receipts)[:5]}")
    if books.joined != figures.signups:
        failures.append(f"{figures.signups} signups finished in the chat, {books.joined} members")
    print("\n" + ("FAIL\n  " + "\n  ".join(failures) if failures else "PASS"))
    return failures

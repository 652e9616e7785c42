"""The TUI's balance view and warnings bar say what the planning package says (issue 17, point 8).

A bonding share just below its target shows below it (14.7 %, not 15 %),
the score is not 100 beside a balance warning, and it says how many of the
warnings it counts.  Fails on the code before: "bonding 15 % … (target ≥ 15 %)"
and "balance 100/100" with no count.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.tui.conftest import opened, run, screen_text, shown, view
from tests.unit.plan_helpers import at, ev, make_trip
from tripplan.files.encode import dumps
from tripplan.tui.screens.balance_view import BalanceScreen


def near_target(tmp_path: Path) -> Path:
    """One 10-hour working day whose bonding is 89.4 min of it: 14.9 %, a day score of 99.7."""
    end = at(8, 19)
    split = end - timedelta(seconds=5364)
    trip = make_trip([ev("work", "meeting", at(8, 9), split), ev("drinks", "social-outing", split, end)],
                     start=date(2027, 3, 8), end=date(2027, 3, 8))
    path = tmp_path / "near.toml"
    path.write_text(dumps(trip), encoding="utf-8")
    return path


def test_balance_view_and_bar_never_round_across_the_target(tmp_path: Path) -> None:
    async def body() -> None:
        async with opened(near_target(tmp_path), size=(160, 40)) as (app, pilot):
            assert await shown(app, pilot, "balance 99/100 · 1 warning, about balance"), screen_text(app)
            screen = await view(app, pilot, "b")
            assert isinstance(screen, BalanceScreen) and screen.balance is not None
            assert screen.balance.score == 99
            text = screen_text(app)
            assert "Balance 99/100" in text and "✗ bonding 14.9 % of scheduled time (target ≥ 15 %)" in text, text
            assert "Warnings · 1 warning, about balance" in text, text
            [finding] = screen.findings
            assert "is 14.9 % of the scheduled 10 h (target 15 %)" in finding.message
    run(body)

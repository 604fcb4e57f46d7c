"""`make run`'s status line redraws itself on a terminal instead of scrolling."""

from __future__ import annotations

from mediamon.status import PipelineStatus, in_place


def test_the_line_returns_to_column_zero_and_clears_what_a_longer_line_left() -> None:
    drawn = in_place("fetched 3 | enriched 3", 80)
    assert drawn.startswith("\r\x1b[2K") and drawn.endswith("fetched 3 | enriched 3")
    assert "\n" not in drawn


def test_a_line_wider_than_the_terminal_is_cut_so_it_never_wraps() -> None:
    line = PipelineStatus(fetched=120000, enriched=119000, indexed=118000, dead_lettered=3,
                          mentions={"CSTO": 4100, "SMO": 22000}).line()
    visible = in_place(line, 40).removeprefix("\r\x1b[2K")
    assert len(visible) == 39 and line.startswith(visible)

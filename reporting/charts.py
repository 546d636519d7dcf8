"""The geometry of the hand-written SVG bar chart (reporting/templates/reporting/
bar_chart.html): bars scaled to the largest value, with a few gridlines."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 260
LEFT = 48  # room for the axis labels
BOTTOM = 40  # room for the month labels
TOP = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Gridline:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    gridlines: list[Gridline]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def _step(top: int) -> int:
    """A round gridline interval giving at most 5 lines up to `top`."""
    step = 1
    while top / step > 5:
        for multiple in (2, 5, 10):
            if top / (step * multiple) <= 5:
                return step * multiple
        step *= 10
    return step


def bar_chart(points: list[tuple[str, int]]) -> BarChart:
    """A bar for each (label, value), left to right."""
    plot_height = HEIGHT - BOTTOM - TOP
    step = _step(max([v for _, v in points] + [1]))
    top = max([v for _, v in points] + [1])
    top = ((top + step - 1) // step) * step
    slot = (WIDTH - LEFT) / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        height = plot_height * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(LEFT + i * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
            )
        )
    gridlines = [
        Gridline(value, round(TOP + plot_height - plot_height * value / top, 1))
        for value in range(0, top + 1, step)
    ]
    return BarChart(bars, gridlines)

"""A group's metrics: per container, CPU and memory sparklines over the last hour.

The panel reads the backend's history once (Azure: the last hour), then
follows its live readings (Docker: every second; Azure: each minute) for as
long as it is mounted; removing it (leaving the detail) stops the readers.
Each container's line names its limit; a figure above 80 % of it is coloured.
"""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Sparkline, Static

from acitui.backends.base import Backend
from acitui.metrics_format import cpu_cell, memory_cell, size
from acitui.model import ContainerGroup, GroupRef, MetricSample
from acitui.sanitize import sanitize_name

#: Readings kept per container: an hour of Docker's one-second readings.
KEEP = 3600
#: Share of a limit from which a figure is a warning, then an error.
WARN, ERROR = 80.0, 95.0


def level(share: float | None) -> str:
    """How a share of a limit is coloured: "" below 80 %, ``warning`` above, ``error`` at 95."""
    if share is None or share < WARN:
        return ""
    return "error" if share >= ERROR else "warning"


def _limits(group: ContainerGroup, name: str) -> str:
    spec = group.container(name)
    if spec is None:
        return ""
    cpu = f"{spec.cpu:g} CPU" if spec.cpu else "no CPU limit"
    memory = size(spec.memory_gb * 1024**3) if spec.memory_gb else "no memory limit"
    return f"limit {cpu}, {memory}"


class ContainerMetrics(Vertical):
    """One container: a line of current figures and its limit, then two sparklines."""

    DEFAULT_CSS = """
    ContainerMetrics { height: auto; margin-bottom: 1; }
    ContainerMetrics > .metrics-caption { color: $text-muted; }
    ContainerMetrics > Sparkline { height: 2; }
    ContainerMetrics > .metrics--warning { color: $warning; }
    ContainerMetrics > .metrics--error { color: $error; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"metrics--warning", "metrics--error"}

    def __init__(self, name: str, limits: str) -> None:
        super().__init__(classes="container-metrics")
        self.container = name
        self.limits = limits
        self.cpu: deque[float] = deque(maxlen=KEEP)
        self.memory: deque[float] = deque(maxlen=KEEP)
        self.latest: MetricSample | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="metrics-title")
        yield Static(Text("CPU, % of limit (scaled to the hour's peak)"), classes="metrics-caption")
        yield Sparkline([], classes="cpu")
        yield Static(Text("memory, % of limit"), classes="metrics-caption")
        yield Sparkline([], classes="memory")

    def add(self, samples: list[MetricSample]) -> None:
        for s in samples:
            self.cpu.append(s.cpu_percent if s.cpu_percent is not None else 0.0)
            self.memory.append(s.memory_percent if s.memory_percent is not None else 0.0)
            self.latest = s
        if self.is_mounted:
            self.redraw()

    def on_mount(self) -> None:
        self.redraw()

    def _style(self, share: float | None) -> Style | str:
        name = level(share)
        return self.get_component_rich_style(f"metrics--{name}") if name else ""

    def redraw(self) -> None:
        title = Text(sanitize_name(self.container), style="bold")
        s = self.latest
        title.append("  CPU ")
        title.append(cpu_cell(s), style=self._style(s.cpu_percent if s else None))
        title.append("  memory ")
        title.append(memory_cell(s), style=self._style(s.memory_percent if s else None))
        if s is not None and s.rx_bytes_per_s is not None:
            rx, tx = size(s.rx_bytes_per_s, "/s"), size(s.tx_bytes_per_s, "/s")
            title.append(f"  net ↓{rx} ↑{tx}")
        if self.limits:
            title.append(f"  ({self.limits})", style="italic")
        self.query_one(".metrics-title", Static).update(title)
        self.query_one(".cpu", Sparkline).data = list(self.cpu)
        self.query_one(".memory", Sparkline).data = list(self.memory)


class MetricsPanel(VerticalScroll):
    """Metrics of one group's containers, read while mounted."""

    DEFAULT_CSS = """
    MetricsPanel { height: 1fr; }
    MetricsPanel > #metrics-note { color: $text-muted; }
    """
    can_focus = True

    class Updated(Message):
        """New readings arrived (the group's newest, one per container)."""

        def __init__(self, ref: GroupRef, samples: list[MetricSample]) -> None:
            super().__init__()
            self.ref = ref
            self.samples = samples

    def __init__(self, group: ContainerGroup, backend: Backend, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.group = group
        self.backend = backend
        self.started = False

    def compose(self) -> ComposeResult:
        note = (
            "Waiting for the first reading…"
            if self.backend.capabilities.metrics
            else "This backend does not report metrics."
        )
        yield Static(Text(note), id="metrics-note")

    def start(self) -> None:
        """Begin reading (once): the history, then the live readings."""
        if self.started or not self.backend.capabilities.metrics:
            return
        self.started = True
        self.run_worker(self._read(), group="metrics", exclusive=True, exit_on_error=False)

    async def _read(self) -> None:
        ref = self.group.ref
        history = await self.backend.metrics_history(ref, 60)
        if history:
            self._add(history)
        readings = self.backend.metrics(ref)
        try:
            async for batch in readings:
                self._add(batch)
        finally:
            await readings.aclose()  # type: ignore[attr-defined]

    def _add(self, samples: list[MetricSample]) -> None:
        by_name: dict[str, list[MetricSample]] = {}
        for s in samples:
            by_name.setdefault(s.container, []).append(s)
        shown = {w.container: w for w in self.query(ContainerMetrics)}
        for name, own in by_name.items():
            widget = shown.get(name)
            if widget is None:
                widget = ContainerMetrics(name, _limits(self.group, name))
                self.mount(widget)
            widget.add(own)
        newest = [w.latest for w in self.query(ContainerMetrics) if w.latest is not None]
        note = self.query_one("#metrics-note", Static)
        when = max(s.time for s in newest)
        note.update(Text(f"Last hour · newest reading {when:%H:%M:%S} UTC"))
        self.post_message(self.Updated(self.group.ref, newest))

    def latest_samples(self) -> list[MetricSample]:
        """Each container's newest reading so far."""
        return [w.latest for w in self.query(ContainerMetrics) if w.latest is not None]

    def samples_of(self, name: str) -> list[float]:
        """The CPU shares kept for a container (for tests and the help text)."""
        for w in self.query(ContainerMetrics):
            if w.container == name:
                return list(w.cpu)
        return []

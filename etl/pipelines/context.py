"""What a pipeline gets from the runner, and what it reports back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from catalogues.settings import Settings
from etl.http import HttpClient
from etl.store import UpsertStats


@dataclass
class RunContext:
    """One source's run: settings, live or offline, a progress callback and the clock."""

    settings: Settings
    offline: bool
    now: datetime
    make_client: Callable[..., HttpClient]
    # Callbacks whose return value is ignored (tqdm's update returns one).
    progress: Callable[[int], object] = lambda n: None
    set_total: Callable[[int], object] = lambda n: None
    # The operator confirmed that a large delete is real (--allow-shrink): no shrink guard.
    allow_shrink: bool = False

    @property
    def mode(self) -> str:
        return "offline" if self.offline else "live"


@dataclass
class SourceResult:
    """A finished pipeline's counts, for the run log and the one-line summary."""

    stats: UpsertStats
    kind: str
    requests: int
    origin: str
    notes: list[str] = field(default_factory=list)
    # What `status` should show until the next run (e.g. a KPI answered empty on a full load).
    warnings: list[str] = field(default_factory=list)

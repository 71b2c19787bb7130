"""Measuring helpers shared by the benchmark scripts: peak memory, percentiles, script CPU."""

from __future__ import annotations

import resource
import time


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def record_script_cpu() -> list[float]:
    """Append the CPU seconds of every Streamlit script run to the returned list.

    On a shared, busy machine wall time mostly measures waiting for a core; the script
    thread's CPU time is what the page itself costs.
    """
    from streamlit.runtime.scriptrunner import script_runner

    cpu: list[float] = []
    original = script_runner.ScriptRunner._run_script

    def timed(self, *args, **kwargs):
        start = time.thread_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            cpu.append(time.thread_time() - start)

    script_runner.ScriptRunner._run_script = timed
    return cpu

"""The analysis queue: a slot per worker, a bounded wait, a time limit on the work itself."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from unspun.server.safety import AnalysisQueue, AnalysisTimeout, ServerBusy


def test_full_queue_answers_busy_and_limit_covers_only_the_work() -> None:
    queue = AnalysisQueue(workers=1, max_waiting=1)
    release = threading.Event()
    outcomes: dict[str, object] = {}

    async def scenario() -> None:
        async def occupy() -> None:
            outcomes["first"] = await queue.run(lambda: release.wait(10) and "first done", 5)

        async def wait_then_run() -> None:
            # queued behind `occupy` for longer than its own limit, yet it succeeds: the wait is not timed
            outcomes["second"] = await queue.run(lambda: "second done", 1.0)

        async with anyio.create_task_group() as tg:
            tg.start_soon(occupy)
            await anyio.sleep(0.1)
            tg.start_soon(wait_then_run)
            await anyio.sleep(0.1)
            with pytest.raises(ServerBusy):
                await queue.run(lambda: "third", 5)
            await anyio.sleep(2.0)  # twice the second one's limit
            release.set()
        with pytest.raises(AnalysisTimeout):
            await queue.run(lambda: time.sleep(1), 0.05)

    anyio.run(scenario)
    assert outcomes == {"first": "first done", "second": "second done"}

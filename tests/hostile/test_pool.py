"""The parse pool: a runaway task is stopped by its time or memory budget, its worker is killed and
never reused, and the pool goes on serving (issue 15, item 2)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import pytest

from govwatch.extract import extract
from govwatch.extract.pool import ParseFailed, ParsePool


def spin(_: int) -> None:
    while True:
        pass


def balloon(n: int) -> bytes:
    return b"x" * n


def pid(_: int) -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def pool() -> Iterator[ParsePool]:
    with ParsePool(1, timeout=2, memory_mb=768) as p:
        yield p


def test_small_pages_are_parsed(pool: ParsePool) -> None:
    res = pool.run(extract, "<html><body><div class='TRS_Editor'><p>法治政府建设情况。</p></div></body></html>",
                   "http://x.gov.cn/a.html")
    assert res.paragraphs == ["法治政府建设情况。"]


def test_a_runaway_task_is_killed_and_its_worker_replaced(pool: ParsePool) -> None:
    before = pool.run(pid, 0)
    assert pool.run(pid, 0) == before  # a healthy worker is reused
    t0 = time.monotonic()
    with pytest.raises(ParseFailed) as err:
        pool.run(spin, 0)
    assert err.value.kind == "timeout" and time.monotonic() - t0 < 30
    after = pool.run(pid, 0)
    assert after != before  # the hung worker was not reused
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)


def test_memory_budget(pool: ParsePool) -> None:
    with pytest.raises(ParseFailed) as err:
        pool.run(balloon, 2_000_000_000)
    assert err.value.kind == "memory"
    assert pool.run(balloon, 10) == b"x" * 10


def test_errors_come_back_as_exceptions(pool: ParsePool) -> None:
    with pytest.raises(ZeroDivisionError):
        pool.run(divmod, 1, 0)


def test_cancelling_the_caller_kills_the_worker() -> None:
    with ParsePool(1, timeout=3600, memory_mb=768) as p:
        worker = p.run(pid, 0)

        async def go() -> None:
            task = asyncio.create_task(p.call(spin, 0))
            await asyncio.sleep(1.0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        t0 = time.monotonic()
        asyncio.run(asyncio.wait_for(go(), 30))
        assert time.monotonic() - t0 < 30
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the cancelled parse's worker is still alive")

"""Worker processes that outlive each other: a batch goes on when one of them dies.

concurrent.futures' process pool fails every pending file once a single worker dies (the OS killed
it for lack of memory, a C extension crashed). Here each worker reports every file as it finishes
it, so the parent knows which file a dead worker was reading: that file alone is reported as failed,
the rest of its share goes back to the queue, a new worker takes its place, and results still come
out in input order.
"""
from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

R = TypeVar("R")


def _die_with_parent() -> None:
    """A worker ends when its parent does, even by SIGKILL (cron's timeout, the OOM killer): with fork
    it holds the parent's ends of the pipes too, so it would never see them close."""
    import os
    import signal
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)


def _serve(conn: Connection, fn: Callable[..., Any]) -> None:
    _die_with_parent()
    try:
        while True:
            batch = conn.recv()
            if batch is None:
                return
            for index, args in batch:
                conn.send((index, fn(*args)))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        return


class _Worker:
    def __init__(self, context: Any, fn: Callable[..., Any]):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.holding: deque[int] = deque()  # indices sent to it and not yet reported back
        self.since = time.monotonic()  # when it began the item it is on (holding[0])

    def stop(self, now: bool = False) -> None:
        """Ask the worker to finish (after a whole batch), or end it at once (the run was interrupted)."""
        if now:
            self.process.terminate()
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=0.5 if now else 5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.conn.close()


def imap_in_order(fn: Callable[..., R], args: Sequence[tuple], jobs: int, chunk: int,
                  on_death: Callable[[int, int | None], R], given: dict[int, R] | None = None,
                  time_limit: float | None = None, on_timeout: Callable[[int], R] | None = None) -> Iterator[R]:
    """fn(*args[i]) for every i, computed in `jobs` processes, yielded in input order.

    When a worker dies while computing item i, on_death(i, exit code) stands in for its result; when
    it spends more than `time_limit` seconds on one item, the worker is ended and on_timeout(i) stands
    in for it. `given` holds results already known (computed by the caller), which no worker redoes.
    """
    context = multiprocessing.get_context()
    done: dict[int, R] = dict(given or {})
    queue = deque(i for i in range(len(args)) if i not in done)
    next_out = 0
    workers = [_Worker(context, fn) for _ in range(min(jobs, len(queue)))]
    try:
        while next_out < len(args):
            for w in workers:
                # A worker down to its last item gets its next share now, so it never waits for the
                # parent; shares shrink as the queue drains, so no worker is left alone with a long tail.
                if len(w.holding) <= 1 and queue:
                    size = max(1, min(chunk, len(queue) // (2 * len(workers))))
                    share = [queue.popleft() for _ in range(size)]
                    if not w.holding:
                        w.since = time.monotonic()
                    w.holding.extend(share)
                    try:
                        w.conn.send([(i, args[i]) for i in share])
                    except OSError:
                        pass  # it died; its sentinel says so below
            busy = [w for w in workers if w.holding]
            if not busy:  # cannot happen while items are missing; never wait on nothing
                raise RuntimeError(f"worker pool lost items {sorted(set(range(len(args))) - done.keys())[:5]}")
            timeout = None if time_limit is None else max(0.0, min(w.since for w in busy) + time_limit - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for k, w in enumerate(workers):
                if w is None:
                    continue
                overdue = time_limit is not None and bool(w.holding) and time.monotonic() - w.since > time_limit
                if w.conn not in ready and w.process.sentinel not in ready and not overdue:
                    continue
                try:
                    while w.conn.poll():
                        index, result = w.conn.recv()
                        w.holding.remove(index)
                        done[index] = result
                        w.since = time.monotonic()  # (it starts its next item now)
                except (EOFError, OSError):
                    pass
                if overdue and w.holding and time.monotonic() - w.since > time_limit and w.process.is_alive():
                    w.process.kill()  # stuck in C code (a PDF parser) a signal handler would never run in
                    w.process.join()
                    culprit = w.holding.popleft()
                    done[culprit] = on_timeout(culprit) if on_timeout else on_death(culprit, None)
                    queue.extendleft(reversed(w.holding))
                    w.holding.clear()
                if not w.process.is_alive():
                    w.process.join()
                    if w.holding:
                        culprit = w.holding.popleft()
                        done[culprit] = on_death(culprit, w.process.exitcode)
                        queue.extendleft(reversed(w.holding))
                    w.conn.close()
                    workers[k] = _Worker(context, fn) if queue else None
            workers = [w for w in workers if w is not None]
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or the consumer stopped: workers end now
        for w in workers:
            w.stop(now=True)
        workers = []
        raise
    finally:
        for w in workers:
            w.stop()

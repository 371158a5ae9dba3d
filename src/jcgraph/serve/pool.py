"""A bounded pool of query worker processes, each holding the graph, with a hard time limit.

A query is sent to an idle worker; if no answer comes within the time limit the worker
is killed (SIGKILL: a running pyoxigraph query ignores everything else) and a fresh one
is started in the background, while the other workers go on answering. The pool's size
bounds how many queries run at once; requests beyond that wait for a worker, and are
turned away when too many already wait.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jcgraph.serve.worker import Answer, Query, Ready, Rows, Settings, Update, main

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess


MAX_WAITING = 64  # requests that may wait for a free worker; more are turned away


class Busy(Exception):
    """Every worker is taken and too many requests already wait (answer 503)."""


class TimedOut(Exception):
    """The query ran past the time limit; its worker was killed (answer 503)."""


class WorkerLost(Exception):
    """The worker died while answering (out of memory, a crash); it is being replaced."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    applied: int  # how many of the pool's updates this worker's graph holds


class Pool:
    """``size`` worker processes over the graph described by ``settings``.

    Args:
        settings: which engine and which build-cache files the workers open.
        size: how many workers, i.e. how many queries run at once.
        timeout: seconds a query may run before its worker is killed.
        max_waiting: how many requests may wait for a worker before new ones get ``Busy``.
        start_timeout: seconds a new worker may take to load the graph.
    """

    def __init__(
        self,
        settings: Settings,
        size: int = 2,
        timeout: float = 10.0,
        max_waiting: int = MAX_WAITING,
        start_timeout: float = 120.0,
    ) -> None:
        self.settings = settings
        self.size = size
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.graphs: tuple[str, ...] = ()
        self.killed = 0  # workers killed for running past the time limit
        self.died = 0  # workers that died while answering (memory limit, a crash)
        self.failed_starts = 0  # replacements that could not load the graph
        self.start_error: str | None = None  # why the latest replacement failed, until one works
        self.why_online: str | None = None  # why the workers could not leave the network
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._waiting = threading.BoundedSemaphore(max_waiting)
        self._updates: list[Update] = []
        self._update_lock = threading.Lock()
        self._stopping = threading.Event()
        self._all: set[_Worker] = set()
        self._all_lock = threading.Lock()

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        starting = [self._spawn() for _ in range(self.size)]
        for process, conn, applied in starting:
            worker = self._await_ready(process, conn, applied)
            self._idle.put(worker)

    def _spawn(self) -> tuple[BaseProcess, Connection, int]:
        parent, child = self._context.Pipe()
        settings = replace(self.settings, updates=tuple(self._updates))
        process = self._context.Process(
            target=main, args=(child, settings), name="jcgraph-worker", daemon=True
        )
        process.start()
        child.close()
        return process, parent, len(settings.updates)

    def _await_ready(self, process: BaseProcess, conn: Connection, applied: int) -> _Worker:
        if not conn.poll(self.start_timeout):
            process.kill()
            raise RuntimeError(f"a worker did not load the graph within {self.start_timeout} s")
        try:
            ready = conn.recv()
        except EOFError:
            raise RuntimeError(
                f"a worker died while loading the graph (exit {process.exitcode})"
            ) from None
        assert isinstance(ready, Ready)
        self.graphs = ready.graphs
        self.why_online = ready.why_online
        worker = _Worker(process, conn, applied)
        with self._all_lock:
            self._all.add(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        """Reap ``dead`` and start a worker in its place, in the background."""
        with self._all_lock:
            self._all.discard(dead)

        def run() -> None:
            dead.process.join(5)
            dead.conn.close()
            delay = 0.5
            while not self._stopping.is_set():
                try:
                    fresh = self._await_ready(*self._spawn())
                except Exception as exc:  # keep trying: a pool must not shrink for good
                    self.failed_starts += 1
                    self.start_error = str(exc)
                    print(f"jcgraph serve: restarting a worker failed: {exc}", file=sys.stderr)
                    time.sleep(delay)
                    delay = min(delay * 2, 30)
                    continue
                self.start_error = None
                if self._stopping.is_set():
                    fresh.process.kill()
                else:
                    self._idle.put(fresh)
                return

        threading.Thread(target=run, name="jcgraph-respawn", daemon=True).start()

    def _checkout(self, wait: float) -> _Worker:
        if not self._waiting.acquire(blocking=False):
            raise Busy("too many requests are waiting for a query worker")
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"no query worker became free within {wait:.0f} s") from None
        finally:
            self._waiting.release()
        self._catch_up(worker)
        return worker

    def _catch_up(self, worker: _Worker) -> None:
        """Apply the updates this worker has not seen yet."""
        while worker.applied < len(self._updates):
            self._exchange(worker, self._updates[worker.applied], self.start_timeout)
            worker.applied += 1

    def _exchange(self, worker: _Worker, task: Any, limit: float) -> Answer:
        """Send one task and wait for its answer; kill and replace the worker on time-out."""
        try:
            worker.conn.send(task)
            if worker.conn.poll(limit):
                answer = worker.conn.recv()
                assert isinstance(answer, Answer)
                return answer
        except (EOFError, OSError):
            worker.process.join(2)
            self.died += 1
            self._replace(worker)
            raise WorkerLost(self._death(worker.process.exitcode)) from None
        worker.process.kill()
        self.killed += 1
        self._replace(worker)
        raise TimedOut(f"the query ran longer than {limit:g} s and was stopped")

    def _death(self, code: int | None) -> str:
        """Why a worker died, as the client is told."""
        limit = self.settings.max_memory_mib
        if code == -signal.SIGABRT and limit:
            return f"the query needed more than the worker's memory limit of {limit} MiB"
        return f"the query worker died (exit code {code})"

    @property
    def alive(self) -> int:
        """Workers running now (fewer while a dead or killed one is being replaced)."""
        with self._all_lock:
            return len(self._all)

    def run(self, task: Query | Rows, timeout: float | None = None) -> Answer:
        """Run one task on a free worker within the time limit.

        Raises:
            Busy: no worker became free in time.
            TimedOut: the task ran past the limit (its worker was killed and is replaced).
            WorkerLost: the worker died while answering.
        """
        limit = self.timeout if timeout is None else timeout
        worker = self._checkout(wait=max(limit, 5.0))
        answer = self._exchange(worker, task, limit)
        self._idle.put(worker)
        return answer

    def update(self, sparql: str, base: str | None = None) -> Answer:
        """Apply an update on one worker; once it succeeds every worker applies it too."""
        task = Update(sparql, base)
        with self._update_lock:
            worker = self._checkout(wait=max(self.timeout, 5.0))
            try:
                answer = self._exchange(worker, task, self.timeout)
            except (TimedOut, WorkerLost):
                raise
            if answer.status < 300:
                self._updates.append(task)
                worker.applied = len(self._updates)
            self._idle.put(worker)
            return answer

    def close(self) -> None:
        """Stop every worker."""
        self._stopping.set()
        with self._all_lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.conn.close()
            worker.process.kill()
        for worker in workers:
            worker.process.join(5)

"""Worker processes for the dataset inspector: a large JSON Lines file read on every CPU.

`advisor.core.dataset.inspect` cuts the file into byte ranges; a worker checks the lines that
start in a range (`_scan_range`) and sends back a `_Part`; the parent merges the parts in file
order (`_Scan.merge`), which is where everything order-dependent happens: duplicates and
validation overlap are probed there, digest by digest, so the report is the serial one.

Why fresh interpreters started with `subprocess` (the `spawn` model) rather than
`multiprocessing`:

- The digests are Python's `hash()`, salted per interpreter. Every worker must use the same
  salt, so each is started with the same random `PYTHONHASHSEED` in its environment (passed to
  `Popen`, not written to `os.environ`); the parent never compares its own hashes with theirs
  (which is why the validation file goes through the workers too). `multiprocessing`'s spawn
  would pass the interpreter's `-E`/`-I` flags on, making the children ignore that variable.
- Nothing is inherited: no forked threads or locks (safe from the TUI's threads, and the same
  on macOS and Windows), and nothing imported but `advisor.core.dataset` and the stdlib: no
  resource-tracker process, no re-import of the parent's `__main__` (the `advisor` script
  would import the CLI). Measured here: two workers ready in ~50 ms, against ~80 ms.
- Every result carries `hash()` of a fixed string; if two workers disagree (a seed that did
  not take), `WorkerFailed` is raised and the caller reads the file itself.

Memory stays bounded: at most `DEPTH` ranges per worker are in flight or waiting to be merged,
and a range is at most `dataset._PAR_CHUNK` bytes.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess
    import threading
    from queue import SimpleQueue

    from advisor.core.dataset import _Part

DEPTH = 2
"""Ranges given to a worker ahead of its results: one to work on, one queued behind it."""

_CHILD = """\
import pickle, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
src, out = sys.stdin.buffer, sys.stdout.buffer
sys.stdout = sys.stderr  # stdout carries results only
sys.path[:] = pickle.load(src)
from advisor.core.dataset_parallel import serve
serve(src, out)
"""


class WorkerFailed(Exception):
    """A worker process died, raised, or hashes differently: read the file serially instead."""


def serve(src: IO[bytes], out: IO[bytes]) -> None:
    """A worker's loop: read (index, range task) until end of input, send back results."""
    from advisor.core.dataset import _scan_range

    handles: dict[str, IO[bytes]] = {}
    try:
        while True:
            try:
                index, *task = pickle.load(src)
            except EOFError:
                return
            try:
                message: tuple[str, int, Any] = ("ok", index, _scan_range(*task, handles))
            except Exception:
                import traceback

                message = ("error", index, traceback.format_exc())
            pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
    finally:
        for handle in handles.values():
            handle.close()


class Pool:
    """`size` worker processes sharing one hash seed, and a thread per worker reading results."""

    def __init__(self, size: int) -> None:
        import queue
        import subprocess
        import threading

        self.size = size
        self.procs: list[subprocess.Popen[bytes]] = []
        self.threads: list[threading.Thread] = []
        self.results: SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
        self.probe: int | None = None
        self.busy = [0] * size  # tasks sent to each worker and not yet answered
        seed = 1 + int.from_bytes(os.urandom(4), "big") % 0xFFFFFFFF  # 1..2^32-1; 0 = unsalted
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        try:
            for w in range(size):
                proc = subprocess.Popen(
                    [sys.executable, "-c", _CHILD],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=env,
                )
                self.procs.append(proc)
                assert proc.stdin is not None and proc.stdout is not None
                pickle.dump(sys.path, proc.stdin)
                proc.stdin.flush()
                thread = threading.Thread(
                    target=self._read, args=(w, proc.stdout), daemon=True, name=f"dataset-{w}"
                )
                thread.start()
                self.threads.append(thread)
        except BaseException:
            self.close()
            raise

    def _read(self, w: int, stream: IO[bytes]) -> None:
        """Move worker `w`'s results to the queue as they come (so it never waits on a full
        pipe); None when it stops."""
        try:
            while True:
                self.results.put((w, pickle.load(stream)))
        except Exception:  # end of file, or a truncated result: the worker is gone
            self.results.put((w, None))

    def map(self, tasks: Sequence[tuple[Any, ...]]) -> Iterator[_Part]:
        """The results of `_scan_range(*task)` for each task, in order.

        A task goes to the least busy worker with fewer than `DEPTH` tasks, and only while
        fewer than `DEPTH * size` tasks are in flight or waiting to be yielded: a slow range
        holds the later ones back instead of letting results pile up.
        """
        busy = self.busy
        waiting: dict[int, _Part] = {}
        sent = given = 0

        def feed() -> None:
            nonlocal sent
            while sent < len(tasks) and sent - given < DEPTH * self.size:
                w = min(range(self.size), key=busy.__getitem__)
                if busy[w] >= DEPTH:
                    return
                stdin = self.procs[w].stdin
                assert stdin is not None
                try:
                    pickle.dump((sent, *tasks[sent]), stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    stdin.flush()
                except OSError as exc:
                    raise WorkerFailed(f"worker {w} is gone: {exc}") from None
                busy[w] += 1
                sent += 1

        while given < len(tasks):
            feed()
            while given not in waiting:
                w, message = self.results.get()
                if message is None:
                    raise WorkerFailed(f"worker {w} stopped")
                status, index, part = message
                if status != "ok":
                    raise WorkerFailed(f"worker {w} failed:\n{part}")
                if self.probe is None:
                    self.probe = part.probe
                elif part.probe != self.probe:
                    raise WorkerFailed("workers hash differently (PYTHONHASHSEED not applied)")
                busy[w] -= 1
                waiting[index] = part
                feed()
            yield waiting.pop(given)
            given += 1

    def close(self) -> None:
        """End the workers: end of input makes idle ones exit; busy ones (after Ctrl-C or a
        failure, their results unwanted) are killed, as is any that does not exit in time."""
        import subprocess

        for proc, busy in zip(self.procs, self.busy, strict=False):
            if busy:
                proc.kill()
        for proc in self.procs:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
            except OSError:
                pass
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for thread in self.threads:
            thread.join(timeout=5)
        for proc in self.procs:
            if proc.stdout is not None:
                proc.stdout.close()

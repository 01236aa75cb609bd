"""Throughput and memory of `advisor data` on a generated chat-format file.

    python bench/dataset_throughput.py            # 200 MB file; memory at 50 MB and 200 MB
    python bench/dataset_throughput.py --mb 20    # quicker
    python bench/dataset_throughput.py --rounds 7 # a busy machine: more rounds, best of each

Throughput is a ratio against a plain Python loop that only `json.loads` each line of the same
file, measured in the same run (best of three each, interleaved, so a busy machine slows all):
the target is >= 0.5, i.e. all the checks, token counting and duplicate detection cost no more
than parsing the JSON once more. Two figures: the single process (`workers=1`) and the
default, one worker process per CPU (the baseline loop uses one CPU either way, so the second
ratio is what a user gets from the machine, not a like-for-like per-core figure). Worker start
time is included.

Peak memory is measured in a fresh process per file size and mode: `ru_maxrss` of the process
that calls `inspect` (the parent), `ru_maxrss` of its largest worker (`RUSAGE_CHILDREN`
reports the largest child, not a sum; all workers do the same work, so the total is at most
parent + workers x largest), and tracemalloc's peak of the parent's Python allocations. The
point is that none of them grows with the file.

The file: OpenAI chat records (system, user, assistant), 70% English and 30% Chinese, answers
of 30-250 words or 40-300 characters, one of two system prompts, and 1% exact duplicates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (  # noqa: SIM905 - a list of words reads better as prose
    "the of and to in is you that it was for on are as with they at be this have from or one "
    "had by word but not what all were we when your can said there use an each which she do "
    "how their if will up other about out many then them these so some her would make like "
    "into time has look two more write go see number no way could people my than first water "
    "been call who its now find long down day did get come made may part order account refund "
    "delivery invoice password reset warranty shipping address payment card plan upgrade"
).split()
HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机"
    "当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心"
    "反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程"
)
SYSTEMS = (
    "You are a helpful customer support assistant for Acme Corp. Answer politely and concisely.",
    "你是一名专业的医疗客服助手，请用礼貌、准确的语言回答用户的问题。",
)


def generate(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write a chat-format JSONL file of about `megabytes` MB; returns the number of lines."""
    rnd = random.Random(seed)

    def en(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."

    def zh(n: int) -> str:
        return "".join(rnd.choice(HANZI) for _ in range(n)) + "。"

    target = int(megabytes * 1_000_000)
    written = lines = 0
    recent: list[str] = []
    with path.open("w", encoding="utf-8") as handle:
        while written < target:
            if recent and rnd.random() < 0.01:
                row = rnd.choice(recent)
            else:
                if rnd.random() < 0.3:
                    user, answer, system = zh(rnd.randint(10, 60)), zh(rnd.randint(40, 300)), 1
                else:
                    user, answer, system = en(rnd.randint(8, 40)), en(rnd.randint(30, 250)), 0
                messages = [
                    {"role": "system", "content": SYSTEMS[system]},
                    {"role": "user", "content": user},
                    {"role": "assistant", "content": answer},
                ]
                row = json.dumps({"messages": messages}, ensure_ascii=False) + "\n"
                recent = [*recent[-99:], row]
            handle.write(row)
            written += len(row.encode("utf-8"))
            lines += 1
    return lines


def baseline(path: Path) -> float:
    start = time.perf_counter()
    loads = json.loads
    with path.open("rb") as handle:
        for line in handle:
            loads(line)
    return time.perf_counter() - start


def advisor_data(path: Path, workers: int | None) -> float:
    from advisor.core import dataset

    dataset._PARALLEL_FALLBACK = False  # a failing worker must not pass a serial time off
    start = time.perf_counter()
    dataset.inspect(path, workers=workers)
    return time.perf_counter() - start


_CHILD = """
import resource, sys, tracemalloc
sys.path.insert(0, {root!r})
from advisor.core import dataset
dataset._PARALLEL_FALLBACK = False
trace = {trace!r}
if trace:
    tracemalloc.start()
report = dataset.inspect({path!r}, workers={workers!r})
peak = tracemalloc.get_traced_memory()[1] if trace else 0
self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(report.examples, self, children, peak)
"""


def peak_memory(path: Path, workers: int | None, trace: bool) -> tuple[int, int, int, int]:
    """(examples, parent max RSS, largest worker's max RSS (KiB), parent tracemalloc peak in
    bytes) of `inspect` in a fresh process."""
    code = _CHILD.format(root=str(ROOT), path=str(path), trace=trace, workers=workers)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2]), int(out[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="size of the big file (MB)")
    parser.add_argument("--small-mb", type=float, default=50, help="size of the small file (MB)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        lines = generate(big, args.mb)
        generate(small, args.small_mb, seed=2)
        size = big.stat().st_size
        print(
            f"file: {size / 1e6:.0f} MB, {lines:,} chat records (python {sys.version.split()[0]})"
        )
        from advisor.core.dataset import PARALLEL_MIN_BYTES, _plan_workers

        def mode(path: Path, workers: int | None) -> str:
            """What `inspect(path, workers=workers)` does: 1 process or n workers."""
            n = _plan_workers(path, None, workers, PARALLEL_MIN_BYTES)
            return f"{n} workers" if n > 1 else "1 process"

        modes = (1, None)  # workers=1, and the default
        base: list[float] = []
        times: dict[int | None, list[float]] = {w: [] for w in modes}
        for _ in range(args.rounds):
            base.append(baseline(big))
            for workers in modes:
                times[workers].append(advisor_data(big, workers))
        b = min(base)
        print(f"json.loads loop                   : {b:6.2f} s  {size / b / 1e6:6.1f} MB/s")
        for workers in modes:
            o = min(times[workers])
            label = mode(big, workers) + (" (default)" if workers is None else "")
            print(
                f"advisor data, {label:<20}: {o:6.2f} s  {size / o / 1e6:6.1f} MB/s  "
                f"ratio {b / o:.2f}  (target >= 0.5)"
            )
        for workers in modes:
            for size_label, path in ((f"{args.small_mb:g} MB", small), (f"{args.mb:g} MB", big)):
                examples, rss, kids, _ = peak_memory(path, workers, trace=False)
                _, _, _, traced = peak_memory(path, workers, trace=True)
                print(
                    f"peak memory {size_label:>6}, {mode(path, workers):<9}: {examples:>8,} "
                    f"examples, parent max RSS {rss / 1024:5.1f} MiB, largest worker "
                    f"{kids / 1024:5.1f} MiB, parent Python allocations {traced / 2**20:5.1f} MiB"
                )
        print(
            f"(os: {os.uname().sysname}, cpus: {os.cpu_count()}, python {sys.version.split()[0]})"
        )


if __name__ == "__main__":
    main()

"""Throughput and memory of `advisor data` on a generated chat-format file.

    python bench/dataset_throughput.py            # 200 MB file; memory at 50 MB and 200 MB
    python bench/dataset_throughput.py --mb 20    # quicker

Throughput is a ratio against a plain Python loop that only `json.loads` each line of the same
file, measured in the same run (best of three each, interleaved, so a busy machine slows both):
the target is >= 0.5, i.e. all the checks, token counting and duplicate detection cost no more
than parsing the JSON once more.

Peak memory is measured in a fresh process per file size (`ru_maxrss`, and tracemalloc's peak
of Python allocations): the point is that it does not grow with the file.

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


def advisor_data(path: Path) -> float:
    from advisor.core.dataset import inspect

    start = time.perf_counter()
    inspect(path)
    return time.perf_counter() - start


_CHILD = """
import resource, sys, tracemalloc
sys.path.insert(0, {root!r})
from advisor.core.dataset import inspect
trace = {trace!r}
if trace:
    tracemalloc.start()
report = inspect({path!r})
peak = tracemalloc.get_traced_memory()[1] if trace else 0
print(report.examples, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, peak)
"""


def peak_memory(path: Path, trace: bool) -> tuple[int, int, int]:
    """(examples, max RSS in KiB, tracemalloc peak in bytes) of `inspect` in a fresh process."""
    code = _CHILD.format(root=str(ROOT), path=str(path), trace=trace)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


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
        base, ours = [], []
        for _ in range(args.rounds):
            base.append(baseline(big))
            ours.append(advisor_data(big))
        b, o = min(base), min(ours)
        print(f"json.loads loop : {b:6.2f} s  {size / b / 1e6:6.1f} MB/s")
        print(f"advisor data    : {o:6.2f} s  {size / o / 1e6:6.1f} MB/s")
        print(f"throughput ratio: {b / o:.2f}  (target >= 0.5)")
        for label, path in ((f"{args.small_mb:g} MB", small), (f"{args.mb:g} MB", big)):
            examples, rss, _ = peak_memory(path, trace=False)
            _, _, traced = peak_memory(path, trace=True)
            print(
                f"peak memory {label:>7}: {examples:>9,} examples, max RSS {rss / 1024:6.1f} MiB, "
                f"Python allocations {traced / 2**20:6.1f} MiB"
            )
        print(f"(os: {os.uname().sysname}, cpus: {os.cpu_count()})")


if __name__ == "__main__":
    main()

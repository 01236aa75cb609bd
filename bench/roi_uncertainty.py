"""What the Monte Carlo costs: `advisor roi --uncertainty` against the plain run, same run.

    python bench/roi_uncertainty.py [--runs 15]

Prints the median wall time (and CPU time) of

  plain     python -m advisor roi --queries-per-day 1000                (plot included)
  default   ... --uncertainty     10,000 draws; no ranges: the key inputs vary +-25%
  ranges    ... --uncertainty     10,000 draws of three user ranges (volume, output tokens,
                                  the API's prompt), the volume drawn too

and the ratios to the plain run (target <= 1.5). The commands run round-robin after one
warm-up each, so drifting machine load hits all alike. Bytecode is compiled first and
PYTHONDONTWRITEBYTECODE is dropped, as for an installed package; the advisor cache lives in a
temporary directory that the warm-up fills.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PLAIN = [sys.executable, "-m", "advisor", "roi", "--queries-per-day", "1000"]
COMMANDS = {
    "plain": PLAIN,
    "default": [*PLAIN, "--uncertainty"],
    "ranges": [
        *PLAIN,
        "--uncertainty",
        "--set",
        "queries_per_day=lognormal:300..3000",
        "--set",
        "*.output_tokens=200..600",
        "--set",
        "api.system_tokens=1500..2500..5000",
    ],
}


def main() -> int:
    """Time the commands round-robin and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "advisor"], check=True, env=env, cwd=root
    )
    wall: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as cache:
        env["ADVISOR_CACHE_DIR"] = cache
        for cmd in COMMANDS.values():  # warm-up: fills the advisor caches and the page cache
            subprocess.run(cmd, check=True, capture_output=True, env=env)
        for _ in range(args.runs):
            for name, cmd in COMMANDS.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, env=env)
                wall[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                cpu[name].append(used)
    med = {name: statistics.median(ts) for name, ts in wall.items()}
    mcpu = {name: statistics.median(ts) for name, ts in cpu.items()}
    print(
        f"median of {args.runs} runs each (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
    )
    for name in COMMANDS:
        print(f"  {name:8s} wall {med[name] * 1000:7.1f} ms   cpu {mcpu[name] * 1000:7.1f} ms")
    for name in ("default", "ranges"):
        print(
            f"ratio {name} / plain = {med[name] / med['plain']:.2f} wall, "
            f"{mcpu[name] / mcpu['plain']:.2f} cpu   (target <= 1.5)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

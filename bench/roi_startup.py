"""How long a whole `advisor roi` report takes, against two baselines measured in the same run.

    python bench/roi_startup.py [--runs 15]

Prints the median wall time of

  roi       python -m advisor roi --queries-per-day 1000   (warm caches, plot included)
  (a)       python -c "import yaml, pydantic, rich"
  (b)       a one-line genai-prices lookup of one model (what a peer tool pays per price)

and the ratios roi/(a) (target <= 1.5) and roi/(b) (target < 1.0). The commands run
round-robin after one warm-up each, so drifting machine load hits all three alike. Bytecode is
compiled first and PYTHONDONTWRITEBYTECODE is dropped, as for an installed package; the advisor
cache lives in a temporary directory that the warm-up fills.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROI = [sys.executable, "-m", "advisor", "roi", "--queries-per-day", "1000"]
BASE_A = [sys.executable, "-c", "import yaml, pydantic, rich"]
BASE_B = [
    sys.executable,
    "-c",
    "from genai_prices import Usage, calc_price; "
    "calc_price(Usage(input_tokens=1000, output_tokens=100), 'gpt-4.1-mini').total_price",
]


def main() -> int:
    """Time the three commands round-robin and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "advisor"],
        check=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as cache:
        env["ADVISOR_CACHE_DIR"] = cache
        commands = {"roi": ROI, "a": BASE_A, "b": BASE_B}
        for cmd in commands.values():  # warm-up: fills the advisor caches and the OS page cache
            subprocess.run(cmd, check=True, capture_output=True, env=env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, env=env)
                times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(
        f"median of {args.runs} runs each (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
    )
    print(f"  advisor roi --queries-per-day 1000   {med['roi'] * 1000:7.1f} ms")
    print(f"  (a) import yaml, pydantic, rich      {med['a'] * 1000:7.1f} ms")
    print(f"  (b) genai-prices one-model lookup    {med['b'] * 1000:7.1f} ms")
    print(f"ratio roi / (a) = {med['roi'] / med['a']:.2f}   (target <= 1.5)")
    print(f"ratio roi / (b) = {med['roi'] / med['b']:.2f}   (target < 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

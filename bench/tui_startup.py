"""How long `advisor` takes to show its first question, against a minimal Textual app.

Both run in a real terminal: a detached tmux session of a fixed size. The clock starts just
before tmux starts the command and stops when `tmux capture-pane` first shows the expected text
(the first question; the baseline's one line). The baseline is a header, one line of text and
a footer, measured the same way in the same run, so the ratio says what advisor adds on top of
Textual itself: its imports, loading the rules (from the pickle cache on warm runs) and its
first screen. Target: ratio <= 1.5.

    python bench/tui_startup.py [--runs 7] [--size 120x30]

Needs tmux. Prints the medians and the ratio; it never fails on a slow result.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOCKET = f"advisor-bench-{os.getpid()}"
_RUNS = itertools.count()
BASELINE_TEXT = "baseline app ready"
BASELINE_APP = f'''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Baseline(App):
    BINDINGS = [("ctrl+s", "save", "Save"), ("f1", "help", "Help")]

    def compose(self):
        yield Header()
        yield Static("{BASELINE_TEXT}")
        yield Footer()


Baseline().run()
'''


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a tmux command on the benchmark's own server (never the user's sessions)."""
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)


def time_to_text(
    command: list[str], text: str, size: tuple[int, int], env: dict[str, str]
) -> float:
    """Seconds from starting `command` in a fresh terminal until `text` is on screen."""
    name = f"run{next(_RUNS)}"
    shell = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    shell += " exec " + " ".join(shlex.quote(part) for part in command)
    start = time.perf_counter()
    started = tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), shell)
    if started.returncode != 0:
        raise RuntimeError(f"tmux could not start {command}: {started.stderr.strip()}")
    try:
        while True:
            screen = tmux("capture-pane", "-p", "-t", name).stdout
            if text in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"{text!r} never appeared; the screen shows:\n{screen}")
            time.sleep(0.003)
    finally:
        tmux("kill-session", "-t", name)


def first_question_text() -> str:
    """The start of the first question of the built-in rules, as the TUI shows it."""
    sys.path.insert(0, str(ROOT))
    from advisor.core.ruleload import load_rules

    rules = load_rules(use_cache=False)
    return rules.questions[rules.tree.start].text.en[:40]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--size", default="120x30", help="terminal size COLSxROWS")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("bench/tui_startup.py needs tmux")
    cols, rows = (int(x) for x in args.size.split("x"))
    question = first_question_text()
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        baseline = Path(tmp) / "baseline.py"
        baseline.write_text(BASELINE_APP)
        env = {"ADVISOR_LANG": "en", "ADVISOR_CACHE_DIR": str(Path(tmp) / "cache")}
        env["TERM"] = "xterm-256color"
        env["PYTHONPATH"] = str(ROOT)
        cases = {
            "baseline": ([sys.executable, str(baseline)], BASELINE_TEXT),
            "advisor": ([sys.executable, "-m", "advisor"], question),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        # An idle session keeps the tmux server up between runs (it exits with its last
        # session, and a run started while it shuts down fails).
        tmux("new-session", "-d", "-s", "keep", "sleep 3600")
        for command, text in cases.values():  # warm-up: caches, the OS's file cache
            time_to_text(command, text, (cols, rows), env)
        for _ in range(args.runs):
            for name, (command, text) in cases.items():
                times[name].append(time_to_text(command, text, (cols, rows), env))
    tmux("kill-server")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        shown = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:9} median {medians[name] * 1000:6.0f} ms   runs (ms): {shown}")
    ratio = medians["advisor"] / medians["baseline"]
    print(f"ratio advisor / baseline: {ratio:.2f} (target <= 1.5, {cols}x{rows} terminal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

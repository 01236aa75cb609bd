"""The core stays pure and headless commands never pay for the TUI.

Run in fresh interpreters: whatever the test process already imported must not hide a leak.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import advisor.core

UI_LIBS = ("textual", "rich", "plotext")


def _fresh(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_modules_import_no_ui_library():
    names = [f"advisor.core.{m.name}" for m in pkgutil.iter_modules(advisor.core.__path__)]
    assert "advisor.core.engine" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {UI_LIBS!r}))\n"
    )
    assert _fresh(code) == "[]"


def test_advisor_decide_never_loads_textual(tmp_path: Path):
    answers = tmp_path / "a.yaml"
    answers.write_text("tried_prompting: not_tried\nqueries_per_day: 10\n", encoding="utf-8")
    code = (
        "import sys, contextlib, io\n"
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['decide', '--answers', {str(answers)!r}, '--format', 'json'])\n"
        "print(rc, 'textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    assert _fresh(code) == "0 False False"


def test_rules_commands_never_load_textual():
    code = (
        "import sys, contextlib, io\n"
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    codes = [main(['rules', a]) for a in ('check', 'graph', 'list')]\n"
        "print(codes, 'textual' in sys.modules)\n"
    )
    assert _fresh(code) == "[0, 0, 0] False"


def test_opening_the_tui_builds_no_command_parser():
    """`advisor [--lang L] [--rules DIR]` goes straight to the TUI: no command module loaded."""
    code = (
        "import sys\n"
        "import advisor.cli as cli\n"
        "seen = []\n"
        "cli._run_tui = lambda args: seen.append((args.lang, args.rules)) or 0\n"
        "codes = [cli.main([]), cli.main(['--lang', 'zh']), cli.main(['--rules=x'])]\n"
        "print(codes, seen, sorted(m for m in sys.modules if m.startswith('advisor.commands')))\n"
    )
    assert _fresh(code) == "[0, 0, 0] [(None, None), ('zh', None), (None, 'x')] []"

"""`advisor decide` and `advisor rules`, run the way a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

LORA = """\
tried_prompting: not_enough
external_knowledge: no
what_needed: domain
training_examples: 2500
queries_per_day: 3000
budget_usd: 400
task_type: qa
data_private: no
fast_iteration: no
"""


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(LORA, encoding="utf-8")
    return path


def test_decide_text(cli, answers):
    result = cli("decide", "--answers", str(answers))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Recommendation: LoRA fine-tuning\n")
    assert (
        "Why [seeds 002, 001]\nTree B (seed 002): domain expertise with 100-10,000" in result.stdout
    )
    assert "\x1b[" not in result.stdout


def test_decide_json_has_the_documented_fields(cli, answers):
    result = cli("decide", "--answers", str(answers), "--format", "json")
    data = json.loads(result.stdout)
    assert data["outcome"] == "lora"
    assert data["title"] == "LoRA fine-tuning"
    assert data["method"] == "lora" and data["training_type"] == "sft"
    assert [s["question"] for s in data["trail"]][:4] == [
        "tried_prompting",
        "external_knowledge",
        "what_needed",
        "training_examples",
    ]
    assert {a["id"] for a in data["advisories"]} >= {"ft_thresholds_met", "over_specialisation"}
    assert {row["seed"] for row in data["data_volume"]} == {"001", "003"}


def test_decide_markdown_and_chinese(cli, answers):
    result = cli("decide", "--answers", str(answers), "--format", "markdown", "--lang", "zh")
    assert result.returncode == 0
    assert result.stdout.startswith("# 建议: LoRA 微调\n")
    assert "| # | 问题 | 回答 | 原因 |" in result.stdout


def test_lang_from_environment(cli, answers):
    result = cli(
        "decide", "--answers", str(answers), env={"ADVISOR_LANG": "", "LANG": "zh_CN.UTF-8"}
    )
    assert result.stdout.startswith("建议")


def test_missing_answer_names_next_question_and_options(cli, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("tried_prompting: not_enough\nexternal_knowledge: no\n", encoding="utf-8")
    result = cli("decide", "--answers", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no answer for question 'what_needed'" in result.stderr
    assert "allowed: style_format, domain, latency_cost, none" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("tried_promptin: not_tried\n", "unknown question id 'tried_promptin'"),
        (
            "tried_prompting: maybe\n",
            "answer 'maybe' to 'tried_prompting' is not an option; "
            "allowed: not_tried, solved, not_enough",
        ),
        (
            "tried_prompting: not_enough\nexternal_knowledge: no\nwhat_needed: domain\n"
            "training_examples: -3\n",
            "out of range; allowed: a whole number from 0 to 100,000,000",
        ),
        (
            "tried_prompting: not_enough\nexternal_knowledge: no\nwhat_needed: domain\n"
            "training_examples: 2.5\n",
            "must be a whole number",
        ),
        (
            "tried_prompting: not_enough\nexternal_knowledge: no\nwhat_needed: domain\n"
            "training_examples: .nan\n",
            "is not a number",
        ),
        ("tried_prompting: [\n", "YAML syntax error"),
        ("x: !!python/object/apply:os.system ['echo pwned']\n", "is not allowed"),
        ("", "is empty"),
        ("- a\n- b\n", "expected a mapping of question id to answer"),
    ],
)
def test_bad_answers_are_one_line_and_exit_2(cli, tmp_path, content, message):
    path = tmp_path / "a.yaml"
    path.write_text(content, encoding="utf-8")
    result = cli("decide", "--answers", str(path))
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "pwned" not in result.stdout


def test_answers_path_problems(cli, tmp_path):
    for target, message in ((tmp_path, "is a directory"), (tmp_path / "nope.yaml", "no such")):
        result = cli("decide", "--answers", str(target))
        assert result.returncode == 2 and message in result.stderr


def test_argument_errors_are_one_line(cli):
    result = cli("decide")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "the following arguments are required: --answers" in result.stderr


def test_out_writes_atomically_and_never_clobbers(cli, answers, tmp_path):
    out = tmp_path / "report.md"
    first = cli("decide", "--answers", str(answers), "--format", "markdown", "--out", str(out))
    assert first.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Recommendation")
    out.write_text("mine", encoding="utf-8")
    second = cli("decide", "--answers", str(answers), "--out", str(out))
    assert second.returncode == 2 and "already exists; pass --force" in second.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    third = cli("decide", "--answers", str(answers), "--out", str(out), "--force")
    assert third.returncode == 0 and out.read_text(encoding="utf-8") != "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_rules_check_builtin_and_invalid(cli, tmp_path):
    ok = cli("rules", "check")
    assert ok.returncode == 0 and ": ok (" in ok.stdout
    shutil.copy(DATA / "rules" / "invalid" / "cycle.yaml", tmp_path / "tree.yaml")
    bad = cli("rules", "check", str(tmp_path))
    assert bad.returncode == 1
    assert "cycle: examples -> examples" in bad.stdout
    assert f"{tmp_path / 'tree.yaml'}:" in bad.stdout


def test_rules_check_rejects_missing_and_empty_folders(cli, tmp_path):
    assert cli("rules", "check", str(tmp_path / "nope")).returncode == 2
    empty = cli("rules", "check", str(tmp_path))
    assert empty.returncode == 2 and "no rules files found" in empty.stderr


def test_rules_graph_is_mermaid_with_every_node(cli, rules):
    result = cli("rules", "graph")
    assert result.returncode == 0
    assert result.stdout.startswith("graph TD\n")
    for node in [*rules.questions, *rules.outcomes]:
        assert f"    {node}" in result.stdout or f"        {node}" in result.stdout
    assert '-->|"fewer than 100"| more_data_prompt' in result.stdout
    zh = cli("rules", "graph", "--lang", "zh")
    assert "微调" in zh.stdout


def test_rules_list_shows_ids_and_options(cli):
    result = cli("rules", "list")
    assert result.returncode == 0
    assert (
        "tried_prompting" in result.stdout and "not_enough -> external_knowledge" in result.stdout
    )
    assert "0..100,000,000 whole" in result.stdout


def test_user_rules_folder(cli, tmp_path):
    for name in ("tree.yaml", "advisories.yaml"):
        shutil.copy(DATA / "rules" / "valid" / name, tmp_path / name)
    answers = tmp_path / "a.yaml"
    answers.write_text("tried: 'yes'\nexamples: 500\nvolume: 10\n", encoding="utf-8")
    result = cli("--rules", str(tmp_path), "decide", "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] == "tune" and [a["id"] for a in data["advisories"]] == ["low_volume"]
    after = cli("decide", "--rules", str(tmp_path), "--answers", str(answers), "--format", "json")
    assert json.loads(after.stdout)["outcome"] == "tune"


def test_runs_from_any_directory(cli, tmp_path, answers):
    result = cli("rules", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_reports_carry_the_outcomes_reference_tables(cli, answers):
    markdown = cli("decide", "--answers", str(answers), "--format", "markdown").stdout
    assert "## Reference tables" in markdown
    assert "### Data volume by task type (seed 003, basic concepts)\n" in markdown
    assert "| Question answering | 1,000 | 5,000 | 10,000 | - |" in markdown
    text = cli("decide", "--answers", str(answers), "--plain").stdout
    assert "Reference tables" in text and "Hardware and time by model size (seed 001)" in text


def test_a_huge_answer_is_printed_compactly(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("training_examples: 1e99\n")
    r = cli("decide", "--answers", str(answers))
    assert r.returncode == 2
    assert "answer 1e+99 to 'training_examples' is out of range" in r.stderr
    assert "000,000,000,000" not in r.stderr.split("allowed")[0]


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_an_answer_and_its_range_use_one_number_format(cli, answers, fmt):
    r = cli("decide", "--answers", str(answers), "--format", fmt)
    assert r.returncode == 0, r.stderr
    assert "2,500 examples (100 to 10,000)" in r.stdout
    assert "100 to 10000" not in r.stdout

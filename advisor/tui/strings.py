"""Interface text of the TUI in English and Chinese, and the footer labels of every action.

Rules content (questions, options, outcomes) is bilingual in the YAML; the words the interface
adds around it live here as `(en, zh)` pairs, so a language switch re-renders everything from
one table and a missing translation is visible in one place.
"""

from __future__ import annotations

from advisor.core.i18n import Lang, pick

T: dict[str, tuple[str, str]] = {
    "no_answers": ("No answers yet.", "还没有回答。"),
    "question_n": ("Question {n} of up to {total}", "第 {n} 题，最多 {total} 题"),
    "followup_n": ("Question {n} of {total} · follow-up", "第 {n} 题，共 {total} 题 · 补充问题"),
    "revisit": ("(changing an earlier answer)", "（修改之前的回答）"),
    "choice_hint": (
        "↑/↓ or 1-{n} to choose, enter to answer.",
        "用 ↑/↓ 或 1-{n} 选择，回车确认。",
    ),
    "number_hint": ("Type a number and press enter.", "输入数字后按回车。"),
    "range": ("Allowed: {lo} to {hi}{unit}", "允许范围：{lo} 到 {hi}{unit}"),
    "whole": (" (whole number)", "（整数）"),
    "routes": ("Where each range leads:", "各区间的去向："),
    "empty": ("Enter a number.", "请输入一个数字。"),
    "not_number": ("{value!r} is not a number.", "{value!r} 不是数字。"),
    "commas": (
        "{value!r} is not a number: commas must group thousands, as in 1,500.",
        "{value!r} 不是数字：逗号只能用作千位分隔，例如 1,500。",
    ),
    "out_of_range": ("{value} is outside the allowed range.", "{value} 超出允许范围。"),
    "not_whole": ("{value} is not a whole number.", "{value} 不是整数。"),
    "current": ("current answer", "当前回答"),
    "outcome": ("Recommendation", "建议"),
    "at_start": ("This is the first question.", "这已经是第一题。"),
    "kept": (
        "Kept {n} later answer(s) that still apply.",
        "保留了 {n} 个仍然适用的后续回答。",
    ),
    "confirm_restart": (
        "Start over? Your answers will be cleared.",
        "重新开始？你的回答将被清空。",
    ),
    "confirm_overwrite": ("{path} exists. Replace it?", "{path} 已存在。要替换吗？"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "save_answers_title": ("Save answers to (YAML)", "保存回答到（YAML）"),
    "load_answers_title": ("Load answers from (YAML)", "从以下文件加载回答（YAML）"),
    "export_title": ("Save the report to (Markdown)", "保存报告到（Markdown）"),
    "path_hint": ("enter to confirm, esc to cancel", "回车确认，esc 取消"),
    "need_path": ("Enter a file name.", "请输入文件名。"),
    "saved": ("Saved {path}", "已保存 {path}"),
    "loaded": ("Loaded {n} answer(s) from {path}", "已从 {path} 加载 {n} 个回答"),
    "no_report": (
        "Answer every question first; the report needs a recommendation.",
        "请先回答所有问题；报告需要先得出建议。",
    ),
    "too_small": (
        "advisor needs a terminal of at least {w} x {h}.\nThis one is {cw} x {ch}: "
        "please make it bigger.",
        "advisor 需要至少 {w} x {h} 的终端。\n当前为 {cw} x {ch}：请放大窗口。",
    ),
    "glossary_title": ("Glossary", "术语表"),
    "glossary_hint": ("↑/↓ to browse, esc to close", "↑/↓ 浏览，esc 关闭"),
    "seeds": ("Seeds: {seeds}", "种子：{seeds}"),
    "change_answer": ("Change answer: {q}", "修改回答：{q}"),
    "change_answer_help": ("Now: {a}", "当前：{a}"),
    # --- the ROI explorer ---
    "roi_title": ("ROI explorer", "ROI 分析"),
    "roi_loading": ("Pricing the options…", "正在为各方案计价…"),
    "roi_start": ("Start from", "起点"),
    "roi_start_answers": ("your answers", "你的回答"),
    "roi_start_defaults": ("the defaults", "默认值"),
    "roi_volume": ("Volume", "查询量"),
    "roi_more": ("More inputs", "更多输入"),
    "roi_more_hint": (
        "ctrl+f: search every input (prices, RAG, retraining...)",
        "ctrl+f：搜索所有输入项（价格、RAG、重新训练等）",
    ),
    "roi_find": ("Search inputs…", "搜索输入项…"),
    "roi_serverless": ("serverless", "无服务器"),
    "roi_self_hosted": ("self-hosted {gpu}", "自托管 {gpu}"),
    "roi_from_answers": (
        "From your answers: {outcome} → {options} ★",
        "来自你的回答：{outcome} → {options} ★",
    ),
    "roi_from_defaults": (
        "The defaults (finish the questions to start from your own numbers).",
        "默认值（答完问题后即可从你自己的数字开始）。",
    ),
    "roi_from_preset": ("Preset {name}: {title}", "预设 {name}：{title}"),
    "roi_preset_entry": ("Start from preset {name}", "从预设 {name} 开始"),
    "roi_from_file": ("From {file}", "来自 {file}"),
    "roi_budget": (
        "Your one-off budget {budget}; {option} needs {cost} up front ({fits}).",
        "你的一次性预算为 {budget}；{option} 需要一次性投入 {cost}（{fits}）。",
    ),
    "roi_within": ("within budget", "在预算内"),
    "roi_over": ("over budget", "超出预算"),
    "roi_kept": (
        "Priced without the input(s) marked in red: fix them to see their effect.",
        "计价时未使用标红的输入：修正后即可看到它们的影响。",
    ),
    "roi_nothing": ("Nothing could be priced: {problem}", "无法计价：{problem}"),
    "roi_scenario_title": (
        "Save the scenario to (YAML for advisor roi --scenario)",
        "保存场景到（YAML，供 advisor roi --scenario 使用）",
    ),
    "roi_open_title": ("Open a scenario (YAML)", "打开场景文件（YAML）"),
    "roi_report_title": ("Save the ROI report to (Markdown)", "保存 ROI 报告到（Markdown）"),
    "roi_opened": ("Opened {path}", "已打开 {path}"),
    "roi_reset": ("Back to {start}", "已回到{start}"),
    "roi_simulating": (
        "Simulating {what}…",
        "正在计算{what}…",
    ),
    "roi_what_mc": ("{n} draws", "{n} 次抽样"),
    "roi_what_tornado": ("the sensitivity", "敏感性"),
    "roi_what_value": ("the value", "价值"),
    "roi_ranged_hint": (
        "{k} input(s) are ranges (typed as LOW..HIGH, +-PCT%...): the numbers above use each "
        "one's base value. f4 simulates them; f5 shows what moves the verdict.",
        "{k} 个输入是区间（如 LOW..HIGH、+-PCT%）：上面的数字使用各自的基准值。"
        "f4 对其做蒙特卡洛模拟；f5 显示哪些输入影响结论。",
    ),
    "roi_uncertainty_on": (
        "Uncertainty on: {n} draws over the ranges (or ±25% on the key inputs)",
        "不确定性已开启：对区间做 {n} 次抽样（无区间时关键输入 ±25%）",
    ),
    "roi_uncertainty_off": ("Uncertainty off", "不确定性已关闭"),
    "roi_sensitivity_on": ("Sensitivity (tornado) on", "敏感性（龙卷风图）已开启"),
    "roi_sensitivity_off": ("Sensitivity off", "敏感性已关闭"),
    "roi_analysis_failed": ("Could not simulate: {error}", "无法模拟：{error}"),
    "sim_title": (
        "Simulation settings (as advisor roi takes them)",
        "模拟设置（与 advisor roi 相同）",
    ),
    "sim_draws": ("Draws (--draws)", "抽样次数（--draws）"),
    "sim_seed": ("Seed (--seed)", "随机种子（--seed）"),
    "sim_spread": ("Spread without ranges, % (--spread)", "无区间时的变化幅度 %（--spread）"),
    "sim_hint": (
        "Draws 100 to 1,000,000; the same seed gives the same numbers; the spread (above 0, below "
        "100) applies when no input is a range. Enter to apply, esc to close.",
        "抽样次数 100 到 1,000,000；相同的种子给出相同的结果；变化幅度（大于 0、小于 100）"
        "在没有输入为区间时使用。回车应用，esc 关闭。",
    ),
    "sim_applied": (
        "Simulation: {draws} draws, seed {seed}, ±{spread}% without ranges",
        "模拟：{draws} 次抽样，种子 {seed}，无区间时 ±{spread}%",
    ),
    # --- training examples from a dataset file ---
    "from_file": ("Count them in a file… (f)", "从文件统计…（f）"),
    "dataset_title": (
        "Count the good examples in (JSONL or a JSON array)",
        "统计以下文件中的优质样本（JSONL 或 JSON 数组）",
    ),
    "dataset_reading": ("Reading {file}… {pct}", "正在读取 {file}… {pct}"),
    "dataset_counted": (
        "{file}: {good} good example{s} (usable, not duplicated, within the length limit) of "
        "{examples} usable in {records} records. Press enter to answer {good}.",
        "{file}：{records} 条记录中有 {examples} 条可用，其中 {good} 条为优质样本"
        "（可用、不重复、不超长）。按回车以 {good} 作答。",
    ),
    "dataset_findings": ("Findings: {findings}.", "发现：{findings}。"),
    "dataset_clean": ("No problems found.", "未发现问题。"),
    "dataset_none": (
        "{file}: no usable training examples in {records} records ({findings}); "
        "`advisor data {file}` shows why.",
        "{file}：{records} 条记录中没有可用的训练样本（{findings}）；"
        "用 `advisor data {file}` 查看原因。",
    ),
}
"""Interface strings by key; `{name}` fields are filled with `str.format`."""

ACTIONS: dict[str, tuple[str, str]] = {
    "back": ("Back", "返回"),
    "restart": ("Restart", "重新开始"),
    "help": ("Help", "帮助"),
    "glossary": ("Glossary", "术语表"),
    "save_answers": ("Save", "保存"),
    "load_answers": ("Open", "打开"),
    "export_report": ("Report", "报告"),
    "toggle_lang": ("中文", "English"),
    "toggle_theme": ("Theme", "主题"),
    "toggle_trail": ("Answers", "回答"),
    "quit": ("Quit", "退出"),
    "command_palette": ("Commands", "命令"),
    "dismiss": ("Close", "关闭"),
    "confirm": ("Yes", "是"),
    "cancel": ("No", "否"),
    "roi": ("ROI", "ROI"),
    "close": ("Back", "返回"),
    "find_input": ("Inputs", "输入项"),
    "reset_scenario": ("Reset", "重置"),
    "save_scenario": ("Save", "保存"),
    "open_scenario": ("Open", "打开"),
    "export_roi": ("Report", "报告"),
    "toggle_uncertainty": ("Uncertainty", "不确定性"),
    "toggle_sensitivity": ("Sensitivity", "敏感性"),
    "simulation_settings": ("Draws", "抽样"),
    "examples_from_file": ("From file", "从文件"),
}
"""Footer labels by action name (the language key shows the language it switches to)."""

COMMANDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "back": (("Back", "返回上一题"), ("Go back to the previous question", "回到上一个问题")),
    "restart": (
        ("Restart", "重新开始"),
        ("Clear every answer and start over", "清空回答，从头开始"),
    ),
    "save_answers": (
        ("Save answers", "保存回答"),
        ("Write the answers to a YAML file `advisor decide --answers` reads", "保存为 YAML"),
    ),
    "load_answers": (
        ("Load answers", "加载回答"),
        ("Read answers from a YAML file and continue from there", "从 YAML 文件读取回答"),
    ),
    "export_report": (
        ("Save report", "保存报告"),
        ("Write the recommendation and its reasons as Markdown", "把建议及理由保存为 Markdown"),
    ),
    "toggle_lang": (("Switch language", "切换语言"), ("English / 中文", "English / 中文")),
    "toggle_theme": (("Toggle dark/light", "切换深色/浅色"), ("Flip the colour theme", "切换配色")),
    "help": (("Help", "帮助"), ("Keys and how advisor works", "按键和使用说明")),
    "glossary": (("Glossary", "术语表"), ("RAG, LoRA, SFT, DPO... explained", "术语解释")),
    "roi": (
        ("ROI explorer", "ROI 分析"),
        (
            "Price every option at your volume; change any input and watch the break-evens",
            "按你的查询量为各方案计价；修改任意输入，实时查看盈亏平衡点",
        ),
    ),
    "examples_from_file": (
        ("Count examples in a file", "从文件统计样本数"),
        ("Answer with the good examples of a JSONL dataset", "用 JSONL 数据集中的优质样本数作答"),
    ),
    "find_input": (
        ("Edit an input", "编辑输入项"),
        ("Search every scenario input by name", "按名称搜索所有场景输入"),
    ),
    "reset_scenario": (
        ("Reset the scenario", "重置场景"),
        (
            "Back to your answers (or the defaults), dropping every edit",
            "回到你的回答（或默认值），放弃所有修改",
        ),
    ),
    "save_scenario": (
        ("Save scenario", "保存场景"),
        (
            "Write the inputs as YAML for `advisor roi --scenario`",
            "保存为 `advisor roi --scenario` 可读取的 YAML",
        ),
    ),
    "open_scenario": (
        ("Open scenario", "打开场景"),
        ("Start from a scenario YAML file", "从场景 YAML 文件开始"),
    ),
    "export_roi": (
        ("Save ROI report", "保存 ROI 报告"),
        (
            "Write the table, break-evens and verdict as Markdown",
            "把成本表、盈亏平衡点和结论保存为 Markdown",
        ),
    ),
    "toggle_uncertainty": (
        ("Uncertainty (Monte Carlo)", "不确定性（蒙特卡洛）"),
        (
            "Show or hide P(cheapest), P10..P90 break-evens and a band on the plot, over the "
            "inputs typed as ranges (200..600, +-20%)",
            "显示或隐藏最便宜概率、盈亏平衡点 P10..P90 和图上的区间带（对输入为区间的项，"
            "如 200..600、+-20%）",
        ),
    ),
    "simulation_settings": (
        ("Simulation settings", "模拟设置"),
        (
            "Draws, seed and the ±% used when no input is a range (--draws, --seed, --spread)",
            "抽样次数、随机种子和无区间时的 ±%（--draws、--seed、--spread）",
        ),
    ),
    "toggle_sensitivity": (
        ("Sensitivity (tornado)", "敏感性（龙卷风图）"),
        (
            "Show or hide which inputs move the verdict and the main break-even most",
            "显示或隐藏对结论和主要盈亏平衡点影响最大的输入",
        ),
    ),
}

ROI_FIELDS: dict[str, tuple[str, str]] = {
    "queries_per_day": ("Queries/day", "每日查询"),
    "horizon_months": ("Horizon, months", "周期（月）"),
    "api.model": ("API model", "API 模型"),
    "api.system_tokens": ("Prompt tokens", "提示 token"),
    "api.input_tokens": ("Input tokens", "输入 token"),
    "api.output_tokens": ("Output tokens", "输出 token"),
    "api.cache_hit_rate": ("Cache hit rate", "缓存命中率"),
    "rag.chunks_per_query": ("Chunks/query", "每次检索块数"),
    "rag.corpus_tokens": ("Corpus tokens", "语料 token"),
    "finetune.examples": ("Examples", "样本数"),
    "finetune.tokens_per_example": ("Tokens/example", "每样本 token"),
    "finetune.epochs": ("Epochs", "训练轮数"),
    "distill.serving": ("Serving", "推理部署"),
    "distill.teacher_model": ("Teacher model", "教师模型"),
    "distill.examples": ("Examples", "样本数"),
    "engineering_usd": ("Engineering $", "工程 $"),
    "labelling_usd": ("Labelling $", "标注 $"),
}
"""Labels of the inputs the ROI explorer shows by default (people costs by their last part)."""
"""Command palette entries by action: (title, help), each as an (en, zh) pair."""


def tr(key: str, lang: Lang, **fields: object) -> str:
    """The interface string `key` in `lang`, with its `{fields}` filled in."""
    text = pick(T[key], lang)
    return text.format(**fields) if fields else text

"""Rendering training estimates: a terminal report and JSON.

The report leads with what the user asked (memory, time, cost on their GPU or the cheapest
one), says plainly that it is an estimate and what it is calibrated on, then shows every GPU,
the seeds' own tables next to the estimate for the same job, and the sources of the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.core.hardware import Hardware, ModelShape
from advisor.core.i18n import Lang, pick
from advisor.core.training import (
    RunCheck,
    SeedComparison,
    TrainingEstimate,
    TrainingRules,
    to_jsonable,
)
from advisor.report.text import Style, heading, money, table, wrap

COLON = (": ", "：")
SEMI = ("; ", "；")

T: dict[str, tuple[str, str]] = {
    "title": ("Training estimate", "训练估算"),
    "estimate": ("Estimate, not a measurement.", "这是估算，不是实测。"),
    "calibrated": (
        "Utilisation {mfu:.3f} (MFU) = mean of {n} measured {family} runs on one {gpu} "
        "({source}, {date}){factor}.",
        "利用率 {mfu:.3f}（MFU）= 在单卡 {gpu} 上实测的 {n} 次 {family} 运行的平均值"
        "（{source}，{date}）{factor}。",
    ),
    "qlora_factor": (" x {ratio:g} for QLoRA", "，QLoRA 再乘 {ratio:g}"),
    "override_mfu": (
        "Utilisation {mfu:.3f} (MFU) set by hand (--mfu).",
        "利用率 {mfu:.3f}（MFU）为手动设定（--mfu）。",
    ),
    "memory_basis": (
        "Memory is computed from the model's shape; it is within {err:.0%} of every measured "
        "peak (`--calibration` shows the runs).",
        "显存按模型结构计算，与每次实测峰值相差不超过 {err:.0%}（`--calibration` 显示实测数据）。",
    ),
    "full": ("full", "全量"),
    "lora": ("LoRA", "LoRA"),
    "job": ("Job", "任务"),
    "model": ("Model", "模型"),
    "method": ("Method", "方法"),
    "data": ("Data", "数据"),
    "step": ("Step", "每步"),
    "params_line": (
        "{params} parameters; {layers} layers, hidden {hidden}, {heads} heads ({kv} KV), "
        "vocab {vocab}",
        "{params} 参数；{layers} 层，隐藏维度 {hidden}，{heads} 个注意力头（{kv} 个 KV），"
        "词表 {vocab}",
    ),
    "m_full": ("Full fine-tuning, {recipe}", "全量微调，{recipe}"),
    "m_lora": (
        "LoRA r={rank} on q/k/v/o/gate/up/down",
        "LoRA r={rank}，作用于 q/k/v/o/gate/up/down",
    ),
    "m_qlora": (
        "QLoRA r={rank} (4-bit NF4 base, bf16 embeddings) on q/k/v/o/gate/up/down",
        "QLoRA r={rank}（4 位 NF4 底座，嵌入层 bf16），作用于 q/k/v/o/gate/up/down",
    ),
    "m_prompt_tuning": (
        "Prompt tuning, {tokens} virtual tokens",
        "提示微调（Prompt Tuning），{tokens} 个虚拟 token",
    ),
    "trainable": ("{n} trainable ({pct})", "可训练参数 {n}（{pct}）"),
    "data_line": (
        "{examples} examples x {tokens} tokens x {epochs} epochs = {total} tokens{packing}{runs}",
        "{examples} 条 x {tokens} token x {epochs} 轮 = {total} token{packing}{runs}",
    ),
    "padded": (" (each padded to {seq})", "（每条填充到 {seq}）"),
    "runs": (", {runs} runs", "，共 {runs} 次训练"),
    "step_line": (
        "{batch} sequences x {seq} tokens per GPU, gradient checkpointing {ckpt}",
        "每卡 {batch} 条序列 x {seq} token，梯度检查点{ckpt}",
    ),
    "on": ("on", "开启"),
    "off": ("off", "关闭"),
    "memory": ("Memory on one GPU", "单卡显存"),
    "component": ("Component", "组成"),
    "gib": ("GiB", "GiB"),
    "what": ("What", "说明"),
    "c_weights": ("weights", "权重"),
    "c_adapters": ("adapters (fp32)", "适配器（fp32）"),
    "c_gradients": ("gradients", "梯度"),
    "c_optimizer": ("optimizer states", "优化器状态"),
    "c_activations": ("activations kept", "保留的激活"),
    "c_logits": ("logits and loss", "logits 与损失"),
    "c_layer": ("one layer recomputed", "重算的一层"),
    "c_first_layer": ("first layer's activations", "第一层的激活"),
    "w_weights": ("{bytes:g} B/param", "每参数 {bytes:g} 字节"),
    "w_activations_ckpt": ("each layer's input (checkpointing)", "每层的输入（检查点）"),
    "w_activations": ("every layer, for the backward pass", "每一层，供反向传播使用"),
    "w_logits": ("vocab {vocab} x tokens in the step", "词表 {vocab} x 每步 token 数"),
    "w_layer": ("at the end of the backward pass", "反向传播结束时"),
    "peak": ("peak", "峰值"),
    "peak_line": (
        "Peak {peak:.1f} GiB at the {phase}. The start (weights, states, activations, logits) "
        "and the end (weights, states, gradients, one layer) of the backward pass never "
        "coincide; the peak is the larger.",
        "峰值 {peak:.1f} GiB，出现在{phase}。反向传播开始时（权重、状态、激活、logits）与结束时"
        "（权重、状态、梯度、一层激活）不会同时出现，峰值取两者中较大者。",
    ),
    "backward_start": ("start of the backward pass", "反向传播开始时"),
    "backward_end": ("end of the backward pass", "反向传播结束时"),
    "compute": ("Compute", "计算量"),
    "flops_line": (
        "per token: {useful} FLOP useful ({k}N + attention){recompute}",
        "每 token：有效 {useful} FLOP（{k}N + 注意力）{recompute}",
    ),
    "recompute": (
        " + {r} recomputed (checkpointing) = {hw} executed",
        " + 重算 {r}（检查点）= 实际执行 {hw}",
    ),
    "total_flops": ("per run: {total} FLOP useful", "每次训练：有效 {total} FLOP"),
    "by_gpu": ("By GPU", "各 GPU 对比"),
    "gpu": ("GPU", "GPU"),
    "list_name": ("name", "名称"),
    "list_params": ("params", "参数量"),
    "list_aliases": ("aliases", "别名"),
    "fits1": ("max batch", "最大批次"),
    "tier": ("tier", "价格档"),
    "gpu_legend": (
        "max batch: the largest batch one GPU holds. GPUs: your count, else the fewest "
        "that hold the job at your batch (weights, gradients and states sharded). ! does not fit.",
        "最大批次：单张卡能装下的最大批次。卡数：你给的数量，否则为按你的批次能装下任务的最少卡数"
        "（权重、梯度和状态分片）。! 表示装不下。",
    ),
    "gpus": ("GPUs", "卡数"),
    "per_gpu": ("GiB/GPU", "每卡 GiB"),
    "tok_s": ("tokens/s", "token/秒"),
    "hours": ("hours", "小时"),
    "price": ("$/GPU-h", "$/卡时"),
    "cost": ("cost", "成本"),
    "no": ("no", "否"),
    "yes": ("yes", "是"),
    "none": ("> 1,024", "> 1,024"),
    "na": ("n/a", "无"),
    "chosen_user": ("On your GPU", "在你的 GPU 上"),
    "chosen_cheapest": ("Cheapest GPU that fits", "能装下的最便宜 GPU"),
    "headline": (
        "{gpus} x {gpu}: {hours} wall-clock ({compute} compute + {overhead} overhead), "
        "{gpu_hours} GPU-h x {price}/GPU-h ({tier}) = {cost}",
        "{gpus} x {gpu}：耗时 {hours}（计算 {compute} + 固定开销 {overhead}），"
        "{gpu_hours} 卡时 x {price}/卡时（{tier}）= {cost}",
    ),
    "headline_hours": (
        "{gpus} x {gpu}: {hours} wall-clock (set by hand; the estimate is {compute} compute), "
        "{gpu_hours} GPU-h x {price}/GPU-h ({tier}) = {cost}",
        "{gpus} x {gpu}：耗时 {hours}（手动设定；估算计算时间 {compute}），"
        "{gpu_hours} 卡时 x {price}/卡时（{tier}）= {cost}",
    ),
    "by_hand": ("set by hand", "手动设定"),
    "x_runs": (" for {runs} runs", "（{runs} 次训练）"),
    "warnings": ("Warnings", "提示"),
    "seeds": ("Seeds side by side", "与种子文档对照"),
    "size": ("Size", "规模"),
    "seed_h": ("seed hours", "种子时长"),
    "seed_cost": ("seed cost", "种子成本"),
    "est_h": ("estimate", "估算时长"),
    "est_cost": ("est. cost", "估算成本"),
    "fits": ("fits", "能装下"),
    "row": ("Seed row", "种子条目"),
    "n_examples": ("{lo:,}-{hi:,} examples", "{lo:,}-{hi:,} 条样本"),
    "fits_at": ("yes ({n} GPU)", "是（{n} 卡）"),
    "fits_n": ("yes ({n} GPUs)", "是（{n} 卡）"),
    "no_batch": ("no at batch {b}; max {m}", "批次 {b} 装不下；最大 {m}"),
    "no_gpus": ("no; needs {n} GPUs", "否；需要 {n} 卡"),
    "calibration": ("Calibration: measured runs vs this estimator", "校准：实测运行与本估算器对比"),
    "run": ("Run", "运行"),
    "measured": ("tok/s", "token/秒"),
    "predicted": ("tok/s est.", "估算 token/秒"),
    "error": ("error", "误差"),
    "m_peak": ("GiB", "实测 GiB"),
    "p_peak": ("GiB est.", "估算 GiB"),
    "oom": ("OOM", "显存不足"),
    "fit_ok": ("fits est.", "估算能装下"),
    "sources": ("Sources", "来源"),
    "src_price": (
        "{gpu} {price}/GPU-h ({tier}): {source}, checked {date} ({conf})",
        "{gpu} {price}/卡时（{tier}）：{source}，核对于 {date}（{conf}）",
    ),
    "src_peak": (
        "{gpu} {tflops:g} TFLOP/s dense bf16: {source} ({conf})",
        "{gpu} 稠密 bf16 {tflops:g} TFLOP/s：{source}（{conf}）",
    ),
    "src_model": (
        "{model} shape: {source}, checked {date} ({conf})",
        "{model} 结构：{source}，核对于 {date}（{conf}）",
    ),
    "src_overhead": (
        "overhead {h:g} h per run: {source} ({conf})",
        "每次训练固定开销 {h:g} 小时：{source}（{conf}）",
    ),
    "src_recipe": (
        "{label}: {bytes:g} B/param, {source} ({conf})",
        "{label}：每参数 {bytes:g} 字节，{source}（{conf}）",
    ),
}

#: Warnings the core raises, by code.
W: dict[str, tuple[str, str]] = {
    "nothing_fits": (
        "No GPU in the table holds this job at this batch, even sharded over 1,024 GPUs; "
        "lower --batch or --seq, turn on --grad-ckpt, or use LoRA/QLoRA.",
        "即使分片到 1,024 张卡，表中也没有 GPU 能在此批次下装下这个任务；请降低 --batch 或 --seq、"
        "开启 --grad-ckpt，或改用 LoRA/QLoRA。",
    ),
    "does_not_fit": (
        "Does not fit: {peak:.1f} GiB per GPU on {gpus} x {gpu} (usable {usable:.1f} GiB). {hint}",
        "装不下：{gpus} x {gpu} 每卡需要 {peak:.1f} GiB（可用 {usable:.1f} GiB）。{hint}",
    ),
    "hint_gpus": ("It needs {n} GPUs at this batch.", "此批次下需要 {n} 张卡。"),
    "hint_batch": (
        "On {n} GPU(s) the largest batch that fits is {b} (use gradient accumulation).",
        "{n} 张卡能装下的最大批次为 {b}（可用梯度累积）。",
    ),
    "hint_batch1": (
        "Even sharded, this batch does not fit; at batch 1 it needs {n} GPUs.",
        "即使分片，这个批次也装不下；批次为 1 时需要 {n} 张卡。",
    ),
    "hint_none": (
        "Lower --batch or --seq, or turn on --grad-ckpt.",
        "请降低 --batch 或 --seq，或开启 --grad-ckpt。",
    ),
    "truncated": (
        "Examples ({tokens:,.0f} tokens) are longer than --seq {seq:,}: they would be truncated.",
        "样本（{tokens:,.0f} token）比 --seq {seq:,} 长，会被截断。",
    ),
    "generic_shape": ("Model given by size: {note}.", "按参数量给出的模型：{note}。"),
    "prompt_tuning_speed": (
        "Prompt tuning was not measured; it uses the LoRA runs' utilisation (frozen base, "
        "activation gradients only).",
        "提示微调没有实测数据；采用 LoRA 运行的利用率（底座冻结，只算激活梯度）。",
    ),
    "qlora_speed": (
        "QLoRA was not measured on the H100; its speed is LoRA's x {ratio:g} "
        "(LLaMA-Factory, A100).",
        "QLoRA 未在 H100 上实测；其速度按 LoRA 的 {ratio:g} 倍计（LLaMA-Factory，A100）。",
    ),
    "other_gpu": (
        "Utilisation was measured on {measured} and is assumed the same on {gpu}.",
        "利用率在 {measured} 上实测，假设 {gpu} 上相同。",
    ),
    "linear_scaling": (
        "Time assumes {gpus} GPUs scale linearly (sharded data parallel; no multi-GPU run "
        "was measured).",
        "时间假设 {gpus} 张卡线性扩展（分片数据并行；未实测多卡运行）。",
    ),
    "dataset": (
        "Examples and tokens come from {path}: {examples:,} usable examples, {mean:,.0f} tokens "
        "on average, {max:,} at most (estimated: {tokenizer}).",
        "样本数和 token 数来自 {path}：{examples:,} 条可用样本，平均 {mean:,.0f} token，"
        "最长 {max:,}（估计值：{tokenizer}）。",
    ),
    "small_batch": (
        "{tokens:,} tokens per step per GPU is below the measured 4,096-8,192; small steps "
        "usually run at lower utilisation, so time may be longer.",
        "每卡每步 {tokens:,} token，低于实测的 4,096-8,192；小步长通常利用率更低，"
        "实际耗时可能更长。",
    ),
}


# --- formatting -------------------------------------------------------------------------------


def count(n: float) -> str:
    """1,234 / 1.5M / 8.03B: a count with a suffix when large."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(n) >= size:
            return f"{n / size:.3g}{suffix}"
    return f"{n:,.0f}" if n == int(n) else f"{n:,.3g}"


def sci(x: float) -> str:
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def hours(h: float, lang: Lang = "en") -> str:
    unit = " h" if lang == "en" else " 小时"
    if h < 1:
        return f"{h * 60:.0f} min" if lang == "en" else f"{h * 60:.0f} 分钟"
    return f"{h:,.1f}{unit}" if h < 100 else f"{h:,.0f}{unit}"


def hours_range(a: float, b: float, lang: Lang) -> str:
    if abs(a - b) < 1e-9:
        return hours(a, lang)
    unit = " h" if lang == "en" else " 小时"
    return f"{a:,.1f}-{b:,.1f}{unit}"


def usd(value: float) -> str:
    """Dollars for costs and hourly prices: cents below $1,000, never six decimals."""
    if 0 < value < 0.005:
        return "<$0.01"
    return f"${value:,.2f}" if value < 1000 else money(value)


def usd_small(value: float) -> str:
    """Per-token prices: three significant figures below $1 ($0.0441)."""
    return f"${value:.3g}" if 0 < value < 1 else usd(value)


def usd_range(a: float | None, b: float | None) -> str:
    """$4-$8 style ranges (whole dollars from $10 up, so table columns stay narrow)."""
    if a is None or b is None:
        return "n/a"
    if abs(a - b) < 1e-9:
        return usd(a)
    if a >= 10:
        return f"${a:,.0f}-${b:,.0f}"
    return f"{usd(a)}-{usd(b)}"


def tier_label(option_price: Any, hw: Hardware, lang: Lang) -> str:
    if option_price is None:
        return "-"
    if option_price.tier is None:
        return pick(T["by_hand"], lang)
    return hw.gpus.tiers[option_price.tier].label(lang)


CONFIDENCE = {"H": ("high", "高"), "M": ("medium", "中"), "L": ("low", "低")}


def conf_text(confidence: str, lang: Lang = "en") -> str:
    """A source's confidence (H/M/L) in words."""
    return pick(CONFIDENCE[confidence], lang) if confidence in CONFIDENCE else confidence


# --- text -------------------------------------------------------------------------------------


def method_text(est: TrainingEstimate, rules: TrainingRules, lang: Lang) -> str:
    job = est.job
    if job.method == "full":
        return pick(T["m_full"], lang).format(recipe=rules.recipes[job.recipe].label(lang))
    if job.method == "prompt_tuning":
        return pick(T["m_prompt_tuning"], lang).format(tokens=job.prompt_tokens)
    return pick(T[f"m_{job.method}"], lang).format(rank=job.lora_rank)


def basis_lines(
    est: TrainingEstimate, rules: TrainingRules, checks: Sequence[RunCheck], lang: Lang
) -> list[str]:
    """The "estimate, and from what" paragraph every report starts with."""
    u = est.utilisation
    cal = rules.calibration
    if u.basis == "override":
        first = pick(T["override_mfu"], lang).format(mfu=u.mfu)
    else:
        factor = pick(T["qlora_factor"], lang).format(ratio=u.factor) if u.factor != 1.0 else ""
        first = pick(T["calibrated"], lang).format(
            mfu=u.mfu,
            n=u.runs,
            family=pick(T[u.family], lang),
            gpu=u.gpu,
            source=cal.source.source.split(" ")[0].rsplit("/", 1)[-1],
            date=cal.source.checked.isoformat(),
            factor=factor,
        )
    worst = max(
        (
            abs(c.predicted_peak_gib / c.measured_peak_gib - 1)
            for c in checks
            if c.measured_peak_gib
        ),
        default=0.0,
    )
    return [
        pick(T["estimate"], lang) + " " + first,
        pick(T["memory_basis"], lang).format(err=max(worst, 0.01)),
    ]


def _model_line(model: ModelShape, lang: Lang) -> str:
    return pick(T["params_line"], lang).format(
        params=count(model.params),
        layers=model.layers,
        hidden=f"{model.hidden:,}",
        heads=model.heads,
        kv=model.kv_heads,
        vocab=f"{model.vocab:,}",
    )


def render_text(
    est: TrainingEstimate,
    hw: Hardware,
    rules: TrainingRules,
    lang: Lang,
    style: Style | None = None,
    *,
    checks: Sequence[RunCheck] = (),
    show_calibration: bool = False,
    cols: int = 100,
) -> str:
    """The training estimate as a terminal report."""
    style = style or Style()
    job = est.job
    out: list[str] = []
    out.append(
        heading(
            f"{pick(T['title'], lang)}{pick(COLON, lang)}{job.model.name} · "
            f"{method_text(est, rules, lang)}",
            style,
        )
    )
    for line in basis_lines(est, rules, checks, lang):
        out.extend(wrap(line, cols))
    out.append("")
    out.extend(_job_block(est, rules, lang, style, cols))
    out.append("")
    out.extend(_memory_block(est, rules, lang, style, cols))
    out.append("")
    out.extend(_compute_block(est, lang, style, cols))
    out.append("")
    out.extend(_gpu_block(est, hw, lang, style, cols))
    if est.warnings:
        out.append("")
        out.append(style(pick(T["warnings"], lang), "bold", "yellow"))
        for code, params in est.warnings:
            for i, line in enumerate(wrap(warning_text(code, params, lang), cols - 4)):
                out.append(("  ! " if i == 0 else "    ") + line)
    if est.seeds:
        out.append("")
        out.extend(_seeds_block(est, rules, lang, style, cols))
    if show_calibration and checks:
        out.append("")
        out.extend(_calibration_block(checks, rules, lang, style, cols))
    out.append("")
    out.extend(_sources_block(est, hw, rules, lang, style, cols))
    return "\n".join(out)


def warning_text(code: str, params: dict[str, Any], lang: Lang) -> str:
    """One warning from the core, in words."""
    if code == "does_not_fit":
        if params.get("min_gpus") and params["min_gpus"] > params["gpus"]:
            hint = pick(W["hint_gpus"], lang).format(n=params["min_gpus"])
        elif params.get("max_batch"):
            hint = pick(W["hint_batch"], lang).format(b=params["max_batch"], n=params["gpus"])
        elif params.get("min_gpus_batch1"):
            hint = pick(W["hint_batch1"], lang).format(n=params["min_gpus_batch1"])
        else:
            hint = pick(W["hint_none"], lang)
        return pick(W[code], lang).format(hint=hint, **params)
    return pick(W[code], lang).format(**params)


def _job_block(
    est: TrainingEstimate, rules: TrainingRules, lang: Lang, style: Style, cols: int
) -> list[str]:
    job = est.job
    pct = est.trainable_params / job.model.params
    trainable = pick(T["trainable"], lang).format(
        n=count(est.trainable_params), pct=f"{pct:.2%}" if pct >= 0.0001 else f"{pct:.4%}"
    )
    data = pick(T["data_line"], lang).format(
        examples=f"{job.examples:,}",
        tokens=f"{job.tokens_per_example:,.4g}",
        epochs=f"{job.epochs:g}",
        total=count(est.training_tokens),
        packing="" if job.packing else pick(T["padded"], lang).format(seq=job.seq_len),
        runs=pick(T["runs"], lang).format(runs=job.runs) if job.runs > 1 else "",
    )
    step = pick(T["step_line"], lang).format(
        batch=job.batch,
        seq=f"{job.step_seq:,}",
        ckpt=pick(T["on" if job.grad_ckpt else "off"], lang),
    )
    rows = [
        (
            pick(T["model"], lang),
            f"{job.model.name}{pick(COLON, lang)}{_model_line(job.model, lang)}",
        ),
        (pick(T["method"], lang), f"{method_text(est, rules, lang)}{pick(SEMI, lang)}{trainable}"),
        (pick(T["data"], lang), data),
        (pick(T["step"], lang), step),
    ]
    out = [style(pick(T["job"], lang), "bold")]
    label_width = max(len(k) for k, _ in rows) + 2
    for key, value in rows:
        lines = wrap(value, cols - label_width - 2)
        out.append(f"  {key:<{label_width}}{lines[0]}")
        out.extend(" " * (label_width + 2) + line for line in lines[1:])
    return out


def _memory_block(
    est: TrainingEstimate, rules: TrainingRules, lang: Lang, style: Style, cols: int
) -> list[str]:
    mem = est.memory
    job = est.job
    if job.method == "full":
        weight_note = pick(T["w_weights"], lang).format(bytes=rules.recipes[job.recipe].weights)
    elif job.method == "qlora":
        weight_note = f"NF4 {rules.memory.qlora_bits.value:g} bit + bf16 embeddings"
    else:
        weight_note = "bf16"
    rows = [[pick(T["c_weights"], lang), f"{mem.weights:.2f}", weight_note]]
    if mem.adapters:
        rows.append([pick(T["c_adapters"], lang), f"{mem.adapters:.2f}", ""])
    rows.append([pick(T["c_gradients"], lang), f"{mem.gradients:.2f}", ""])
    rows.append([pick(T["c_optimizer"], lang), f"{mem.optimizer:.2f}", "AdamW"])
    rows.append(
        [
            pick(T["c_activations"], lang),
            f"{mem.activations:.2f}",
            pick(T["w_activations_ckpt" if job.grad_ckpt else "w_activations"], lang),
        ]
    )
    rows.append(
        [
            pick(T["c_logits"], lang),
            f"{mem.logits:.2f}",
            pick(T["w_logits"], lang).format(vocab=f"{job.model.vocab:,}"),
        ]
    )
    rows.append(
        [
            pick(T["c_layer" if job.grad_ckpt else "c_first_layer"], lang),
            f"{mem.layer:.2f}",
            pick(T["w_layer"], lang),
        ]
    )
    rows.append([style(pick(T["peak"], lang), "bold"), style(f"{mem.peak:.2f}", "bold"), ""])
    out = [style(pick(T["memory"], lang), "bold")]
    out.append(
        table(
            [pick(T["component"], lang), pick(T["gib"], lang), pick(T["what"], lang)],
            rows,
            align="<><",
            max_width=cols,
            style=style,
        )
    )
    out.extend(
        wrap(
            pick(T["peak_line"], lang).format(peak=mem.peak, phase=pick(T[mem.phase], lang)),
            cols,
        )
    )
    return out


def _compute_block(est: TrainingEstimate, lang: Lang, style: Style, cols: int) -> list[str]:
    f = est.flops
    k = 6 if est.job.method == "full" else 4
    recompute = (
        pick(T["recompute"], lang).format(r=sci(f.recompute), hw=sci(f.hardware))
        if f.recompute
        else ""
    )
    out = [style(pick(T["compute"], lang), "bold")]
    for line in (
        pick(T["flops_line"], lang).format(useful=sci(f.useful), k=k, recompute=recompute),
        pick(T["total_flops"], lang).format(total=sci(est.total_flops)),
    ):
        out.extend("  " + part for part in wrap(line, cols - 2))
    return out


def _gpu_block(
    est: TrainingEstimate, hw: Hardware, lang: Lang, style: Style, cols: int
) -> list[str]:
    rows = []
    for o in est.options:
        mark = "* " if est.chosen is not None and o.gpu == est.chosen.gpu else ""
        gpus = pick(T["none"], lang) if o.min_gpus is None and not o.fits else str(o.gpus)
        rows.append(
            [
                mark + o.name,
                str(o.max_batch_one) if o.max_batch_one else pick(T["no"], lang),
                gpus,
                f"{o.memory.peak:.1f}" + ("" if o.fits else " !"),
                f"{o.tokens_per_s:,.0f}",
                hours(o.hours, lang),
                usd(o.price.usd_per_hour) if o.price else pick(T["na"], lang),
                tier_label(o.price, hw, lang),
                usd(o.cost_usd) if o.cost_usd is not None else pick(T["na"], lang),
            ]
        )
    out = [style(pick(T["by_gpu"], lang), "bold")]
    out.append(
        table(
            [
                pick(T["gpu"], lang),
                pick(T["fits1"], lang),
                pick(T["gpus"], lang),
                pick(T["per_gpu"], lang),
                pick(T["tok_s"], lang),
                pick(T["hours"], lang),
                pick(T["price"], lang),
                pick(T["tier"], lang),
                pick(T["cost"], lang),
            ],
            rows,
            align="<>>>>>><>",
            max_width=cols,
            style=style,
        )
    )
    out.extend(wrap(pick(T["gpu_legend"], lang), cols))
    c = est.chosen
    if c is not None:
        label = pick(T["chosen_user" if est.gpu_given else "chosen_cheapest"], lang)
        key = "headline_hours" if est.overrides.hours is not None else "headline"
        line = pick(T[key], lang).format(
            gpus=c.gpus,
            gpu=c.name,
            hours=hours(c.hours, lang),
            compute=hours(c.compute_hours, lang),
            overhead=hours(c.hours - c.compute_hours, lang),
            gpu_hours=f"{c.gpu_hours:,.2f}",
            price=usd(c.price.usd_per_hour) if c.price else "n/a",
            tier=tier_label(c.price, hw, lang),
            cost=style(usd(c.cost_usd), "bold") if c.cost_usd is not None else "n/a",
        )
        if est.job.runs > 1:
            line += pick(T["x_runs"], lang).format(runs=est.job.runs)
        out.append("")
        out.extend(wrap(f"* {label}{pick(COLON, lang)}{line}", cols))
    return out


def _seeds_block(
    est: TrainingEstimate, rules: TrainingRules, lang: Lang, style: Style, cols: int
) -> list[str]:
    out = [style(pick(T["seeds"], lang), "bold")]
    s1 = [s for s in est.seeds if s.seed == "001"]
    s2 = [s for s in est.seeds if s.seed == "002"]
    headers = [
        pick(T["seed_h"], lang),
        pick(T["seed_cost"], lang),
        pick(T["est_h"], lang),
        pick(T["est_cost"], lang),
        pick(T["fits"], lang),
    ]
    if s1:
        out.append(rules.seed_001.title(lang))
        notes: list[str] = []
        rows = []
        for s in s1:
            gpu = s.gpu_name
            if s.note:
                if s.note(lang) not in notes:
                    notes.append(s.note(lang))
                gpu += " " + "*" * (notes.index(s.note(lang)) + 1)
            rows.append(
                [
                    s.label,
                    gpu,
                    hours(s.seed_hours[0], lang),
                    usd_range(*s.seed_usd) if s.seed_usd else "-",
                    hours(s.estimate[0].hours, lang),
                    usd(s.estimate[0].cost_usd) if s.estimate[0].cost_usd is not None else "-",
                    _seed_fit(s, lang),
                ]
            )
        out.append(
            table(
                [pick(T["size"], lang), pick(T["gpu"], lang), *headers],
                rows,
                align="<<>>>><",
                max_width=cols,
                style=style,
            )
        )
        for i, note in enumerate(notes, 1):
            out.extend(wrap(f"{'*' * i} {note}", cols))
        out.extend(wrap(rules.seed_001.note(lang), cols))
    if s2:
        out.append("")
        out.append(rules.seed_002.title(lang))
        rows = []
        for s in s2:
            low, high = s.estimate
            volume = (
                pick(T["n_examples"], lang).format(lo=s.examples[0], hi=s.examples[1])
                if s.examples
                else ""
            )
            rows.append(
                [
                    f"{s.label}\n{s.seed_gpus} x {s.gpu_name}\n{volume}".rstrip(),
                    hours_range(*s.seed_hours, lang),
                    usd_range(*s.seed_usd) if s.seed_usd else "-",
                    hours_range(low.hours, high.hours, lang),
                    usd_range(low.cost_usd, high.cost_usd),
                    _seed_fit(s, lang),
                ]
            )
        out.append(
            table(
                [pick(T["row"], lang), *headers],
                rows,
                align="<>>>><",
                max_width=cols,
                style=style,
            )
        )
        out.extend(wrap(rules.seed_002.note(lang), cols))
    return out


def _seed_fit(s: SeedComparison, lang: Lang) -> str:
    o = s.estimate[0]
    if o.fits:
        return pick(T["fits_at" if o.gpus == 1 else "fits_n"], lang).format(n=o.gpus)
    if o.min_gpus and o.min_gpus > o.gpus:
        return pick(T["no_gpus"], lang).format(n=o.min_gpus)
    return pick(T["no_batch"], lang).format(b=o.memory.batch, m=o.max_batch_one)


def _calibration_block(
    checks: Sequence[RunCheck], rules: TrainingRules, lang: Lang, style: Style, cols: int
) -> list[str]:
    out = [style(pick(T["calibration"], lang), "bold")]
    rows = []
    for c in checks:
        ckpt = "ckpt" if c.grad_ckpt else "no ckpt"
        run = f"{c.model} {c.method} {c.batch}x{c.seq} {ckpt}"
        if c.out_of_memory:
            rows.append(
                [
                    run,
                    pick(T["oom"], lang),
                    f"{c.predicted_tokens_per_s:,.0f}",
                    "-",
                    "> " + f"{rules.calibration.gpu_total_gib:g}",
                    f"{c.predicted_peak_gib:.1f}",
                    pick(T["yes" if c.predicted_fits else "no"], lang),
                ]
            )
        else:
            rows.append(
                [
                    run,
                    f"{c.measured_tokens_per_s:,.0f}",
                    f"{c.predicted_tokens_per_s:,.0f}",
                    f"{c.speed_error:+.1%}",
                    f"{c.measured_peak_gib:.1f}",
                    f"{c.predicted_peak_gib:.1f}",
                    pick(T["yes" if c.predicted_fits else "no"], lang),
                ]
            )
    out.append(
        table(
            [
                pick(T["run"], lang),
                pick(T["measured"], lang),
                pick(T["predicted"], lang),
                pick(T["error"], lang),
                pick(T["m_peak"], lang),
                pick(T["p_peak"], lang),
                pick(T["fit_ok"], lang),
            ],
            rows,
            align="<>>>>><",
            max_width=cols,
            style=style,
        )
    )
    out.extend(wrap(rules.calibration.setup, cols))
    return out


def _sources_block(
    est: TrainingEstimate, hw: Hardware, rules: TrainingRules, lang: Lang, style: Style, cols: int
) -> list[str]:
    lines: list[str] = []
    model = est.job.model
    lines.append(
        pick(T["src_model"], lang).format(
            model=model.name,
            source=model.source.source,
            date=model.source.checked.isoformat(),
            conf=conf_text(model.source.confidence, lang),
        )
    )
    c = est.chosen
    if c is not None:
        gpu = hw.gpus.gpus[c.gpu]
        lines.append(
            pick(T["src_peak"], lang).format(
                gpu=gpu.name,
                tflops=gpu.bf16_tflops.value,
                source=gpu.bf16_tflops.source,
                conf=conf_text(gpu.bf16_tflops.confidence, lang),
            )
        )
        if c.price is not None and c.price.source is not None:
            src = c.price.source
            lines.append(
                pick(T["src_price"], lang).format(
                    gpu=gpu.name,
                    price=usd(src.value),
                    tier=tier_label(c.price, hw, lang),
                    source=src.source,
                    date=src.checked.isoformat(),
                    conf=conf_text(src.confidence, lang),
                )
            )
    if est.job.method == "full":
        recipe = rules.recipes[est.job.recipe]
        lines.append(
            pick(T["src_recipe"], lang).format(
                label=recipe.label(lang),
                bytes=recipe.total,
                source=recipe.source.source,
                conf=conf_text(recipe.source.confidence, lang),
            )
        )
    if est.overrides.hours is None:
        o = rules.speed.overhead_hours
        h = est.overrides.overhead_hours if est.overrides.overhead_hours is not None else o.value
        lines.append(
            pick(T["src_overhead"], lang).format(
                h=h, source=o.source, conf=conf_text(o.confidence, lang)
            )
        )
    out = [style(pick(T["sources"], lang), "bold")]
    for line in lines:
        wrapped = wrap(line, cols - 4)
        out.append("  - " + wrapped[0])
        out.extend("    " + rest for rest in wrapped[1:])
    return out


# --- JSON -------------------------------------------------------------------------------------


def to_json(
    est: TrainingEstimate,
    lang: Lang,
    *,
    checks: Sequence[RunCheck] = (),
    rules: TrainingRules | None = None,
) -> dict[str, Any]:
    """A stable, script-friendly view: every number, ids, and warnings in words."""
    data: dict[str, Any] = {"kind": "training_estimate"}
    data.update(to_jsonable(est))
    data["warnings"] = [
        {"code": code, "params": to_jsonable(params), "text": warning_text(code, params, lang)}
        for code, params in est.warnings
    ]
    if rules is not None:
        data["basis"] = basis_lines(est, rules, checks, lang)
    data["calibration"] = [to_jsonable(c) for c in checks]
    return data

"""The four options as cost models: one-off cost plus a monthly `Curve` of queries/day.

`option_models(scenario, catalog, prices)` turns the inputs into, per option, the one-off cost,
the running cost as a piecewise-linear function of volume (fixed fees, plan minimums as kinks,
self-hosted replicas as steps, tokens x volume) and the breakdown with the formula behind every
line. Formulas follow ../shared/reference/cost_model.md §A (A.1 API, A.2 RAG, A.3 hosted
fine-tuning, A.5 distillation). `advisor.core.roi` compares the models; the uncertainty
analysis can call `option_models` (or `token_cost`) directly with perturbed inputs.

Self-hosted serving is a `ServingPlan`: replicas x monthly cost per replica as a step function.
Until the training/serving estimator supplies one, `distill.self_hosted` gives it by hand.
"""

from __future__ import annotations

import functools
import math
from typing import Literal, NamedTuple

from advisor.core.catalog import Catalog
from advisor.core.curve import Curve
from advisor.core.i18n import I18n
from advisor.core.pricing import ModelPrices, Prices
from advisor.core.scenario import MAX_QUERIES_PER_DAY, OptionId, Scenario, TrainedPrices
from advisor.core.sourced import Sourced

ItemKind = Literal["oneoff", "monthly", "per_query"]


class CostItem(NamedTuple):
    """One line of an option's cost with the formula that produced it."""

    key: str
    """What it is (`tokens`, `training`, `vector_store`...); reports translate it."""
    kind: ItemKind
    usd: float
    """Its amount: one-off USD, USD per month at the user's volume, or USD per query."""
    formula: I18n
    """The inputs and the arithmetic, e.g. `5,000 ex x 900 tok x 3 ep x $5/M`."""


class UsedFigure(NamedTuple):
    """A sourced catalog figure an option's cost used."""

    label: str
    """Where in the catalog, e.g. `finetune_bases[gpt-4.1-mini].training_per_mtok`."""
    figure: Sourced


class ServingPlan(NamedTuple):
    """Self-hosted serving as a step function of volume: replicas x monthly cost per replica.

    This is the seam for the training/serving estimator: it builds a plan from a GPU ($/hour x
    GPUs x 730 h), a model and a latency target, and `compute(..., serving_plan=plan)` prices
    the distilled student with it. Without one, `distill.self_hosted` gives the numbers by hand.
    """

    replica_monthly_usd: float
    """Monthly cost of one replica."""
    queries_per_day_per_replica: float
    """Queries/day one replica serves within the latency target."""
    min_replicas: int = 1
    """Replicas kept at zero volume (1 always-on; 2 with a standby)."""
    per_query_usd: float = 0.0
    """Any per-query cost on top (egress, logging); 0 for an always-on GPU."""
    source: str = "by hand (distill.self_hosted)"
    """Where the plan came from, printed with the result."""
    figures: tuple[UsedFigure, ...] = ()
    """Sourced figures behind the plan (GPU $/hour, throughput), listed in the report."""
    extra_replicas: int = 0
    """Spare replicas on top of those the volume needs (N+1 high availability)."""
    gpus_per_replica: int = 0
    """Estimator plans only (0 by hand): GPUs in one replica."""
    usd_per_gpu_hour: float = 0.0
    """Estimator plans only: the GPU price used."""
    hours_per_month: float = 0.0
    """Estimator plans only: hours billed per month."""
    requests_per_s: float = 0.0
    """Estimator plans only: requests/s one replica serves at the latency target."""
    peak_to_avg: float = 0.0
    """Estimator plans only: peak-hour traffic over the daily average."""

    def curve(self, limit: float) -> Curve:
        """Monthly cost of the replicas as a step function of queries/day."""
        return Curve.steps(
            self.replica_monthly_usd, self.queries_per_day_per_replica, self.min_replicas, limit
        ).plus(self.extra_replicas * self.replica_monthly_usd)

    def replicas(self, queries_per_day: float) -> int:
        """Replicas at a volume, spares included."""
        needed = math.ceil(queries_per_day / self.queries_per_day_per_replica)
        return max(self.min_replicas, needed) + self.extra_replicas


class OptionModel(NamedTuple):
    """An option's cost as functions of volume: what the uncertainty analysis perturbs."""

    id: OptionId
    upfront_usd: float
    """One-off cost (engineering, labelling, training, corpus embedding, data generation)."""
    running: Curve
    """Monthly running cost against queries/day (no one-off share)."""
    items: tuple[CostItem, ...]
    """The breakdown, evaluated at the scenario's volume."""
    figures: tuple[UsedFigure, ...]
    """Catalog figures used."""
    model: str
    """The model answering queries (for availability checks and display)."""
    provider: str | None = None

    def monthly(self, queries_per_day: float, horizon_months: int) -> float:
        """Monthly cost with the one-off cost spread over the horizon."""
        return self.running(queries_per_day) + self.upfront_usd / horizon_months


# --- formulas ---------------------------------------------------------------------------------


def _n(x: float) -> str:
    """A number for a formula: thousands separators, no noise digits."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1 else f"{x:.4g}"


def _usd(x: float) -> str:
    return f"${_n(x)}"


def _tr(en: str, zh: str) -> I18n:
    return I18n(en, zh)


_INPUT = I18n("your input", "用户输入")


class TokenRates(NamedTuple):
    """$ per 1M tokens at list and at batch prices: what `token_cost` multiplies by."""

    input: float
    cached: float
    output: float
    b_input: float
    b_cached: float
    b_output: float


def _from_model(p: ModelPrices) -> TokenRates:
    return TokenRates(
        p.input_per_mtok,
        p.cached_input_per_mtok,
        p.output_per_mtok,
        p.batch_input_per_mtok,
        p.batch_cached_input_per_mtok,
        p.batch_output_per_mtok,
    )


def token_cost(
    static: float, dynamic: float, output: float, hit: float, batch: float, p: TokenRates
) -> float:
    """USD per query (cost_model.md §A.1).

    The cached share `hit` of the static prefix is billed at the cached price and the rest at
    the input price; dynamic input at the input price; output (reasoning included) at the output
    price. A `batch` share of queries pays batch prices. Plain arithmetic only, so the
    uncertainty analysis can pass arrays.
    """
    listed = static * (hit * p.cached + (1 - hit) * p.input) + dynamic * p.input
    listed = listed + output * p.output
    batched = static * (hit * p.b_cached + (1 - hit) * p.b_input) + dynamic * p.b_input
    batched = batched + output * p.b_output
    return ((1 - batch) * listed + batch * batched) / 1e6


def _token_formula(
    static: float,
    dynamic: float,
    output: float,
    hit: float,
    batch: float,
    p: TokenRates,
    note: I18n | None = None,
) -> I18n:
    en: list[str] = []
    zh: list[str] = []
    if static:
        if hit:
            mix = f"({_n(hit)} x ${_n(p.cached)} + {_n(1 - hit)} x ${_n(p.input)})/M"
            en.append(f"{_n(static)} static tok x {mix}")
            zh.append(f"{_n(static)} 静态 token x {mix}")
        else:
            en.append(f"{_n(static)} static tok x ${_n(p.input)}/M")
            zh.append(f"{_n(static)} 静态 token x ${_n(p.input)}/M")
    if dynamic:
        en.append(f"{_n(dynamic)} input tok x ${_n(p.input)}/M")
        zh.append(f"{_n(dynamic)} 输入 token x ${_n(p.input)}/M")
    if output:
        en.append(f"{_n(output)} output tok x ${_n(p.output)}/M")
        zh.append(f"{_n(output)} 输出 token x ${_n(p.output)}/M")
    e = " + ".join(en) or "0 tokens"
    z = " + ".join(zh) or "0 token"
    if batch:
        e += f"; {_n(batch * 100)}% of queries at batch prices"
        z += f"；{_n(batch * 100)}% 的查询按批量价"
    if note:
        e += f" ({note.en})"
        z += f"（{note.zh}）"
    return I18n(e, z)


def _trained(
    override: TrainedPrices,
    training: Sourced,
    inp: Sourced,
    out: Sourced,
    cached: Sourced | None,
    batch_multiplier: Sourced,
    figures: list[UsedFigure],
    label: str,
    batch_used: bool,
) -> tuple[float, TokenRates]:
    """Training price and token prices: hand prices first, else the catalog (recorded)."""

    def use(hand: float | None, fig: Sourced | None, name: str) -> float | None:
        if hand is not None:
            return float(hand)
        if fig is None:
            return None
        figures.append(UsedFigure(f"{label}.{name}", fig))
        return fig.value

    train = use(override.training_per_mtok, training, "training_per_mtok")
    i = use(override.input_per_mtok, inp, "input_per_mtok")
    o = use(override.output_per_mtok, out, "output_per_mtok")
    c = use(override.cached_input_per_mtok, cached, "cached_input_per_mtok")
    assert train is not None and i is not None and o is not None
    c = i if c is None else c
    m = override.batch_multiplier
    if m is None:
        m = batch_multiplier.value
        if batch_used:
            figures.append(UsedFigure("batch_multiplier", batch_multiplier))
    return train, TokenRates(i, c, o, i * m, c * m, o * m)


# --- the options ------------------------------------------------------------------------------


def _people(engineering: float, labelling: float, maintenance: float) -> tuple[CostItem, ...]:
    return (
        CostItem("engineering", "oneoff", engineering, _INPUT),
        CostItem("labelling", "oneoff", labelling, _INPUT),
        CostItem("maintenance", "monthly", maintenance, _INPUT),
    )


def _api(s: Scenario, prices: Prices) -> OptionModel:
    a = s.api
    p = _from_model(prices.api)
    out = a.output_tokens + a.reasoning_tokens
    per_query = token_cost(a.system_tokens, a.input_tokens, out, a.cache_hit_rate, a.batch_share, p)
    items = (
        CostItem(
            "tokens",
            "per_query",
            per_query,
            _token_formula(
                a.system_tokens,
                a.input_tokens,
                out,
                a.cache_hit_rate,
                a.batch_share,
                p,
                _tr(f"{a.model}", f"{a.model}"),
            ),
        ),
        *_people(a.engineering_usd, a.labelling_usd, a.maintenance_usd_per_month),
    )
    return OptionModel(
        "api",
        a.engineering_usd + a.labelling_usd,
        Curve.linear(a.maintenance_usd_per_month, per_query * s.days_per_month),
        items,
        (),
        a.model,
    )


def _rag(s: Scenario, catalog: Catalog, prices: Prices) -> OptionModel:
    r = s.rag
    D = s.days_per_month
    p = _from_model(prices.rag)
    figures: list[UsedFigure] = []
    emb = catalog.embedding(r.embedding)
    store = catalog.vector_store(r.vector_store)
    figures.append(UsedFigure(f"embeddings[{emb.id}].per_mtok", emb.per_mtok))
    figures.append(UsedFigure(f"embeddings[{emb.id}].batch_per_mtok", emb.batch_per_mtok))
    retrieved = r.chunks_per_query * r.chunk_tokens
    out = r.output_tokens + r.reasoning_tokens
    dynamic = r.input_tokens + retrieved
    tokens = token_cost(r.system_tokens, dynamic, out, r.cache_hit_rate, r.batch_share, p)
    query_emb = r.input_tokens * emb.per_mtok.value / 1e6
    # Index size: one vector per chunk, float32, plus metadata (Pinecone counts decimal GB).
    vectors = r.corpus_tokens / r.chunk_tokens
    index_gb = vectors * (emb.dimensions * 4 + r.metadata_bytes_per_chunk) / 1e9

    def fig(name: str) -> float:
        value: Sourced | None = getattr(store, name)
        if value is None:
            return 0.0
        figures.append(UsedFigure(f"vector_stores[{store.id}].{name}", value))
        return value.value

    minimum = fig("minimum_usd_per_month")
    flat = fig("flat_usd_per_month")
    storage_price = fig("storage_usd_per_gb_month")
    storage = index_gb * storage_price
    read_price = fig("read_usd_per_million_units")
    ru = 0.0
    if read_price:
        ru = max(fig("min_read_units_per_query"), index_gb * fig("read_units_per_gb"))
    read_cost = ru * read_price / 1e6
    store_curve = Curve.at_least(minimum, flat + storage, read_cost * D)
    churn = r.churn_per_month * r.corpus_tokens * emb.batch_per_mtok.value / 1e6
    corpus = r.corpus_tokens * emb.batch_per_mtok.value / 1e6
    running = Curve.linear(r.maintenance_usd_per_month + churn, (tokens + query_emb) * D)
    running = running + store_curve
    size = (
        f"{_n(vectors)} x ({emb.dimensions} x 4 B + {_n(r.metadata_bytes_per_chunk)} B) = "
        f"{_n(index_gb)} GB"
    )
    usage = (
        f"{_usd(flat)} + {_n(index_gb)} GB x ${_n(storage_price)} + {_n(ru)} RU x "
        f"${_n(read_price)}/M x"
    )
    items = (
        CostItem(
            "tokens",
            "per_query",
            tokens,
            _token_formula(
                r.system_tokens,
                dynamic,
                out,
                r.cache_hit_rate,
                r.batch_share,
                p,
                _tr(
                    f"{prices.rag.model}; input incl. {r.chunks_per_query} x "
                    f"{_n(r.chunk_tokens)} tok retrieved",
                    f"{prices.rag.model}；输入含检索到的 {r.chunks_per_query} x "
                    f"{_n(r.chunk_tokens)} token",
                ),
            ),
        ),
        CostItem(
            "query_embedding",
            "per_query",
            query_emb,
            _tr(
                f"{_n(r.input_tokens)} tok x ${_n(emb.per_mtok.value)}/M ({emb.id})",
                f"{_n(r.input_tokens)} token x ${_n(emb.per_mtok.value)}/M（{emb.id}）",
            ),
        ),
        CostItem(
            "vector_store",
            "monthly",
            store_curve(s.queries_per_day),
            _tr(
                f"max({_usd(minimum)} minimum, {usage} queries/month); index {size} ({store.id})",
                f"max(最低消费 {_usd(minimum)}, {usage} 每月查询数)；索引 {size}（{store.id}）",
            ),
        ),
        CostItem(
            "reembedding",
            "monthly",
            churn,
            _tr(
                f"{_n(r.churn_per_month)} x {_n(r.corpus_tokens)} tok x "
                f"${_n(emb.batch_per_mtok.value)}/M (batch)",
                f"{_n(r.churn_per_month)} x {_n(r.corpus_tokens)} token x "
                f"${_n(emb.batch_per_mtok.value)}/M（批量）",
            ),
        ),
        CostItem(
            "corpus_embedding",
            "oneoff",
            corpus,
            _tr(
                f"{_n(r.corpus_tokens)} tok x ${_n(emb.batch_per_mtok.value)}/M (batch)",
                f"{_n(r.corpus_tokens)} token x ${_n(emb.batch_per_mtok.value)}/M（批量）",
            ),
        ),
        *_people(r.engineering_usd, r.labelling_usd, r.maintenance_usd_per_month),
    )
    return OptionModel(
        "rag",
        corpus + r.engineering_usd + r.labelling_usd,
        running,
        items,
        tuple(figures),
        r.model or s.api.model,
    )


def _finetune(s: Scenario, catalog: Catalog) -> OptionModel:
    f = s.finetune
    base = catalog.finetune_base(f.base)
    figures: list[UsedFigure] = []
    train_price, p = _trained(
        f.price,
        base.training_per_mtok,
        base.input_per_mtok,
        base.output_per_mtok,
        base.cached_input_per_mtok,
        catalog.batch_multiplier,
        figures,
        f"finetune_bases[{base.id}]",
        f.batch_share > 0,
    )
    one_run = f.examples * f.tokens_per_example * f.epochs * train_price / 1e6
    every = f.retrain_every_months
    retrain = one_run / every if every else 0.0
    per_query = token_cost(
        f.system_tokens, f.input_tokens, f.output_tokens, f.cache_hit_rate, f.batch_share, p
    )
    run = (
        f"{_n(f.examples)} ex x {_n(f.tokens_per_example)} tok x {f.epochs} ep x "
        f"${_n(train_price)}/M = {_usd(one_run)}"
    )
    run_zh = (
        f"{_n(f.examples)} 样本 x {_n(f.tokens_per_example)} token x {f.epochs} 轮 x "
        f"${_n(train_price)}/M = {_usd(one_run)}"
    )
    items = (
        CostItem(
            "tokens",
            "per_query",
            per_query,
            _token_formula(
                f.system_tokens,
                f.input_tokens,
                f.output_tokens,
                f.cache_hit_rate,
                f.batch_share,
                p,
                _tr(f"ft:{base.id} prices", f"ft:{base.id} 价格"),
            ),
        ),
        CostItem(
            "training",
            "oneoff",
            one_run * f.runs,
            _tr(f"({run}) x {f.runs} run(s)", f"（{run_zh}）x {f.runs} 次训练"),
        ),
        CostItem(
            "retraining",
            "monthly",
            retrain,
            _tr(f"{_usd(one_run)} every {every} months", f"每 {every} 个月 {_usd(one_run)}")
            if every
            else _tr("never (retrain_every_months = 0)", "不重新训练（retrain_every_months = 0）"),
        ),
        *_people(f.engineering_usd, f.labelling_usd, f.maintenance_usd_per_month),
    )
    return OptionModel(
        "finetune",
        one_run * f.runs + f.engineering_usd + f.labelling_usd,
        Curve.linear(f.maintenance_usd_per_month + retrain, per_query * s.days_per_month),
        items,
        tuple(figures),
        base.id,
        base.provider,
    )


def _distill(
    s: Scenario, catalog: Catalog, prices: Prices, plan: ServingPlan | None, limit: float
) -> OptionModel:
    d = s.distill
    D = s.days_per_month
    student = catalog.student(d.student)
    figures: list[UsedFigure] = []
    teacher = _from_model(prices.teacher)
    batch = 1.0 if d.teacher_batch else 0.0
    per_example = token_cost(d.teacher_input_tokens, 0, d.teacher_output_tokens, 0, batch, teacher)
    generation = d.examples / d.acceptance_rate * per_example
    train_price, sp = _trained(
        d.student_price,
        student.training_per_mtok,
        student.input_per_mtok,
        student.output_per_mtok,
        None,
        catalog.batch_multiplier,
        figures,
        f"serverless[{student.id}]",
        False,
    )
    one_run = d.examples * d.train_tokens_per_example * d.epochs * train_price / 1e6
    every = d.retrain_every_months
    retrain = (d.regenerate_share * generation + one_run) / every if every else 0.0
    fixed = d.maintenance_usd_per_month + retrain
    t_in, t_out = (teacher.b_input, teacher.b_output) if batch else (teacher.input, teacher.output)
    gen = (
        f"{_n(d.examples)} / {_n(d.acceptance_rate)} x ({_n(d.teacher_input_tokens)} x "
        f"${_n(t_in)}/M + {_n(d.teacher_output_tokens)} x ${_n(t_out)}/M)"
    )
    train = (
        f"{_n(d.examples)} ex x {_n(d.train_tokens_per_example)} tok x {d.epochs} ep x "
        f"${_n(train_price)}/M x {d.runs}"
    )
    train_zh = (
        f"{_n(d.examples)} 样本 x {_n(d.train_tokens_per_example)} token x {d.epochs} 轮 x "
        f"${_n(train_price)}/M x {d.runs}"
    )
    regen = f"{_n(d.regenerate_share)} x {_usd(generation)} + {_usd(one_run)}"
    items: list[CostItem] = [
        CostItem(
            "generation",
            "oneoff",
            generation,
            _tr(
                f"{gen}: examples / acceptance x teacher tokens ({d.teacher_model}"
                f"{', batch' if batch else ''})",
                f"{gen}：样本数 / 通过率 x 教师 token（{d.teacher_model}"
                f"{'，批量' if batch else ''}）",
            ),
        ),
        CostItem(
            "training",
            "oneoff",
            one_run * d.runs,
            _tr(f"{train} run(s) ({student.id} LoRA)", f"{train_zh} 次（{student.id} LoRA）"),
        ),
        CostItem(
            "retraining",
            "monthly",
            retrain,
            _tr(
                f"({regen}) every {every} months (regenerated share + one training run)",
                f"每 {every} 个月 ({regen})（重新生成部分数据 + 一次训练）",
            )
            if every
            else _tr("never (retrain_every_months = 0)", "不重新训练（retrain_every_months = 0）"),
        ),
    ]
    if d.serving == "serverless":
        per_query = token_cost(d.system_tokens, d.input_tokens, d.output_tokens, 0, 0, sp)
        running = Curve.linear(fixed, per_query * D)
        items.insert(
            0,
            CostItem(
                "tokens",
                "per_query",
                per_query,
                _token_formula(
                    d.system_tokens,
                    d.input_tokens,
                    d.output_tokens,
                    0,
                    0,
                    sp,
                    _tr(f"{student.id} serverless", f"{student.id} 无服务器"),
                ),
            ),
        )
    else:
        # The serverless host's serving prices do not apply to a self-hosted student.
        figures[:] = [x for x in figures if x.label.endswith("training_per_mtok")]
        used = plan or hand_plan(s)
        running = Curve.linear(fixed, used.per_query_usd * D) + used.curve(limit)
        replicas = used.replicas(s.queries_per_day)
        spare = f" + {used.extra_replicas}" if used.extra_replicas else ""
        rule = (
            f"max({used.min_replicas}, ceil(q / {_n(used.queries_per_day_per_replica)})){spare} = "
            f"{replicas} x {_usd(used.replica_monthly_usd)}"
        )
        items.insert(
            0,
            CostItem(
                "serving",
                "monthly",
                replicas * used.replica_monthly_usd,
                _tr(
                    f"replicas {rule} per month [{used.source}]",
                    f"副本数 {rule} 每月 [{used.source}]",
                ),
            ),
        )
        if used.per_query_usd:
            items.insert(
                1,
                CostItem("tokens", "per_query", used.per_query_usd, _tr(used.source, used.source)),
            )
        figures.extend(used.figures)
    items.extend(_people(d.engineering_usd, d.labelling_usd, d.maintenance_usd_per_month))
    return OptionModel(
        "distill",
        generation + one_run * d.runs + d.engineering_usd + d.labelling_usd,
        running,
        tuple(items),
        tuple(figures),
        student.id,
    )


def hand_plan(s: Scenario) -> ServingPlan:
    """The serving plan of `distill.self_hosted`: by hand, or sized by the serving estimator.

    Numbers given by hand win (that is how the seed 001 presets reproduce the seed); otherwise
    `distill.self_hosted.gpu` names a GPU and the estimator sizes the replicas for the student.
    """
    sh = s.distill.self_hosted
    if sh.replica_monthly_usd is not None and sh.queries_per_day_per_replica is not None:
        return ServingPlan(sh.replica_monthly_usd, sh.queries_per_day_per_replica, sh.min_replicas)
    if sh.gpu is not None:
        d = s.distill
        return estimated_plan(
            sh.model or d.student,
            sh.gpu,
            tokens_in=d.system_tokens + d.input_tokens,
            tokens_out=d.output_tokens,
            peak_to_avg=sh.peak_to_avg,
            ha=sh.high_availability,
            min_replicas=sh.min_replicas,
            usd_per_hour=sh.usd_per_gpu_hour,
            price_tier=sh.price_tier,
        )
    from advisor.errors import InputError

    raise InputError(
        "distill.serving is self_hosted but no serving plan is given: set "
        "distill.self_hosted.gpu (e.g. --self-hosted h100) to size it with the serving "
        "estimator, or give distill.self_hosted.replica_monthly_usd and "
        "distill.self_hosted.queries_per_day_per_replica by hand"
    )


@functools.lru_cache(maxsize=64)
def estimated_plan(
    model: str,
    gpu: str,
    *,
    tokens_in: float,
    tokens_out: float,
    peak_to_avg: float | None,
    ha: bool,
    min_replicas: int,
    usd_per_hour: float | None,
    price_tier: str | None,
) -> ServingPlan:
    """A serving plan from the self-hosting estimator (`advisor train`'s serving model).

    Cached: the uncertainty analysis re-prices the same plan thousands of times.
    """
    from advisor.core.hardware import find_gpu, find_model, load_hardware
    from advisor.core.serving import serving_plan

    hw = load_hardware()
    # Resolve here so a typo names the scenario input, not a flag of another command.
    _, gpu_obj = find_gpu(hw.gpus, gpu, "distill.self_hosted.gpu")
    _, shape = find_model(hw.models, model, "distill.self_hosted.model")
    plan = serving_plan(
        shape,
        gpu_obj,
        hardware=hw,
        queries_per_day=0.0,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        peak_to_avg=peak_to_avg,
        ha=ha,
        min_replicas=min_replicas,
        usd_per_hour=usd_per_hour,
        price_tier=price_tier,
    )
    curve = plan.curve
    gpus = f"{curve.gpus_per_replica} x " if curve.gpus_per_replica > 1 else ""
    tier = plan.price.tier or "by hand"
    source = (
        f"serving estimator: {plan.model} on {gpus}{plan.gpu_name} at "
        f"${plan.price.usd_per_hour:g}/GPU-h ({tier}) x {plan.hours_per_month:g} h, "
        f"{curve.capacity_qpd_per_replica:,.0f} queries/day per replica at the latency target, "
        f"peak/avg {plan.peak_to_avg:g}"
    )
    figures = ()
    if plan.price.source is not None:
        figures = (UsedFigure(f"gpus[{plan.gpu}].prices.{tier}", plan.price.source),)
    return ServingPlan(
        curve.monthly_usd_per_replica,
        curve.capacity_qpd_per_replica,
        max(1, curve.min_replicas),
        0.0,
        source,
        figures,
        curve.extra_replicas,
        curve.gpus_per_replica,
        plan.price.usd_per_hour,
        plan.hours_per_month,
        plan.requests_per_s_per_replica,
        plan.peak_to_avg,
    )


def option_models(
    scenario: Scenario,
    catalog: Catalog,
    prices: Prices,
    *,
    serving_plan: ServingPlan | None = None,
    limit: float = MAX_QUERIES_PER_DAY,
) -> dict[OptionId, OptionModel]:
    """The compared options' cost models, by id, in `scenario.compare` order."""
    out: dict[OptionId, OptionModel] = {}
    for option in scenario.compare:
        if option == "api":
            out[option] = _api(scenario, prices)
        elif option == "rag":
            out[option] = _rag(scenario, catalog, prices)
        elif option == "finetune":
            out[option] = _finetune(scenario, catalog)
        else:
            out[option] = _distill(scenario, catalog, prices, serving_plan, limit)
    return out

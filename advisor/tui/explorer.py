"""The ROI explorer's state: a scenario started from the answers, a preset or a file, then edited.

Kept free of Textual (like `session.py`) so what an edit means is plain code tests can drive:
the explorer never prices anything itself. It starts from `roi_inputs.build` (defaults, then
either the user's answers or a preset or a scenario file), applies the inputs typed in the
explorer with `settings.set_path` (the same parsing and one-line messages as `advisor roi --set`)
and prices the result with `roi_inputs.compute_result`, so the screen, the saved report and
`advisor roi --scenario` always agree.

An input the core rejects is reported against its path and left out; everything else still
applies, and when nothing can be priced the last good result stays on screen. `evaluate` and
`start_inputs` are the slow parts (rules loading, the genai-prices lookup): pure functions of
frozen values, so the screen runs them in a thread while the user keeps typing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.core.analyses import DRAWS, SPREAD, Analyses
from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.core.i18n import I18n, Lang
    from advisor.core.paths import RulesDirs
    from advisor.core.presets import Preset
    from advisor.core.ranges import Range
    from advisor.core.roi import RoiResult
    from advisor.core.roi_inputs import RoiInputs
    from advisor.core.scenario import OptionId, Scenario
    from advisor.core.settings import Setting
    from advisor.tui.session import RoiSeed

EDITED = "explorer"
"""The origin of a value typed in the explorer (the report's assumptions list it)."""
ANSWERED = "your answers"
"""The origin of a value taken from the questionnaire's answers."""

FAMILY_OPTIONS: dict[str, tuple[OptionId, ...]] = {
    "prompt": ("api",),
    "rag": ("rag",),
    "finetune": ("finetune",),
    "rag_finetune": ("rag", "finetune"),
    "distill": ("distill",),
}
"""The priced option(s) each outcome family recommends: the explorer marks them with a star."""

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("volume", ("queries_per_day", "horizon_months")),
    (
        "api",
        (
            "api.model",
            "api.system_tokens",
            "api.input_tokens",
            "api.output_tokens",
            "api.cache_hit_rate",
            "api.engineering_usd",
            "api.labelling_usd",
        ),
    ),
    (
        "rag",
        ("rag.chunks_per_query", "rag.corpus_tokens", "rag.engineering_usd", "rag.labelling_usd"),
    ),
    (
        "finetune",
        (
            "finetune.examples",
            "finetune.tokens_per_example",
            "finetune.epochs",
            "finetune.engineering_usd",
            "finetune.labelling_usd",
        ),
    ),
    (
        "distill",
        (
            "distill.serving",
            "distill.teacher_model",
            "distill.examples",
            "distill.engineering_usd",
            "distill.labelling_usd",
        ),
    ),
)
"""The inputs the explorer shows by default, by group; any other is one search away."""

SERVING = "distill.serving"
GPU = "distill.self_hosted.gpu"
SERVERLESS = "serverless"
"""The serving choice: `serverless`, or a GPU id meaning self-hosted on that GPU."""

_THOUSANDS = re.compile(r"\s*[+-]?\d{1,3}(,\d{3})+(\.\d*)?\s*")
_PRICE_LOCK = threading.Lock()
_ANALYSE_LOCK = threading.RLock()


class Simulation(NamedTuple):
    """The Monte Carlo's settings, defaults as `advisor roi`'s."""

    draws: int = DRAWS
    seed: int = 0
    spread: float = SPREAD
    """How far the key inputs vary when none is a range (a share: 0.25 is +-25%)."""


class Analysis(NamedTuple):
    """A request for the analyses of one priced scenario (computed in a thread by `analyse`)."""

    inputs: RoiInputs
    result: RoiResult
    uncertainty: bool
    sensitivity: bool
    value: bool
    draws: int = DRAWS
    seed: int = 0
    spread: float = SPREAD

    @property
    def key(self) -> object:
        """What the analyses depend on: the scenario, its ranges, what was switched on and the
        simulation's settings."""
        return (
            self.inputs.scenario,
            self.inputs.ranges,
            self.uncertainty,
            self.sensitivity,
            self.draws,
            self.seed,
            self.spread,
        )


def analyse(want: Analysis) -> Analyses:
    """Run the analyses `want` asks for (blocking: the screen calls it in a thread).

    The same defaults as `advisor roi` (10,000 draws, seed 0, +-25% when nothing is ranged),
    and the same settings when changed, so the explorer's numbers are the CLI's numbers.
    """
    from advisor.core.analyses import analyse as run

    with _ANALYSE_LOCK:
        return run(
            want.inputs,
            want.result,
            uncertainty=want.uncertainty,
            sensitivity=want.sensitivity,
            draws=want.draws,
            seed=want.seed,
            spread=want.spread,
        )


class Outcome(NamedTuple):
    """What pricing the typed inputs gave: a result, or why not, input by input."""

    inputs: RoiInputs | None
    """The scenario actually priced (typed inputs that failed are left out), with origins."""
    result: RoiResult | None
    """None when nothing could be priced: the screen keeps the last good result."""
    errors: Mapping[str, str]
    """Input path -> the core's one-line message, for each typed input left out."""
    problem: str | None = None
    """A message no single input explains (shown above the results)."""


def seed_flags(seed: RoiSeed | None) -> list[tuple[str, str, str]]:
    """The answers as `build` flags: queries per day, and training examples for the fine-tune."""
    if seed is None:
        return []
    flags = []
    if seed.queries_per_day is not None:
        flags.append(("queries_per_day", number_text(seed.queries_per_day), ANSWERED))
    if seed.training_examples is not None:
        flags.append(("finetune.examples", number_text(seed.training_examples), ANSWERED))
    return flags


def start_inputs(
    dirs: RulesDirs | None,
    seed: RoiSeed | None,
    *,
    preset: str | None = None,
    scenario_file: str | Path | None = None,
) -> RoiInputs:
    """The scenario before any edit: a preset or a file as they are, else defaults + answers.

    A preset reproduces a seed's worked example, volumes included, so the answers are not laid
    over it; "reset" goes back to the answers.
    """
    from advisor.core.roi_inputs import build

    flags = seed_flags(seed) if preset is None and scenario_file is None else []
    file = str(scenario_file) if scenario_file is not None else None
    return build(dirs, preset=preset, scenario_file=file, flags=flags)


def evaluate(
    base: RoiInputs, typed: Mapping[str, str], last: str | None, today: dt.date
) -> Outcome:
    """Apply the typed inputs over `base` and price the result.

    Each input is parsed and checked as `--set` would (a range such as `200..600` included:
    the point result uses its base value, the simulation its spread); one that fails is
    reported and left out. If pricing then fails (an unknown model or GPU, a serving plan the
    inputs leave incomplete), the typed input responsible is found and left out too, so one bad
    value never hides the effect of the others.
    """
    errors: dict[str, str] = {}
    valid: dict[str, Typed] = {}
    for path, text in typed.items():
        try:
            valid[path] = _parse(base, path, text)
        except InputError as exc:
            errors[path] = str(exc)
    while True:
        try:
            inputs, result = _priced(base, valid.values(), today)
            return Outcome(inputs, result, errors)
        except InputError as exc:
            message = str(exc)
        culprit = _culprit(base, valid, message, last, today)
        if culprit is None:
            return Outcome(None, None, errors, message)
        errors[culprit] = message
        del valid[culprit]


class Typed(NamedTuple):
    """One typed input, parsed: the value the point result uses, and its range if it is one."""

    setting: Setting
    range: Range | None = None


def _parse(base: RoiInputs, path: str, text: str) -> Typed:
    """What `text` typed for `path` means, checked against the starting scenario."""
    from advisor.core.roi_inputs import may_be_range
    from advisor.core.settings import Setting, set_path

    setting = Setting(path, normalize(text), EDITED, text=True)
    if not may_be_range(setting):
        set_path(base.scenario, setting)
        return Typed(setting)
    from advisor.core import ranges

    found: dict[str, Range] = {}
    _, (point,) = ranges.apply(base.scenario, setting, found)
    return Typed(point, found.get(path))


def _culprit(
    base: RoiInputs, valid: Mapping[str, Typed], message: str, last: str | None, today: dt.date
) -> str | None:
    """The typed input a pricing error is about.

    The one the message names (an unknown model's message names where its hand prices go),
    else the one without which pricing works or fails differently: the last typed is tried
    first. A few ~1 ms pricings at most.
    """
    named = [p for p in valid if _mentions(message, p)]
    if named:
        return max(named, key=len)
    order = ([last] if last in valid else []) + [p for p in reversed(valid) if p != last]
    for path in order:
        try:
            _priced(base, [t for p, t in valid.items() if p != path], today)
        except InputError as exc:
            if str(exc) == message:
                continue
        return path
    return None


def _mentions(message: str, path: str) -> bool:
    """Whether an error message is about `path` (a model's error names its price inputs)."""
    if path in message:
        return True
    head, _, leaf = path.rpartition(".")
    price = {"model": "price", "teacher_model": "teacher_price"}.get(leaf)
    return price is not None and f"{head}.{price}." in message


def _priced(base: RoiInputs, typed: Iterable[Typed], today: dt.date) -> tuple[RoiInputs, RoiResult]:
    """`base` with the typed inputs applied and checked, and its price (raises `InputError`).

    A typed input replaces a range the start gave its path; a typed range adds one.
    """
    from advisor.core.roi_inputs import compute_result
    from advisor.core.settings import apply, check_scenario

    typed = list(typed)
    settings = [t.setting for t in typed]
    scenario = apply(base.scenario, settings)
    origins = {**base.origins, **{s.path: EDITED for s in settings}}
    check_scenario(scenario, origins)
    paths = {s.path for s in settings}
    ranges = tuple(r for r in base.ranges if r.path not in paths)
    ranges += tuple(t.range for t in typed if t.range is not None)
    inputs = base._replace(scenario=scenario, origins=origins, ranges=ranges)
    # One at a time: the genai-prices cache file is shared by every pricing call.
    with _PRICE_LOCK:
        return inputs, compute_result(inputs, today=today)


def normalize(text: str) -> str:
    """What the user typed, as `--set` reads it: `10,000` means 10000 (lists keep commas)."""
    if _THOUSANDS.fullmatch(text):
        return text.replace(",", "").strip()
    return text


def number_text(value: float) -> str:
    """A number as an input shows it: `1000`, `0.05`, never `1e+06`."""
    from advisor.core.numbers import plain_number

    return plain_number(value)


def value_text(value: Any) -> str:
    """A scenario value as editable text (the form `--set` accepts back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def one_line(message: str) -> str:
    """A core message without its origin prefix (`explorer: `): the row already says which."""
    return message.removeprefix(f"{EDITED}: ")


@functools.cache
def descriptions() -> dict[str, str]:
    """Input path -> its description (English, from the scenario schema), for the input search."""
    import json

    from advisor.core.paths import builtin_rules_dir

    try:
        schema = json.loads((builtin_rules_dir() / "schema" / "scenario.schema.json").read_text())
    except (OSError, ValueError):
        return {}
    defs = schema.get("$defs", {})
    out: dict[str, str] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, prop in node.get("properties", {}).items():
            ref = prop.get("$ref") or next(
                (a["$ref"] for a in prop.get("anyOf", []) if "$ref" in a), None
            )
            if ref:
                walk(defs.get(ref.rsplit("/", 1)[-1], {}), f"{prefix}{name}.")
            else:
                out[f"{prefix}{name}"] = prop.get("description", "")

    walk(schema, "")
    return out


def pick_lists(dirs: RulesDirs | None) -> tuple[dict[str, Preset], dict[str, str]]:
    """Every preset by name, and GPU id -> name (blocking: the screen calls it in a thread)."""
    from advisor.core.hardware import load_hardware
    from advisor.core.presets import presets_of

    gpus = load_hardware(dirs).gpus.gpus
    return presets_of(dirs), {gpu_id: gpu.name for gpu_id, gpu in gpus.items()}


class Explorer:
    """One scenario being explored: where it started, what was typed, the last good result."""

    def __init__(
        self,
        dirs: RulesDirs | None,
        seed: RoiSeed | None,
        today: dt.date,
        outcome_title: I18n | None = None,
    ) -> None:
        self.dirs = dirs
        """The rules folders (the app's `--rules`): scenario defaults, catalog, presets."""
        self.seed = seed
        """The answers the explorer started from (None: not finished, defaults only)."""
        self.today = today
        """The date prices and staleness are resolved for (pinned in tests)."""
        self.outcome_title = outcome_title
        """The recommendation's title (the explorer says where its numbers come from)."""
        self.file: Path | None = None
        """The scenario file the explorer started from, if it did."""
        self.base: RoiInputs | None = None
        """The scenario before edits; None until `start_inputs` has run."""
        self.typed: dict[str, str] = {}
        """Inputs typed in the explorer, path -> text, in the order first typed."""
        self.last: str | None = None
        """The input typed last (blamed for a pricing error that names none)."""
        self.inputs: RoiInputs | None = None
        """The scenario behind `result`."""
        self.result: RoiResult | None = None
        """The last good result (kept while the inputs are invalid)."""
        self.errors: dict[str, str] = {}
        """Input path -> why the typed value was left out."""
        self.problem: str | None = None
        self.presets: dict[str, Preset] = {}
        """Every preset by name (loaded with the first scenario)."""
        self.gpus: dict[str, str] = {}
        """GPU id -> name, for the self-hosted serving choice."""
        self.uncertainty = False
        """Simulate the ranges (Monte Carlo): a band on the plot, P(cheapest), P10..P90."""
        self.sensitivity = False
        """Move each uncertain input alone to its ends: the tornado."""
        self.simulation = Simulation()
        """The simulation's settings (`advisor roi --draws --seed --spread`)."""
        self.analyses: Analyses | None = None
        """The analyses of `result` (value, uncertainty, sensitivity), once computed."""
        self._analysed: object = None
        """What `analyses` were computed for (see `wanted`)."""

    @property
    def emphasised(self) -> tuple[OptionId, ...]:
        """The option(s) the recommendation points at."""
        return FAMILY_OPTIONS.get(self.seed.family, ()) if self.seed is not None else ()

    @property
    def preset(self) -> str | None:
        """The preset the scenario started from, if any."""
        return self.base.preset if self.base is not None else None

    def start(self, base: RoiInputs, file: Path | None = None) -> None:
        """Start again from `base` (answers, a preset or a file): every typed input is dropped."""
        self.base = base
        self.file = file
        self.typed.clear()
        self.errors.clear()
        self.last = None
        if base.presets:
            self.presets = dict(base.presets)

    def edit(self, path: str, text: str | None) -> None:
        """Record what was typed for `path`; None goes back to the starting value."""
        if text is None:
            self.typed.pop(path, None)
            self.errors.pop(path, None)
        else:
            self.typed[path] = text
        self.last = path

    def serving(self, choice: str) -> None:
        """Serve the distilled student serverless, or self-hosted on the GPU `choice`."""
        if choice == SERVERLESS:
            self.edit(SERVING, SERVERLESS)
            self.edit(GPU, None)
        else:
            self.edit(GPU, choice)
            self.edit(SERVING, "self_hosted")

    def serving_choice(self) -> str:
        """The serving choice shown: `serverless` or the GPU id."""
        scenario = self.scenario()
        if scenario is None or scenario.distill.serving == SERVERLESS:
            return SERVERLESS
        return scenario.distill.self_hosted.gpu or SERVERLESS

    def apply(self, outcome: Outcome) -> bool:
        """Take a priced outcome (computed in a thread from this state); True if it changed
        the result. The same scenario priced again keeps the result on screen as it is."""
        self.errors = dict(outcome.errors)
        self.problem = outcome.problem
        if outcome.result is None or outcome.inputs is None:
            return False
        if self.inputs is not None and outcome.inputs.scenario == self.inputs.scenario:
            self.inputs = outcome.inputs  # the same numbers; origins may differ
            return False
        self.inputs, self.result = outcome.inputs, outcome.result
        return True

    def wanted(self) -> Analysis | None:
        """The analyses the result on screen needs, or None when it needs none.

        Value is shown whenever the scenario has value inputs (as in `advisor roi`);
        uncertainty and sensitivity when switched on.
        """
        from advisor.core.analyses import has_value_inputs

        inputs, result = self.inputs, self.result
        if inputs is None or result is None:
            return None
        value = has_value_inputs(result)
        if not (self.uncertainty or self.sensitivity or value):
            return None
        return Analysis(
            inputs,
            result,
            self.uncertainty,
            self.sensitivity,
            value,
            *self.simulation,
        )

    def current(self) -> Analyses | None:
        """The analyses computed for the result on screen, if they are up to date."""
        want = self.wanted()
        if want is None or self.analyses is None or self._analysed != want.key:
            return None
        return self.analyses

    def shown(self) -> Analyses | None:
        """What to show: the up-to-date analyses, else the last ones while new ones are being
        computed (so the screen does not jump on every key), minus any switched off since."""
        current = self.current()
        if current is not None:
            return current
        want, last = self.wanted(), self.analyses
        if want is None or last is None:
            return None
        return Analyses(
            value=last.value if want.value else None,
            uncertainty=last.uncertainty if want.uncertainty else None,
            sensitivity=last.sensitivity if want.sensitivity else None,
        )

    def pending(self) -> bool:
        """Whether analyses are wanted and not yet computed for the result on screen."""
        return self.wanted() is not None and self.current() is None

    def analyse_latest(self, want: Analysis) -> Analyses | None:
        """`analyse(want)` in a thread, unless a newer request replaced it while it waited.

        A cancelled worker does not stop its thread: without this check every edit made while
        a simulation runs would queue one more full simulation whose result is thrown away.
        """
        with _ANALYSE_LOCK:
            now = self.wanted()
            if now is None or now.key != want.key:
                return None
            return analyse(want)

    def take(self, want: Analysis, analyses: Analyses) -> bool:
        """Keep analyses computed in a thread for `want`; False if the screen has moved on."""
        now = self.wanted()
        if now is None or now.key != want.key:
            return False
        self.analyses, self._analysed = analyses, want.key
        return True

    def settings_text(self) -> list[tuple[str, str, str]]:
        """(name, value, default) of the simulation's settings, as `advisor roi` flags take them."""
        sim = self.simulation
        return [
            ("draws", str(sim.draws), str(DRAWS)),
            ("seed", str(sim.seed), "0"),
            ("spread", format(sim.spread * 100, "g"), format(SPREAD * 100, "g")),
        ]

    def set_settings(self, draws: str, seed: str, spread: str) -> None:
        """Take new simulation settings as typed (raises `InputError` with `--draws`'s words)."""
        from advisor.core.analyses import parse_options

        self.simulation = Simulation(*parse_options(draws, seed, spread))

    def scenario(self) -> Scenario | None:
        """The scenario on screen: the last priced one, else the starting one."""
        if self.inputs is not None:
            return self.inputs.scenario
        return self.base.scenario if self.base is not None else None

    def start_value(self, path: str) -> str:
        """The starting value of `path`, as text (a range as `--set` writes one)."""
        from advisor.core.settings import get_path

        assert self.base is not None
        ranged = next((r for r in self.base.ranges if r.path == path), None)
        if ranged is not None:
            return ranged.as_text()
        return value_text(get_path(self.base.scenario, path))

    def ranged(self) -> tuple[str, ...]:
        """The inputs of the result on screen that are ranges."""
        return tuple(r.path for r in self.inputs.ranges) if self.inputs is not None else ()

    def shown_value(self, path: str) -> str:
        """What the input for `path` shows: what was typed, else the starting value."""
        return self.typed.get(path, self.start_value(path))

    def preset_line(self, lang: Lang) -> tuple[str, str, str] | None:
        """(name, title, description) of the preset, as the reports print it."""
        name = self.preset
        if name is None or name not in self.presets:
            return None
        chosen = self.presets[name]
        return name, chosen.title(lang), chosen.description(lang)

    def markdown(self, lang: Lang) -> str:
        """The report `advisor roi --format markdown` would print for this scenario."""
        from advisor.report.roi import render_markdown

        assert self.result is not None
        sections = (self.current() or Analyses())._asdict()
        return render_markdown(self.result, lang, preset=self.preset_line(lang), **sections)

    def scenario_yaml(self, today: dt.date | None = None) -> str:
        """A `--scenario FILE` for `advisor roi` that prices exactly what the explorer shows.

        Only what differs from the defaults is written: the preset by name (the CLI applies it
        first), then every input whose value came from the answers, a file or the explorer.
        """
        import yaml

        from advisor.core.settings import get_path

        assert self.inputs is not None
        nested: dict[str, Any] = {}
        if self.preset is not None:
            nested["preset"] = self.preset
        ranges = {r.path: r for r in self.inputs.ranges}
        for path, origin in self.inputs.origins.items():
            if origin.startswith("preset ") or origin == "--preset" or path == "preset":
                continue
            value = (
                ranges[path].as_yaml() if path in ranges else get_path(self.inputs.scenario, path)
            )
            node = nested
            *parents, leaf = path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = list(value) if isinstance(value, tuple) else value
        when = (today or self.today).isoformat()
        flags = "".join(
            f" --{name}" for name in ("uncertainty", "sensitivity") if getattr(self, name)
        )
        if flags:
            flags += "".join(
                f" --{name} {text}"
                for name, text, default in self.settings_text()
                if text != default
            )
        header = (
            "# advisor ROI scenario, saved from the interactive advisor's ROI explorer.\n"
            f"# Replay: advisor roi --scenario THIS_FILE --today {when}{flags}\n"
            "# (Only inputs that differ from rules/scenario.yaml are listed.)\n"
        )
        body = yaml.safe_dump(nested, sort_keys=False, allow_unicode=True) if nested else "{}\n"
        return header + body

"""Ranges: any numeric scenario input as a distribution instead of a single guess.

Every input of a cost comparison is a guess; a range says how sure the guess is. The forms,
the same on the command line (`--set PATH=...`) and as a YAML string in a scenario file:

    LOW..HIGH            triangular; its peak is the input's current value (defaults, preset,
                         file, earlier flags), or the midpoint when that value is empty or lies
                         outside LOW..HIGH
    LOW..BASE..HIGH      triangular with its peak at BASE
    +-PCT%  (or ±PCT%)   triangular from value x (1 - PCT%) to value x (1 + PCT%) around the
                         current value, clipped to the input's limits (a share stays <= 1)
    uniform:LOW..HIGH    every value in LOW..HIGH equally likely
    lognormal:P10..P90   a lognormal given its 10th and 90th percentiles
    lognormal:mean=M,sd=S
    (`tri:`/`triangular:`, `uni:`, `logn:` name the same forms)

A YAML mapping says the same: `{low: 200, high: 600}` (optionally `base:`), `{dist: uniform,
low: 200, high: 600}`, `{dist: lognormal, p10: 200, p90: 600}`, `{dist: lognormal, mean: 400,
sd: 100}`; any of them may add `base:` (the point value) and `group:` (see below).

The *base* of a range is the value the ordinary (point) report uses: BASE when given, else the
current value when it lies inside the range (for a lognormal: inside P10..P90), else the
midpoint (the median for a lognormal). So adding a range around your guess never changes the
point estimate. Whole-number inputs (epochs, runs, examples...) round every draw.

Correlation. Separate ranges are drawn independently. A path with `*` segments
(`*.output_tokens=200..600`) sets every matching input, and those draw together: one random
quantile per draw, mapped through each input's own distribution (perfectly rank-correlated),
because the answer length is the same whatever option produces it. In YAML, `group: NAME`
puts ranges of different paths in one such group.
"""

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from advisor.core.numbers import comma_hint, parse_number
from advisor.core.scenario import Scenario
from advisor.core.settings import (
    RANGE_KEY_NAMES,
    RANGE_KEYS,
    Setting,
    _optional,
    _unknown_path,
    get_path,
    set_path,
)
from advisor.errors import InputError

Dist = Literal["triangular", "uniform", "lognormal"]
DISTS: tuple[Dist, ...] = ("triangular", "uniform", "lognormal")
_ALIASES: dict[str, Dist] = {
    "tri": "triangular",
    "triangular": "triangular",
    "uni": "uniform",
    "uniform": "uniform",
    "logn": "lognormal",
    "lognormal": "lognormal",
}

#: The 90th percentile of the standard normal: a lognormal's P10..P90 is exp(mu -+ Z90 sigma).
Z90 = 1.2815515655446004

FORMS = (
    "LOW..HIGH, LOW..BASE..HIGH, +-PCT%, uniform:LOW..HIGH, lognormal:P10..P90 or "
    "lognormal:mean=M,sd=S"
)


class Range(NamedTuple):
    """One uncertain input: how it is distributed and the value the point report uses."""

    path: str
    dist: Dist
    low: float
    """Lowest value (triangular, uniform) or the 10th percentile (lognormal)."""
    base: float
    """The point value; for a triangular range also its peak (mode)."""
    high: float
    """Highest value (triangular, uniform) or the 90th percentile (lognormal)."""
    group: str
    """Ranges in one group share their random quantile in every draw (rank-correlated)."""
    origin: str
    """Where it was given (`--set`, `file.yaml:12`, `default +-25%`)."""
    text: str
    """How it was written, for the report."""
    integer: bool = False
    """A whole-number input: draws are rounded."""
    floor: float = -math.inf
    """The input's lower limit: draws are clipped to it (lognormal tails, rounding)."""
    ceiling: float = math.inf
    """The input's upper limit (e.g. 1 for a share)."""

    @property
    def mu(self) -> float:
        """Lognormal: mean of the log."""
        return (math.log(self.low) + math.log(self.high)) / 2

    @property
    def sigma(self) -> float:
        """Lognormal: standard deviation of the log."""
        return (math.log(self.high) - math.log(self.low)) / (2 * Z90)

    def ends(self) -> tuple[float, float]:
        """The low and high values a one-way sensitivity uses: the ends, or P10/P90."""
        return self._fix(self.low), self._fix(self.high)

    def _fix(self, x: float) -> float:
        if self.integer:
            x = round(x)
        return min(self.ceiling, max(self.floor, x))

    def describe(self) -> str:
        """`triangular 200..300..600`, `uniform 0.2..0.6`, `lognormal P10 200, P90 600`."""
        n = _num
        if self.dist == "triangular":
            return f"triangular {n(self.low)}..{n(self.base)}..{n(self.high)}"
        if self.dist == "uniform":
            return f"uniform {n(self.low)}..{n(self.high)}"
        return f"lognormal P10 {n(self.low)}, P90 {n(self.high)}"

    def as_text(self) -> str:
        """The range as `--set PATH=...` takes it back (`200..300..600`, `uniform:0.2..0.6`).

        Read back against a scenario holding this range's base, it gives the same range.
        """
        from advisor.core.numbers import plain_number as n

        if self.dist == "triangular":
            return f"{n(self.low)}..{n(self.base)}..{n(self.high)}"
        if self.dist == "uniform":
            return f"uniform:{n(self.low)}..{n(self.high)}"
        return f"lognormal:{n(self.low)}..{n(self.high)}"

    def as_yaml(self) -> dict[str, Any]:
        """The range as a scenario file's mapping, base and group included (exact)."""
        n = _yaml_num
        out: dict[str, Any] = {"dist": self.dist}
        if self.dist == "lognormal":
            out |= {"p10": n(self.low), "p90": n(self.high)}
        else:
            out |= {"low": n(self.low), "high": n(self.high)}
        out["base"] = n(self.base)
        if self.group != self.path:
            out["group"] = self.group
        return out

    def sample(self, us: Sequence[float]) -> list[float]:
        """The input's value at each random quantile in `us` (inverse CDF), rounded and clipped.

        Inverse-CDF sampling lets a group of ranges share one quantile per draw; plain list
        comprehensions keep 10,000 draws at about a millisecond per input (no numpy import).
        """
        lo, hi = self.low, self.high
        if self.dist == "lognormal":
            from statistics import NormalDist

            inv = NormalDist(self.mu, self.sigma).inv_cdf
            exp = math.exp
            tiny = 1e-300
            xs = [exp(inv(u if u > 0 else tiny)) for u in us]
        elif hi == lo:
            return [self.base] * len(us)  # a degenerate range is exactly its value
        elif self.integer and hi - lo <= 1000:
            # A whole-number input takes value k when the continuous draw rounds to k, i.e.
            # when the quantile falls between the CDF at k - 0.5 and at k + 0.5: one pass.
            from bisect import bisect_right

            start = int(lo)
            cuts = [self.cdf(k + 0.5) for k in range(start, int(hi))]
            return [start + bisect_right(cuts, u) for u in us]
        elif self.dist == "uniform":
            w = hi - lo
            xs = [lo + u * w for u in us]
        else:
            mode = self.base
            fc = (mode - lo) / (hi - lo)
            k1 = (hi - lo) * (mode - lo)
            k2 = (hi - lo) * (hi - mode)
            sqrt = math.sqrt
            xs = [lo + sqrt(u * k1) if u < fc else hi - sqrt((1 - u) * k2) for u in us]
        if self.integer:
            xs = [round(x) for x in xs]
        if self.dist == "lognormal":  # the only draws that can leave the input's limits: tails
            f, c = self.floor, self.ceiling
            xs = [c if x > c else f if x < f else x for x in xs]
        return xs

    def quantile(self, p: float) -> float:
        """The value with a share `p` of the distribution below it (before rounding)."""
        lo, hi = self.low, self.high
        if self.dist == "lognormal":
            from statistics import NormalDist

            return math.exp(NormalDist(self.mu, self.sigma).inv_cdf(p))
        if hi == lo:
            return self.base
        if self.dist == "uniform":
            return lo + p * (hi - lo)
        mode = self.base
        if p < (mode - lo) / (hi - lo):
            return lo + math.sqrt(p * (hi - lo) * (mode - lo))
        return hi - math.sqrt((1 - p) * (hi - lo) * (hi - mode))

    def cdf(self, x: float) -> float:
        """P(value <= x) before rounding and clipping (for tests and closed forms)."""
        lo, hi = self.low, self.high
        if self.dist == "lognormal":
            if x <= 0:
                return 0.0
            return 0.5 * (1 + math.erf((math.log(x) - self.mu) / (self.sigma * math.sqrt(2))))
        if x < lo:
            return 0.0
        if x >= hi:
            return 1.0
        if self.dist == "uniform":
            return (x - lo) / (hi - lo)
        mode = self.base
        if x <= mode:
            return (x - lo) ** 2 / ((hi - lo) * (mode - lo))
        return 1 - (hi - x) ** 2 / ((hi - lo) * (hi - mode))


def _num(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1 else f"{x:.4g}"


def _yaml_num(x: float) -> float | int:
    return int(x) if x == int(x) and abs(x) < 1e15 else x


# --- which settings are ranges ------------------------------------------------------------------


def is_glob(path: str) -> bool:
    """A path with wildcards (`*.output_tokens`) that stands for several inputs."""
    return "*" in path or "?" in path or "[" in path


def looks_like_range(value: Any) -> bool:
    """Cheap test on a setting's value: might it be a range? (`ranges.apply` decides.)"""
    if isinstance(value, Mapping):
        return True
    if not isinstance(value, str):
        return False
    v = value.strip()
    if ".." in v or v.startswith(("+-", "±")) or v.endswith("%"):
        return True
    head, sep, _ = v.partition(":")
    return bool(sep) and head.strip().lower() in _ALIASES


def expand(pattern: str, origin: str, scenario: Scenario | None = None) -> list[str]:
    """The input paths a wildcard path matches, segment by segment (`*` stays in one segment).

    With a `scenario`, its paths come from walking the instance (no type hints needed).
    """
    from fnmatch import fnmatchcase

    parts = pattern.strip().split(".")
    size = len(parts)
    candidates = _split(scenario)
    if size == 2 and parts[0] == "*" and not is_glob(parts[1]):  # the usual `*.leaf`
        out = [p for p, split in candidates if len(split) == 2 and split[1] == parts[1]]
    else:

        def match(a: str, b: str) -> bool:
            return a == b if not is_glob(b) else b == "*" or fnmatchcase(a, b)

        out = [
            p
            for p, split in candidates
            if len(split) == size and all(match(a, b) for a, b in zip(split, parts, strict=True))
        ]
    if not out:
        raise InputError(
            f"{origin}: no input matches {pattern!r} (a `*` matches one part of a path, e.g. "
            "*.output_tokens); see `advisor roi --list-inputs`"
        )
    return out


def _split(scenario: Scenario | None) -> list[tuple[str, list[str]]]:
    global _SPLIT
    if _SPLIT is not None and _SPLIT[0] is scenario:
        return _SPLIT[1]
    if scenario is None:
        paths: tuple[str, ...] = _paths()
    else:
        from advisor.core.settings import leaf_values

        paths = tuple(p for p, _ in leaf_values(scenario))
    out = [(p, p.split(".")) for p in paths]
    _SPLIT = (scenario, out)
    return out


#: The last scenario's paths, split: several wildcards in a row expand over the same inputs.
_SPLIT: tuple[Scenario | None, list[tuple[str, list[str]]]] | None = None


def _field_type(path: str) -> Any:
    """The annotated type of input `path`, or None (not an input, or a group of inputs).

    Evaluates each distinct annotation string once in the scenario module, rather than
    `typing.get_type_hints` per class: that compiles every field's annotation of every class
    (~200 compiles, ~3 ms), more than all 10,000 draws of one option cost.
    """
    import dataclasses

    cls: Any = Scenario
    parts = path.split(".")
    for k, part in enumerate(parts):
        field = next((f for f in dataclasses.fields(cls) if f.name == part), None)
        if field is None:
            return None
        tp = _annotation(field.type) if isinstance(field.type, str) else field.type
        bare, _, _ = _optional(tp)
        if dataclasses.is_dataclass(bare):
            if k == len(parts) - 1:
                return None
            cls = bare
        elif k == len(parts) - 1:
            return tp
        else:
            return None
    return None


@functools.cache
def _paths(cls: Any = Scenario, prefix: str = "") -> tuple[str, ...]:
    """`settings.all_paths()` without `typing.get_type_hints` (see `_field_type`)."""
    import dataclasses

    out: list[str] = []
    for f in dataclasses.fields(cls):
        tp = _annotation(f.type) if isinstance(f.type, str) else f.type
        bare, _, _ = _optional(tp)
        if dataclasses.is_dataclass(bare):
            out.extend(_paths(bare, f"{prefix}{f.name}."))
        else:
            out.append(f"{prefix}{f.name}")
    return tuple(out)


@functools.cache
def _annotation(text: str) -> Any:
    import advisor.core.scenario as module

    return eval(text, vars(module))  # an annotation of our own dataclasses, not user input


def numeric_kind(path: str) -> tuple[type, Any, bool] | None:
    """(int or float, Bounds or None, optional) of a numeric input; None for any other input."""
    tp = _field_type(path)
    if tp is None:
        return None
    bare, meta, optional = _optional(tp)
    if bare not in (int, float):
        return None
    from advisor.core.bounds import Bounds

    bounds = next((m for m in meta if isinstance(m, Bounds)), None)
    return bare, bounds, optional


# --- applying settings ----------------------------------------------------------------------------


def apply(
    scenario: Scenario, setting: Setting, ranges: dict[str, Range]
) -> tuple[Scenario, list[Setting]]:
    """Apply one setting that may be a range or a wildcard path; ranges go into `ranges`.

    Returns the scenario with each range's base set, and the plain settings that were applied
    (one per matched path, for the origins of the report). A later plain value for a path
    drops its range; a later range replaces an earlier one.
    """
    path = setting.path.strip()
    if is_glob(path):
        paths = expand(path, setting.origin, scenario)
        group = path
    else:
        paths = [path]
        group = path
    applied: list[Setting] = []
    ranged = looks_like_range(setting.value)
    if ranged and isinstance(setting.value, Mapping) and "group" in setting.value:
        group = str(setting.value["group"]).strip() or group
    if ranged and is_glob(path):
        numeric = [p for p in paths if numeric_kind(p) is not None]
        if not numeric:
            raise InputError(
                f"{setting.origin}: {path}={_show(setting.value)}: ranges are for numbers and "
                f"{path} matches no numeric input"
            )
        paths = numeric
    for p in paths:
        one = setting._replace(path=p)
        r = parse(scenario, one, group) if ranged else None
        if r is None:
            scenario = set_path(scenario, one)
            ranges.pop(p, None)
            applied.append(one)
            continue
        base: float | int = int(r.base) if r.integer else r.base
        scenario = set_path(scenario, Setting(p, base, setting.origin))
        ranges[p] = r
        applied.append(Setting(p, base, setting.origin))
    return scenario, applied


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def parse(scenario: Scenario, setting: Setting, group: str | None = None) -> Range | None:
    """`setting` as a `Range`, or None when it is a plain value after all (e.g. a model name
    with `..` in it). Every problem is a one-line `InputError`."""
    path = setting.path.strip()
    kind = numeric_kind(path)
    raw = setting.value
    if kind is None:
        if _field_type(path) is None:
            # Unknown path or a group of inputs: set_path words the error (close matches).
            set_path(scenario, setting._replace(value="0"))
            raise _unknown_path(setting)  # pragma: no cover - set_path raised already
        if isinstance(raw, Mapping):
            raise InputError(
                f"{setting.origin}: {path} takes a single value; ranges are for numeric inputs"
            )
        return None
    where = f"{setting.origin}: {path}={_show(raw)}"
    number, bounds, _ = kind
    current = get_path(scenario, path)
    spec = _spec(raw, where)
    dist = spec["dist"]

    def num(key: str) -> float | None:
        v = spec.get(key)
        if v is None:
            return None
        return _number(v, key, where)

    def check(value: float, key: str) -> None:
        if number is int and value != int(value):
            raise InputError(f"{where}: {key} {_num(value)} must be a whole number")
        if bounds is not None and bounds.violated(value):
            raise InputError(f"{where}: {key} {_num(value)} must be {bounds.describe()}")

    floor, ceiling = -math.inf, math.inf
    if bounds is not None:
        if bounds.ge is not None or bounds.gt is not None:
            floor = bounds.ge if bounds.ge is not None else bounds.gt
        if bounds.le is not None:
            ceiling = bounds.le
    base = num("base")
    if "pct" in spec:
        pct = _number(spec["pct"], "PCT", where)
        if not 0 < pct <= 1000:
            raise InputError(f"{where}: PCT must be above 0 and at most 1000")
        if current is None:
            raise InputError(f"{where}: {path} has no value to vary; give LOW..HIGH")
        # Clipped to the input's limits: +-20% of a 0.9 share is 0.72..1, not 0.72..1.08.
        low = max(current * (1 - pct / 100), floor)
        high = min(current * (1 + pct / 100), ceiling)
        if number is int:
            low, high = float(math.ceil(low)), float(math.floor(high))
        if bounds is not None and bounds.violated(low):
            raise InputError(f"{where}: {path} must be {bounds.describe()}; use a smaller PCT")
        base = float(current)
    elif dist == "lognormal":
        p10, p90 = num("p10"), num("p90")
        mean, sd = num("mean"), num("sd")
        if p10 is not None and p90 is not None:
            if p10 <= 0:
                raise InputError(f"{where}: P10 must be above 0 (a lognormal is positive)")
            if p10 >= p90:
                raise InputError(f"{where}: P10 {_num(p10)} must be below P90 {_num(p90)}")
            low, high = p10, p90
        elif mean is not None and sd is not None:
            if mean <= 0 or sd <= 0:
                raise InputError(f"{where}: mean and sd must be above 0 (a lognormal is positive)")
            s2 = math.log(1 + (sd / mean) ** 2)
            mu, sigma = math.log(mean) - s2 / 2, math.sqrt(s2)
            low, high = math.exp(mu - Z90 * sigma), math.exp(mu + Z90 * sigma)
        else:
            raise InputError(f"{where}: a lognormal needs P10..P90 (p10, p90) or mean and sd")
        if floor > 0 and low < floor:
            raise InputError(f"{where}: P10 {_num(low)} must be {bounds.describe()}")  # type: ignore[union-attr]
        if high > ceiling:
            raise InputError(f"{where}: P90 {_num(high)} must be {bounds.describe()}")  # type: ignore[union-attr]
        if base is None:
            median = math.exp((math.log(low) + math.log(high)) / 2)
            base = float(current) if current is not None and low <= current <= high else median
    else:
        lo, hi = num("low"), num("high")
        if lo is None or hi is None:
            raise InputError(f"{where}: a {dist} range needs low and high")
        if lo > hi:
            raise InputError(f"{where}: low {_num(lo)} is above high {_num(hi)}")
        check(lo, "low")
        check(hi, "high")
        low, high = lo, hi
        if base is None:
            inside = current is not None and low <= current <= high
            base = float(current) if inside else (low + high) / 2
    if base is not None and dist != "lognormal" and not low <= base <= high:
        raise InputError(f"{where}: base {_num(base)} is outside {_num(low)}..{_num(high)}")
    if number is int:
        base = float(round(base))
    check(base, "base")
    text = raw if isinstance(raw, str) else _show(raw)
    return Range(
        path=path,
        dist=dist,
        low=float(low),
        base=float(base),
        high=float(high),
        group=group or path,
        origin=setting.origin,
        text=text.strip(),
        integer=number is int,
        floor=float(floor),
        ceiling=float(ceiling),
    )


def _number(v: Any, key: str, where: str) -> float:
    if isinstance(v, bool):
        raise InputError(f"{where}: {key} must be a number; got {v!r}")
    if isinstance(v, int | float):
        x = float(v)
    else:
        try:
            x = parse_number(str(v))
        except ValueError:
            raise InputError(
                f"{where}: {key} must be a number; got {str(v).strip()!r}{comma_hint(v)} "
                f"(forms: {FORMS})"
            ) from None
    if not math.isfinite(x):
        raise InputError(f"{where}: {key} must be a finite number; got {str(v).strip()!r}")
    return x


def _spec(raw: Any, where: str) -> dict[str, Any]:
    """The range's parts by name (`dist`, `low`, `base`, `high`, `p10`...) from text or YAML."""
    if isinstance(raw, Mapping):
        unknown = [str(k) for k in raw if k not in RANGE_KEYS]
        if unknown:
            listed = ", ".join(repr(k) for k in unknown)
            raise InputError(
                f"{where}: unknown range key{'s' if len(unknown) > 1 else ''} {listed}; "
                f"allowed: {', '.join(RANGE_KEY_NAMES)}"
            )
        spec = {k: v for k, v in raw.items() if k in RANGE_KEYS and k != "group"}
        name = str(spec.pop("dist", "triangular")).strip().lower()
        if name not in _ALIASES:
            raise InputError(f"{where}: unknown distribution {name!r}; use {', '.join(DISTS)}")
        spec["dist"] = _ALIASES[name]
        if spec["dist"] == "lognormal" and "p10" not in spec and "low" in spec:
            spec["p10"], spec["p90"] = spec.pop("low"), spec.pop("high", None)
        return spec
    text = str(raw).strip()
    if text.startswith(("+-", "±")) and text.endswith("%"):
        return {"dist": "triangular", "pct": text.lstrip("+-±").rstrip("%").strip()}
    dist: Dist = "triangular"
    head, sep, rest = text.partition(":")
    if sep and head.strip().lower() in _ALIASES:
        dist = _ALIASES[head.strip().lower()]
        text = rest.strip()
    elif sep and head.strip().isalpha():
        raise InputError(
            f"{where}: unknown distribution {head.strip()!r}; use triangular, uniform or lognormal"
        )
    if dist == "lognormal" and "=" in text:
        spec: dict[str, Any] = {"dist": dist}
        for part in text.split(","):
            key, eq, value = part.partition("=")
            key = key.strip().lower()
            if not eq or key not in ("mean", "sd", "p10", "p90"):
                raise InputError(f"{where}: expected lognormal:mean=M,sd=S or lognormal:P10..P90")
            spec[key] = value
        return spec
    parts = text.split("..")
    if len(parts) == 2 and dist == "lognormal":
        return {"dist": dist, "p10": parts[0], "p90": parts[1]}
    if len(parts) == 2:
        return {"dist": dist, "low": parts[0], "high": parts[1]}
    if len(parts) == 3 and dist != "lognormal":
        return {"dist": dist, "low": parts[0], "base": parts[1], "high": parts[2]}
    raise InputError(f"{where}: not a range; forms: {FORMS}")

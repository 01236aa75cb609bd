"""How exact is `advisor.core.tokenest`? Measure it against a real OpenAI tokenizer.

    python bench/token_estimate.py            # error of the estimate on the recorded samples
    python bench/token_estimate.py --record   # rebuild the samples and their real token counts
    python bench/token_estimate.py --fit      # least squares: fit on half, test on the rest

The samples (`tests/data/tokens/samples.jsonl`) are English docstrings and source code from the
Python standard library and paragraphs of the Chinese seed documents, each with its token count
in `o200k_base` and `cl100k_base`. Recording and fitting need a tokenizer that works offline:
`pip install bpe-openai` (its wheel ships the BPE ranks; tiktoken would download them). The
plain run needs nothing: it compares against the recorded counts, as the unit test does.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.core import tokenest  # noqa: E402

SAMPLES = ROOT / "tests" / "data" / "tokens" / "samples.jsonl"
ENCODINGS = ("o200k_base", "cl100k_base")
PROSE_MODULES = (  # noqa: SIM905
    "json argparse pathlib collections itertools functools textwrap string re csv datetime "
    "decimal fractions statistics shutil tempfile logging urllib.parse subprocess threading "
    "difflib heapq bisect random zipfile calendar configparser contextlib dataclasses enum"
).split()
CODE_MODULES = (
    "json.decoder",
    "textwrap",
    "difflib",
    "heapq",
    "statistics",
    "csv",
    "fractions",
    "calendar",
)


def _seed_dir() -> Path | None:
    for candidate in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if candidate.is_dir():
            return candidate
    return None


def build_samples() -> list[tuple[str, str]]:
    """(kind, text) pairs: prose, code, Chinese and mixed Chinese/English Markdown."""
    rnd = random.Random(7)
    out: list[tuple[str, str]] = []
    for name in PROSE_MODULES:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            doc = inspect.getdoc(obj)
            if doc and len(doc) > 120 and ">>>" not in doc:
                out.append(("en", doc[:1200]))
    for name in CODE_MODULES:
        lines = inspect.getsource(importlib.import_module(name)).splitlines()
        for i in range(0, len(lines) - 25, 90):
            out.append(("code", "\n".join(lines[i : i + rnd.randint(8, 25)])))
    seeds = _seed_dir()
    if seeds is not None:
        for path in sorted(seeds.glob("00*.txt")):
            for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
                para = para.strip()
                if len(para) < 20:
                    continue
                cjk = len(re.findall(r"[\u4e00-\u9fff]", para))
                kind = "zh" if cjk > len(para) * 0.3 else "mixed"
                if para.startswith("```"):
                    kind = "code"
                out.append((kind, para[:1200]))
    return out


def record() -> None:
    import bpe_openai  # type: ignore[import-not-found]

    encoders = {name: bpe_openai.get_encoding(name) for name in ENCODINGS}
    SAMPLES.parent.mkdir(parents=True, exist_ok=True)
    with SAMPLES.open("w", encoding="utf-8") as handle:
        for kind, text in build_samples():
            row = {"kind": kind, "text": text}
            row.update({name: len(enc.encode(text)) for name, enc in encoders.items()})
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {SAMPLES.relative_to(ROOT)}")


def load() -> list[dict]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def counts(text: str) -> list[float]:
    """The features of the model, as `tokenest.features` computes them."""
    return list(tokenest.features(text))


def _solve(rows: list[list[float]], target: list[float]) -> list[float]:
    k = len(rows[0])
    m = [[sum(r[i] * r[j] for r in rows) for j in range(k)] for i in range(k)]
    v = [sum(r[i] * t for r, t in zip(rows, target, strict=True)) for i in range(k)]
    for i in range(k):
        for j in range(i + 1, k):
            f = m[j][i] / m[i][i]
            m[j] = [a - f * b for a, b in zip(m[j], m[i], strict=True)]
            v[j] -= f * v[i]
    x = [0.0] * k
    for i in reversed(range(k)):
        x[i] = (v[i] - sum(m[i][c] * x[c] for c in range(i + 1, k))) / m[i][i]
    return x


def fit(rows: list[dict]) -> None:
    train, test = rows[::2], rows[1::2]
    for name in ENCODINGS:
        feats = [[f / r[name] for f in counts(r["text"])] for r in train]
        coef = _solve(feats, [1.0] * len(train))
        print(f"{name}: alnum, wide, deleted = {', '.join(f'{c:.4f}' for c in coef)}")
        errs = [
            (sum(c * f for c, f in zip(coef, counts(r["text"]), strict=True)) - r[name]) / r[name]
            for r in test
        ]
        print(f"  held-out mean |error| {statistics.mean(abs(e) for e in errs):.1%}")


def report(rows: list[dict]) -> None:
    print(f"{len(rows)} samples, estimate = advisor.core.tokenest ({tokenest.TOKENIZER})")
    header = f"{'kind':6} {'n':>4} {'encoding':12} {'total':>7} {'mean|err|':>9} {'p90|err|':>8}"
    print(header)
    print("-" * len(header))
    for kind in ("en", "zh", "code", "mixed", "all"):
        subset = [r for r in rows if kind in ("all", r["kind"])]
        if not subset:
            continue
        for name in ENCODINGS:
            est = [tokenest.estimate_tokens(r["text"]) for r in subset]
            real = [r[name] for r in subset]
            errs = sorted(abs(e - t) / t for e, t in zip(est, real, strict=True))
            total = (sum(est) - sum(real)) / sum(real)
            print(
                f"{kind:6} {len(subset):4} {name:12} {total:+7.1%} "
                f"{statistics.mean(errs):9.1%} {errs[int(len(errs) * 0.9)]:8.1%}"
            )
    zh = [r for r in rows if r["kind"] == "zh"]
    if zh:
        chars = sum(len(r["text"]) for r in zh)
        print(
            f"Chinese: {sum(r['o200k_base'] for r in zh) / chars:.2f} o200k tokens per character, "
            f"{sum(r['cl100k_base'] for r in zh) / chars:.2f} cl100k; len/4 would give 0.25"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="rebuild the samples (bpe-openai)")
    parser.add_argument("--fit", action="store_true", help="print least-squares coefficients")
    args = parser.parse_args()
    if args.record:
        record()
    rows = load()
    if args.fit:
        fit(rows)
    report(rows)


if __name__ == "__main__":
    main()

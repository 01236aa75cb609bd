"""How many tokens a text is, estimated offline in a fraction of a microsecond.

Why an estimate: an exact OpenAI tokenizer needs its BPE ranks, and tiktoken downloads them at
run time (advisor never touches the network); an exact BPE also runs at ~14 MB/s, twenty times
slower than reading the JSON, which would make `advisor data` on a multi-GB file crawl.

How: a linear model over three counts that C code computes without a Python-level loop over
the characters: ASCII letters and digits, ASCII spaces and punctuation (what `bytes.translate`
deletes), and "wide" characters. Wide characters are counted from the UTF-8 length: a CJK
character takes three bytes for one character, so `(bytes - chars) / 2` is the number of CJK
characters in Chinese text (Latin accents and Cyrillic count half each, emoji one and a half).
That is what makes Chinese sensible: `len(text) / 4` under-counts Chinese about threefold (o200k
spends 0.65 tokens on a Chinese character), this does not.

The coefficients were fitted (least squares on relative error, on half of the samples) to
`o200k_base`, the tokenizer of GPT-4o, GPT-4.1 and GPT-5, the models the seeds fine-tune.
`bench/token_estimate.py` measures them against the real tokenizer on the 600 samples in
`tests/data/tokens/samples.jsonl` (Python docstrings and source, paragraphs of the Chinese seed
texts); `tests/unit/test_tokenest.py` keeps them honest. Measured: totals within 1% on English
and on Chinese prose, -5% on code, -13% on mixed Chinese/English Markdown; one text is off by
8-9% on average for prose and 14-17% for code and Markdown. `cl100k_base` (GPT-3.5/GPT-4)
agrees on English but spends about 1.4x more tokens on Chinese.
"""

from __future__ import annotations

TOKENIZER = "estimate (calibrated on o200k_base)"
"""What `advisor data` reports as its tokenizer."""

#: tokens per ASCII letter or digit, per wide (CJK) character, per ASCII space or punctuation
#: mark; fitted to o200k_base by `bench/token_estimate.py --fit`.
COEF_ALNUM = 0.2034
COEF_WIDE = 0.8843
COEF_DELETED = 0.2710

#: chat formats: OpenAI's fine-tuning guide counts 3 tokens of framing per message plus the role
#: name (1 token), and 3 to prime the reply.
TOKENS_PER_MESSAGE = 4
TOKENS_PER_CONVERSATION = 3

PUNCT_AND_SPACE = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"
"""ASCII bytes that `bytes.translate` deletes, to count them and to normalise text."""

LOWER = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    b"abcdefghijklmnopqrstuvwxyz",
)
"""Translation table folding ASCII upper case, applied in the same pass as the deletion."""


def features(text: str) -> tuple[float, float, int]:
    """(ASCII letters and digits, wide characters, ASCII spaces and punctuation) of `text`.

    `advisor.core.dataset` computes the same counts inline over a whole record (one encode and
    one translate per record); `tests/unit/test_tokenest.py` checks that the two agree.
    """
    raw = text.encode("utf-8", "surrogatepass")
    deleted = len(raw) - len(raw.translate(None, PUNCT_AND_SPACE))
    wide = (len(raw) - len(text)) / 2
    return len(text) - wide - deleted, wide, deleted


def from_counts(alnum: float, wide: float, deleted: float) -> float:
    """The linear model: counts of one text (or of several: it is additive) -> tokens."""
    return COEF_ALNUM * alnum + COEF_WIDE * wide + COEF_DELETED * deleted


def estimate_tokens(text: str) -> int:
    """Estimated o200k_base tokens of `text` (0 for the empty string, else at least 1)."""
    if not text:
        return 0
    return max(1, round(from_counts(*features(text))))

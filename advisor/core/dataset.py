"""The dataset inspector: read a fine-tuning file once, check every record, count what matters.

Seeds 000 and 003 say data quality decides everything ("garbage in, expensive garbage out"), so
`advisor data` reads the user's real file instead of asking them to guess: it checks each record
(with its line number), measures examples and tokens for the cost and training models, and
judges the count against the seeds' tables.

Formats (seeds 000 and 003), one JSON object per line (JSON Lines) or a JSON array of them:

- `chat`: OpenAI's `{"messages": [{"role": ..., "content": ...}, ...]}`
- `conversations`: seed 003's `{"conversations": [...]}`, with `role`/`content` turns or the
  ShareGPT `from`/`value` turns (`human`, `gpt`, `system`, `function_call`, `observation`)
- `instruction`: `{"instruction", "input", "output"}` (Alpaca; optional `system`, `history`)
- `completion`: `{"prompt", "completion"}`

Constant memory, whatever the file size: records are streamed one at a time (a line longer than
`MAX_RECORD_BYTES` is reported and skipped rather than read whole); token percentiles come from
a fixed log-scale histogram (exact below `EXACT_PERCENTILES` examples); system prompts are
counted in a space-saving top-k of fixed size; duplicates are found with `_DigestTable`, a
fixed-capacity hash table of (near digest, line, exact digest) triples in one flat array (24
bytes a slot, `dedup_slots` slots, allocated once: 24 MiB by default). Past 70% full it stops
indexing new examples and says so in the report; with the default 2^20 slots that is 734,003
distinct examples, more than ten times the largest data volume the seeds recommend.

Two examples are exact duplicates when their roles and texts are identical (however the JSON
was written: key order, spacing, \\u escapes), near duplicates when their texts are identical
after folding ASCII case and removing ASCII whitespace and punctuation. (Full-width and CJK
punctuation are compared as they are: stripping them costs a regular expression per record,
about 7% of the throughput.) An example that repeats an earlier near duplicate exactly is reported
as a near duplicate of the first one. Digests are Python's 64-bit SipHash: the chance that two
different examples share one among a million is about 1 in 30 million, so a reported duplicate
is a duplicate.

Large files use every CPU: a regular JSON Lines file of at least `PARALLEL_MIN_BYTES` is cut
into byte ranges that worker processes check (`advisor.core.dataset_parallel`), while this
process merges their results in file order and probes the duplicate index itself, digest by
digest. The report is identical to the single-process one, limits included (`_Scan.merge`).

Everything here is pure: no terminal, no colour, no rules loading. `advisor.report.dataset`
renders a `DatasetReport`; `judge` compares it with the rules' tables.
"""

from __future__ import annotations

import codecs
import json
import json.scanner
import math
import os
import stat
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from advisor.core import tokenest
from advisor.core.i18n import I18n
from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.core.dataset_parallel import Pool

Format = Literal["chat", "conversations", "instruction", "completion"]
FORMATS: tuple[Format, ...] = ("chat", "conversations", "instruction", "completion")
Severity = Literal["error", "warning"]

#: every kind of finding, its severity and its name. An `error` makes a record unusable (it is
#: not counted as an example); a `warning` is worth fixing but the example still trains.
KINDS: dict[str, tuple[Severity, tuple[str, str]]] = {
    "encoding": ("error", ("not UTF-8", "不是 UTF-8")),
    "json": ("error", ("invalid JSON", "JSON 无效")),
    "fields": ("error", ("wrong or missing fields", "字段错误或缺失")),
    "empty": ("error", ("empty content", "内容为空")),
    "no_answer": ("error", ("no assistant turn", "没有助手回复")),
    "role_order": ("warning", ("roles out of order", "角色顺序不对")),
    "mixed_format": ("warning", ("mixed formats", "格式混杂")),
    "too_long": ("warning", ("longer than the sequence length", "超过序列长度")),
    "duplicate": ("warning", ("exact duplicate", "完全重复")),
    "near_duplicate": ("warning", ("near duplicate", "近似重复")),
    "overlap": ("warning", ("also in the training file", "与训练集重叠")),
}

FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "chat": ("chat (OpenAI messages)", "对话格式（OpenAI messages）"),
    "conversations": ("chat (conversations)", "对话格式（conversations）"),
    "instruction": (
        "instruction (instruction/input/output)",
        "指令格式（instruction/input/output）",
    ),
    "completion": ("completion (prompt/completion)", "补全格式（prompt/completion）"),
}

MAX_RECORD_BYTES = 64 << 20
"""A record (line or array element) larger than this is reported and skipped, not read whole."""
EXACT_PERCENTILES = 1 << 17
"""Up to this many examples the token percentiles are exact; beyond, within 4.4% (histogram)."""
SYSTEM_TOP = 16
"""How many distinct system prompts the space-saving counter tracks."""
DEDUP_SLOTS = 1 << 20
"""Default capacity of each duplicate index (12 MiB); 70% of it can be filled."""
PARALLEL_MIN_BYTES = 32 << 20
"""Files at least this large are read by worker processes (one per CPU) when there are CPUs
to spare; below, starting the workers (~50 ms) costs more than it saves."""
MAX_WORKERS = 8
"""The most worker processes used by default. A worker checks an example in ~7 µs, the parent
merges it in ~0.5 µs, so past about ten workers the parent is the bottleneck; each worker
also holds ~20 MiB."""
_LOAD = 0.7
_CHUNK = 1 << 20
_PAR_CHUNK = 4 << 20  # the largest byte range given to a worker at once
_PARALLEL_FALLBACK = True  # a failing worker pool falls back to the serial pass (tests: False)
_HIST_BINS = 16  # per octave: bins 2^(1/16) wide, so a histogram percentile is within 4.4%


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located: which file, which line, and what is wrong there."""

    kind: str
    """A key of `KINDS`: json, fields, empty, duplicate..."""
    severity: Severity
    """`error`: the record is not a usable example; `warning`: it is, but fix it."""
    line: int
    """1-based line in `file` where the record starts."""
    message: I18n
    """What is wrong and, where it helps, how to fix it."""
    file: str
    """The file the line is in (the training file, or the validation file)."""
    related_line: int | None = None
    """The earlier line it duplicates, or the training line a validation example repeats."""


@dataclass(frozen=True, slots=True)
class TokenStats:
    """Tokens per valid example: the distribution and the total (estimated, see `tokenizer`)."""

    total: int
    mean: float
    min: int
    p50: int
    p90: int
    p99: int
    max: int
    exact_percentiles: bool
    """False past `EXACT_PERCENTILES` examples: percentiles then come from the histogram."""
    histogram: tuple[tuple[int, int, int], ...]
    """(low, high, examples) for each power-of-two range of tokens that has examples."""


@dataclass(frozen=True, slots=True)
class SystemPrompt:
    """A system prompt and how often it is repeated."""

    preview: str
    """Its first 80 characters."""
    first_line: int
    examples: int
    """Examples that use it (an upper bound when `exact` is false)."""
    tokens: int
    """Estimated tokens of one copy."""
    exact: bool


@dataclass(frozen=True, slots=True)
class SystemPromptStats:
    """How much of the data is the same system prompt, repeated: tokens trained on every time."""

    examples_with_system: int
    tokens: int
    """Estimated tokens of all system prompts in all valid examples."""
    share_of_tokens: float
    """`tokens` as a share of all tokens (0-1)."""
    top: tuple[SystemPrompt, ...]
    """The most repeated system prompts, most repeated first (at most 3)."""


@dataclass(frozen=True, slots=True)
class DedupInfo:
    """How much of the file the duplicate check covered (it is bounded, see the module doc)."""

    slots: int
    indexed: int
    """Distinct examples in the index."""
    complete: bool
    """False when the index filled up: later examples were only compared with indexed ones."""


@dataclass(frozen=True, slots=True)
class DatasetReport:
    """Everything `inspect` learned about one file (and its validation file, if given).

    A frozen tree of dataclasses, tuples, dicts, strings and numbers:
    `json.dumps(dataclasses.asdict(report))` works.
    """

    path: str
    format: Format | None
    """The format of the file: given, or the most common among its records."""
    format_given: bool
    formats: dict[str, int]
    """Well-formed records of each format (a record with an error is not counted here)."""
    records: int
    """Non-blank records read (lines, or array elements)."""
    blank_lines: int
    examples: int
    """Records that are usable training examples (no error-level finding)."""
    good_examples: int
    """Examples that are also not duplicates, not near duplicates and within `max_seq_len`."""
    tokens_total: int
    """Estimated tokens of all examples: what one epoch trains on."""
    tokens_per_example_mean: float
    tokens: TokenStats
    system_prompt: SystemPromptStats
    counts: dict[str, int]
    """Findings of each kind (every one, not just those listed)."""
    findings: tuple[Finding, ...]
    """The first `max_listed` findings of each kind, in line order."""
    max_listed: int
    max_seq_len: int | None
    tokenizer: str
    dedup: DedupInfo
    complete: bool
    """False when a JSON array broke off and the rest of the file could not be read."""
    validation: DatasetReport | None = None
    """The validation file's own report; its `overlap` findings point at training lines."""

    @property
    def errors(self) -> int:
        """Records with at least one error-level finding, counted per kind."""
        return sum(n for k, n in self.counts.items() if KINDS[k][0] == "error")

    @property
    def warnings(self) -> int:
        return sum(n for k, n in self.counts.items() if KINDS[k][0] == "warning")

    def all_counts(self) -> dict[str, int]:
        """Finding counts over this file and its validation file."""
        total = dict(self.counts)
        if self.validation is not None:
            for kind, n in self.validation.counts.items():
                total[kind] = total.get(kind, 0) + n
        return total


@dataclass(frozen=True, slots=True)
class EstimateInputs:
    """What the cost/ROI model and the training estimator need from a dataset file."""

    examples: int
    """Usable examples (what a trainer would accept)."""
    good_examples: int
    """Unique examples within the sequence length: the count to compare with the seeds."""
    training_tokens: int
    """Estimated tokens of all usable examples: tokens per epoch."""
    tokens_per_example_mean: float
    tokens_per_example_p90: int
    tokens_per_example_max: int
    validation_examples: int
    validation_tokens: int
    tokenizer: str
    """How tokens were counted (an estimate, see `advisor.core.tokenest`)."""


def summary_for_estimates(report: DatasetReport) -> EstimateInputs:
    """The handful of numbers `advisor roi --dataset` and the training estimator use."""
    val = report.validation
    return EstimateInputs(
        examples=report.examples,
        good_examples=report.good_examples,
        training_tokens=report.tokens_total,
        tokens_per_example_mean=report.tokens_per_example_mean,
        tokens_per_example_p90=report.tokens.p90,
        tokens_per_example_max=report.tokens.max,
        validation_examples=val.examples if val else 0,
        validation_tokens=val.tokens_total if val else 0,
        tokenizer=report.tokenizer,
    )


# --- the public entry point -------------------------------------------------------------------


def inspect(
    path: str | Path,
    *,
    fmt: str | None = None,
    max_seq_len: int | None = None,
    validation: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_listed: int = 20,
    dedup_slots: int = DEDUP_SLOTS,
    workers: int | None = None,
    parallel_min_bytes: int = PARALLEL_MIN_BYTES,
) -> DatasetReport:
    """Read a dataset file once and report on it; `path` "-" reads standard input.

    `fmt` forces a format (records in another one are errors) instead of detecting it;
    `max_seq_len` flags examples with more (estimated) tokens; `validation` is a second file,
    inspected the same way and checked for examples also in the training file. `progress` is
    called now and then with (bytes read, total bytes or 0 if unknown). Findings beyond
    `max_listed` of a kind are counted, not listed.

    `workers`: how many worker processes read a JSON Lines file of at least
    `parallel_min_bytes` (None: one per CPU, at most `MAX_WORKERS`; 1: none, read here). The
    report is the same either way (see `_Scan.merge`); the workers only make it faster.

    Raises `InputError` only when the file cannot be used at all: missing, a directory,
    unreadable, empty, binary, compressed or not UTF-8 at the start. Anything wrong inside is a
    finding, never an exception.
    """
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown dataset format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if max_seq_len is not None and (isinstance(max_seq_len, bool) or max_seq_len < 1):
        raise InputError(f"max sequence length must be a positive number, not {max_seq_len!r}")
    if max_listed < 0:
        raise InputError("the number of findings listed per kind cannot be negative")
    if dedup_slots < 16 or dedup_slots & (dedup_slots - 1):
        raise InputError("dedup_slots must be a power of two, at least 16")
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise InputError(f"the number of workers must be at least 1, not {workers!r}")

    def scan(pool: Pool | None) -> DatasetReport:
        train = _Scan(str(path), fmt, max_seq_len, max_listed, dedup_slots, progress)
        train.run(pool)
        val_report = None
        if validation is not None:
            val = _Scan(str(validation), fmt, max_seq_len, max_listed, dedup_slots, progress)
            val.against = train
            val.run(pool)
            val_report = val.report()
        return train.report(validation=val_report)

    n = _plan_workers(path, validation, workers, parallel_min_bytes)
    if n > 1:
        from advisor.core.dataset_parallel import Pool, WorkerFailed

        try:
            pool = Pool(n)
        except OSError:
            if not _PARALLEL_FALLBACK:
                raise
        else:
            try:
                return scan(pool)
            except WorkerFailed:
                # the workers are an optimisation: if they cannot do it, read the file here
                # (which also gives the same InputError for a file that became unreadable)
                if not _PARALLEL_FALLBACK:
                    raise
            finally:
                pool.close()
    return scan(None)


def _plan_workers(
    path: str | Path, validation: str | Path | None, workers: int | None, min_bytes: int
) -> int:
    """How many worker processes to read with; 0 or 1 for none.

    Only regular JSON Lines files are split (stdin cannot be, a JSON array cannot be cut at
    line ends), and the validation file goes through the same workers as the training file
    so that their digests come from the same hash seed (`advisor.core.dataset_parallel`); if
    it cannot, both are read here. A file that `_sniff` refuses is read here too, to raise the
    same error at the same point as the serial pass.
    """
    if workers is None:
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cpus = os.cpu_count() or 1
        workers = min(cpus, MAX_WORKERS)
    if workers < 2 or not sys.executable or getattr(sys, "frozen", False):
        return 0
    if not _splittable(str(path), min_bytes):
        return 0
    if validation is not None and not _splittable(str(validation), 0):
        return 0
    return workers


def _splittable(path: str, min_bytes: int) -> bool:
    """Whether `path` is a regular, readable JSON Lines file of at least `min_bytes`."""
    if path == "-":
        return False
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size < min_bytes:
            return False
        with open(path, "rb") as handle:
            head = handle.read(_CHUNK)
        _sniff(path, head)
    except (OSError, InputError):
        return False
    return not _is_array(head[3:] if head.startswith(b"\xef\xbb\xbf") else head)


# --- reading ----------------------------------------------------------------------------------


class _Bad:
    """A record that could not be parsed, and why (an `encoding`, `json` or `fields` finding)."""

    __slots__ = ("kind", "message")

    def __init__(self, kind: str, message: tuple[str, str]) -> None:
        self.kind = kind
        self.message = message


def _open(path: str) -> tuple[IO[bytes], int]:
    """The file as a buffered binary stream and its size (0 when unknown), or `InputError`."""
    if path == "-":
        return sys.stdin.buffer, 0
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path} is a directory; give a JSONL or JSON file")
        handle = open(p, "rb", buffering=_CHUNK)  # noqa: SIM115 - closed by _Scan.run
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        size = os.fstat(handle.fileno()).st_size
    except OSError:
        size = 0
    return handle, size


def _sniff(path: str, head: bytes) -> None:
    """Refuse files that are not UTF-8 JSON text at all, with a hint on what to do instead."""
    if not head:
        raise InputError(f"{path} is empty; expected JSON Lines, one training example per line")
    if head.startswith(b"\x1f\x8b"):
        raise InputError(f"{path} is gzip-compressed; decompress it first (gunzip -k {path})")
    if head.startswith(b"PK\x03\x04"):
        raise InputError(f"{path} is a zip archive; extract the JSONL file from it first")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path} is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{path} is not a text file (a NUL byte at offset {nul}); expected UTF-8 JSON Lines"
        )
    # A file whose first line is not UTF-8 is in another encoding (GBK, Latin-1): refuse it
    # whole. A stray bad byte further down is a finding on its line instead.
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first = first[: first.find(b"\n") + 1 or len(first)]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(first, final=False)
    except UnicodeDecodeError as exc:
        line = head.count(b"\n", 0, len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n"))) + 1
        raise InputError(
            f"{path} is not UTF-8 (line {line}, byte {exc.start + 1}); convert it, e.g. "
            f"iconv -f GBK -t UTF-8 for Chinese text saved as GBK"
        ) from None


def _is_array(head: bytes) -> bool:
    """A JSON array file rather than JSON Lines: it starts with `[`, and its first line is not
    a complete JSON value followed by more lines (that would be JSON Lines whose first record
    happens to be an array)."""
    text = head.lstrip()
    if text[:1] != b"[":
        return False
    lines = [line for line in text.split(b"\n", 3)[:3] if line.strip()]
    if len(lines) < 2:
        return True
    # JSON Lines if the first line, or else the next one, is a whole JSON value; in a
    # pretty-printed array neither is (an element ends with a comma, or spans lines)
    for line in lines[:2]:
        try:
            json.loads(line)
        except (ValueError, RecursionError):
            continue
        return False
    return True


def _no_more(limit: int) -> bytes:
    """`readline` once a byte range is done: end of input."""
    return b""


def _jsonl(handle: IO[bytes], scan: _Scan, until: int | None = None) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value or `_Bad`) for every non-blank line; blank lines are counted.

    Line numbers count from 1 at the handle's position, which must be the start of a line.
    With `until` (a byte offset), only the lines that start before it are read (a worker's
    range, see `_scan_range`); the last of them is read whole, even past `until`. The check rides
    on the progress tick, so the serial pass pays nothing per line for it. `scan.lines` is set
    to the number of lines read.
    """
    readline = handle.readline
    read_rest = handle.readline
    loads = json.loads
    # json.loads is a Python wrapper around the C scanner; calling the scanner directly saves a
    # third of the parsing time. Anything it does not accept whole (leading whitespace, extra
    # data, errors) goes back through json.loads, which gives the standard error message.
    parse = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[no-untyped-call]
    lineno = 0
    done = scan.bytes_done
    stop = 1 << 62 if until is None else until
    next_tick = min(done + _CHUNK, stop)
    tick = scan.tick
    if done >= stop:
        scan.lines = 0
        return
    while True:
        raw = readline(MAX_RECORD_BYTES)
        if not raw:
            scan.bytes_done = done
            scan.lines = lineno
            return
        lineno += 1
        done += len(raw)
        if done >= next_tick:
            scan.bytes_done = done
            tick()
            next_tick = min(done + _CHUNK, stop)
            if done >= stop:  # the next line starts at or past `until`: this one is the last
                readline = _no_more
        if len(raw) == MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = read_rest(MAX_RECORD_BYTES)
                done += len(raw)
            if done >= stop:
                readline = _no_more
            yield lineno, _Bad("json", _msg_too_large())
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, _Bad("encoding", _msg_encoding(exc.start))
            continue
        if text.isspace():
            scan.blank_lines += 1
            continue
        try:
            value, end = parse(text, 0)
            if end != len(text) and not text[end:].isspace():
                raise StopIteration(end)
        except (StopIteration, ValueError, RecursionError):
            try:
                value = loads(text.rstrip("\r\n"))  # so an error's column is on this line
            except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
                value = _Bad("json", _msg_json(exc))
            except RecursionError:
                value = _Bad("json", ("nested too deeply to read", "嵌套太深，无法读取"))
        yield lineno, value


def _json_array(handle: IO[bytes], scan: _Scan) -> Iterator[tuple[int, Any]]:
    """(line, element) for each element of a top-level JSON array, read in chunks.

    Each element is decoded with `raw_decode` from a sliding buffer, so memory holds one element
    and a chunk, not the array. A syntax error cannot be resynchronised inside an array: it is
    reported at its line and the rest of the file is left unread (`complete` is then false).
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buf = ""
    pos = 0  # next unread character in buf
    line = 1  # line number at buf[counted]
    counted = 0
    eof = False

    def more(limit: int = _CHUNK) -> bool:
        nonlocal buf, pos, counted, eof
        if eof:
            return False
        raw = handle.read(limit)
        scan.bytes_done += len(raw)
        scan.tick()
        if not raw:
            eof = True
            buf += utf8.decode(b"", final=True)
            return False
        buf += utf8.decode(raw)
        return True

    def skip_ws() -> bool:
        nonlocal pos
        while True:
            n = len(buf)
            while pos < n and buf[pos] in " \t\r\n":
                pos += 1
            if pos < n:
                return True
            if not more():
                return False

    def line_at(index: int) -> int:
        nonlocal line, counted
        line += buf.count("\n", counted, index)
        counted = index
        return line

    def compact() -> None:
        """Drop what has been consumed (between elements only), so the buffer stays small."""
        nonlocal buf, pos, counted
        if pos > _CHUNK:
            line_at(pos)
            buf, pos, counted = buf[pos:], 0, 0

    try:
        if not skip_ws() or buf[pos] != "[":
            return
        pos += 1
        first = True
        while True:
            if not skip_ws():
                yield line_at(pos), _Bad("json", _msg_array_end())
                scan.complete = False
                return
            if buf[pos] == "]" and first:
                pos += 1
                break
            if not first:
                if buf[pos] == "]":
                    pos += 1
                    break
                if buf[pos] != ",":
                    yield line_at(pos), _Bad("json", _msg_array_sep())
                    scan.complete = False
                    return
                pos += 1
                if not skip_ws():
                    yield line_at(pos), _Bad("json", _msg_array_end())
                    scan.complete = False
                    return
            first = False
            compact()
            start = pos
            while True:
                try:
                    value, end = decoder.raw_decode(buf, start)
                    # a number or literal cut by the chunk edge parses short: make sure it ended
                    if end >= len(buf) and not eof and more():
                        continue
                    break
                except ValueError as exc:
                    at_edge = getattr(exc, "pos", 0) >= len(buf) - 16 or str(exc).startswith(
                        "Unterminated string"
                    )
                    if (
                        at_edge
                        and len(buf) - start < MAX_RECORD_BYTES
                        and more(max(_CHUNK, len(buf) - start))
                    ):
                        continue
                    yield line_at(start), _Bad("json", _msg_json(exc, in_array=True))
                    scan.complete = False
                    return
                except RecursionError:
                    yield line_at(start), _Bad("json", ("nested too deeply to read", "嵌套太深"))
                    scan.complete = False
                    return
            yield line_at(start), value
            pos = end
        if skip_ws():
            yield line_at(pos), _Bad("json", _msg_trailing())
    except UnicodeDecodeError as exc:
        yield line_at(min(pos, len(buf))), _Bad("encoding", _msg_encoding(exc.start))
        scan.complete = False


# --- messages (en, zh) ------------------------------------------------------------------------


def _msg_too_large() -> tuple[str, str]:
    mb = MAX_RECORD_BYTES >> 20
    return (f"record larger than {mb} MiB; skipped", f"记录超过 {mb} MiB，已跳过")


def _msg_encoding(byte: int) -> tuple[str, str]:
    return (
        f"not valid UTF-8 (byte {byte + 1} of the line); re-save the file as UTF-8",
        f"不是有效的 UTF-8（该行第 {byte + 1} 个字节）；请将文件另存为 UTF-8",
    )


def _msg_json(exc: ValueError, in_array: bool = False) -> tuple[str, str]:
    if isinstance(exc, json.JSONDecodeError):
        what, where = exc.msg, f" at column {exc.colno}" if not in_array else ""
        zh_where = f"（第 {exc.colno} 列）" if not in_array else ""
    else:
        what, where, zh_where = str(exc).split(":")[0], "", ""
    rest = ("; the rest of the array could not be read", "；数组其余部分无法读取")
    en = f"invalid JSON: {what}{where}" + (rest[0] if in_array else "")
    zh = f"JSON 无效：{what}{zh_where}" + (rest[1] if in_array else "")
    return en, zh


def _msg_duplicate(first: int) -> tuple[str, str]:
    return (f"same as line {first}", f"与第 {first} 行完全相同")


def _msg_near_duplicate(first: int) -> tuple[str, str]:
    return (
        f"same text as line {first} apart from case, spaces and punctuation",
        f"与第 {first} 行仅大小写、空格或标点不同",
    )


def _msg_overlap(train_line: int, same: bool) -> tuple[str, str]:
    how = ("the same as", "完全相同") if same else ("nearly the same as", "近似")
    return (
        f"{how[0]} training line {train_line}: validation examples must not be trained on",
        f"与训练集第 {train_line} 行{how[1]}：验证样本不能出现在训练集中",
    )


def _msg_array_end() -> tuple[str, str]:
    return ("the JSON array is not closed (missing ])", "JSON 数组没有闭合（缺少 ]）")


def _msg_array_sep() -> tuple[str, str]:
    return (
        "invalid JSON: expected , or ] between array elements; the rest could not be read",
        "JSON 无效：数组元素之间应为 , 或 ]；其余部分无法读取",
    )


def _msg_trailing() -> tuple[str, str]:
    return ("extra data after the JSON array; ignored", "JSON 数组之后还有多余内容，已忽略")


_EXPECTED = {
    "chat": "`messages` (a list of {role, content})",
    "conversations": "`conversations` (a list of turns)",
    "instruction": "`instruction` and `output`",
    "completion": "`prompt` and `completion`",
}


def _detect(rec: dict[str, Any]) -> Format | None:
    if "messages" in rec:
        return "chat"
    if "conversations" in rec:
        return "conversations"
    if "instruction" in rec or "output" in rec:
        return "instruction"
    if ("prompt" in rec or "completion" in rec) and not ("chosen" in rec or "rejected" in rec):
        return "completion"
    return None


def _msg_unknown(rec: dict[str, Any]) -> tuple[str, str]:
    keys = ", ".join(list(rec)[:6]) or "none"
    if "chosen" in rec and "rejected" in rec:
        return (
            "a preference (DPO) record (chosen/rejected); advisor data checks SFT formats: "
            "messages, conversations, instruction/output, prompt/completion",
            "偏好（DPO）记录（chosen/rejected）；advisor data 检查的是 SFT 格式："
            "messages、conversations、instruction/output、prompt/completion",
        )
    return (
        f"no known format (keys: {keys}); expected messages, conversations, "
        "instruction/input/output or prompt/completion",
        f"无法识别的格式（字段：{keys}）；应为 messages、conversations、"
        "instruction/input/output 或 prompt/completion",
    )


# --- record checks ----------------------------------------------------------------------------

_CHAT_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
}
_SHAREGPT_ROLES = {
    **_CHAT_ROLES,
    "human": "user",
    "gpt": "assistant",
    "function_call": "assistant",
    "observation": "tool",
}
_ROLE_ABBR = {"system": "s", "user": "u", "assistant": "a", "tool": "t"}


class _Record:
    """What the checks extract from one record: its texts and roles, and what is wrong."""

    __slots__ = ("empty", "error", "fmt", "order", "roles", "system", "texts")

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.texts: list[str] = []
        self.roles = ""
        self.system: str | None = None
        self.error: tuple[str, tuple[str, str]] | None = None  # (kind, message)
        self.empty: tuple[str, str] | None = None
        self.order: tuple[str, str] | None = None


def _content_text(content: Any) -> str | None:
    """Text of a message's content: a string, or the text parts of a list of parts."""
    if type(content) is str:
        return content
    if type(content) is list:
        parts = []
        for part in content:
            if type(part) is str:
                parts.append(part)
            elif type(part) is dict:
                text = part.get("text")
                if type(text) is str:
                    parts.append(text)
                elif part.get("type") in (None, "text"):
                    return None
                else:
                    parts.append(" ")  # an image or audio part: not empty, no text tokens
            else:
                return None
        return "".join(parts)
    return None


def _check_turns(rec: _Record, turns: Any, key: str, sharegpt_ok: bool) -> None:
    """Chat and conversations: a list of turns, each with a known role and some content."""
    if type(turns) is not list:
        rec.error = (
            "fields",
            (f"`{key}` must be a list of messages", f"`{key}` 必须是消息列表"),
        )
        return
    if not turns:
        rec.error = ("fields", (f"`{key}` is an empty list", f"`{key}` 是空列表"))
        return
    roles = _SHAREGPT_ROLES if sharegpt_ok else _CHAT_ROLES
    texts = rec.texts
    abbr = []
    for i, turn in enumerate(turns, 1):
        if type(turn) is not dict:
            rec.error = (
                "fields",
                (f"{key}[{i}] is not an object", f"{key}[{i}] 不是对象"),
            )
            return
        if "role" in turn or not sharegpt_ok:
            role_key, content_key = "role", "content"
        else:
            role_key, content_key = "from", "value"
        raw_role = turn.get(role_key)
        role = roles.get(raw_role) if type(raw_role) is str else None
        if role is None:
            if raw_role is None:
                en = f"{key}[{i}] has no `{role_key}`"
                zh = f"{key}[{i}] 缺少 `{role_key}`"
            else:
                allowed = ", ".join(roles)
                en = f"{key}[{i}] has unknown role {raw_role!r}; allowed: {allowed}"
                zh = f"{key}[{i}] 的角色 {raw_role!r} 无法识别；允许：{allowed}"
            rec.error = ("fields", (en, zh))
            return
        content = turn.get(content_key)
        text = _content_text(content)
        if text is None:
            if (
                content is None
                and role == "assistant"
                and ("tool_calls" in turn or "function_call" in turn)
            ):
                text = json.dumps(turn.get("tool_calls") or turn.get("function_call"))
            elif content_key not in turn:
                rec.error = (
                    "fields",
                    (
                        f"{key}[{i}] ({role}) has no `{content_key}`",
                        f"{key}[{i}]（{role}）缺少 `{content_key}`",
                    ),
                )
                return
            else:
                rec.error = (
                    "fields",
                    (
                        f"{key}[{i}] ({role}): `{content_key}` must be a string, "
                        f"not {type(content).__name__}",
                        f"{key}[{i}]（{role}）：`{content_key}` 必须是字符串，"
                        f"不能是 {type(content).__name__}",
                    ),
                )
                return
        if rec.empty is None and (not text or text.isspace()):
            rec.empty = (f"{key}[{i}] ({role}) is empty", f"{key}[{i}]（{role}）内容为空")
        if role == "system" and rec.system is None and not abbr:
            rec.system = text
        texts.append(text)
        abbr.append(_ROLE_ABBR[role])
    rec.roles = "".join(abbr)
    _check_order(rec, rec.roles, key)


def _check_order(rec: _Record, roles: str, key: str) -> None:
    """Roles: system first, then user and assistant taking turns, ending with the assistant."""
    if "a" not in roles:
        rec.error = (
            "no_answer",
            (
                "no assistant turn: nothing for the model to learn",
                "没有助手回复：模型没有可学习的内容",
            ),
        )
        return
    if roles in ("ua", "sua"):  # the common case, nothing to check
        return
    body = roles.lstrip("s")
    if "s" in body:
        i = roles.index("s", len(roles) - len(body)) + 1
        rec.order = (
            f"{key}[{i}] is a system message after the conversation started",
            f"{key}[{i}] 是对话开始之后的 system 消息",
        )
    elif body[0] == "a":
        i = len(roles) - len(body) + 1
        rec.order = (
            f"{key}[{i}]: the conversation starts with the assistant, not the user",
            f"{key}[{i}]：对话由助手而不是用户开始",
        )
    else:
        for j in range(1, len(body)):
            if body[j] == body[j - 1] and body[j] in "ua":
                i = len(roles) - len(body) + j + 1
                who = "user" if body[j] == "u" else "assistant"
                rec.order = (
                    f"{key}[{i}]: two {who} messages in a row",
                    f"{key}[{i}]：连续两条 {who} 消息",
                )
                return
        if body[-1] != "a":
            rec.order = (
                f"{key}[{len(roles)}]: ends without an assistant reply; the last turn is "
                "not learned",
                f"{key}[{len(roles)}]：最后没有助手回复，最后一轮不会被学习",
            )


def _check_chat(rec: _Record, obj: dict[str, Any]) -> None:
    _check_turns(rec, obj.get("messages"), "messages", sharegpt_ok=False)


def _check_conversations(rec: _Record, obj: dict[str, Any]) -> None:
    system = obj.get("system")
    _check_turns(rec, obj.get("conversations"), "conversations", sharegpt_ok=True)
    if rec.error is None and type(system) is str and system and rec.system is None:
        rec.system = system
        rec.texts.insert(0, system)
        rec.roles = "s" + rec.roles


def _field(rec: _Record, obj: dict[str, Any], name: str, required: bool) -> str | None:
    value = obj.get(name)
    if value is None and not required and name not in obj:
        return None
    if type(value) is not str:
        if value is None and name not in obj:
            msg = (f"missing `{name}`", f"缺少 `{name}`")
        else:
            got = "null" if value is None else type(value).__name__
            msg = (f"`{name}` must be a string, not {got}", f"`{name}` 必须是字符串，不能是 {got}")
        rec.error = ("fields", msg)
        return None
    if required and rec.empty is None and (not value or value.isspace()):
        rec.empty = (f"`{name}` is empty", f"`{name}` 为空")
    return value


def _check_instruction(rec: _Record, obj: dict[str, Any]) -> None:
    system = _field(rec, obj, "system", required=False)
    instruction = _field(rec, obj, "instruction", required=True)
    user_input = _field(rec, obj, "input", required=False)
    output = _field(rec, obj, "output", required=True)
    if rec.error is not None:
        return
    texts = rec.texts
    if system:
        rec.system = system
        texts.append(system)
    history = obj.get("history")
    if history is not None:
        ok = type(history) is list and all(
            type(p) is list and len(p) == 2 and all(type(t) is str for t in p) for p in history
        )
        if not ok:
            rec.error = (
                "fields",
                (
                    "`history` must be a list of [instruction, output] pairs of strings",
                    "`history` 必须是 [指令, 回答] 字符串对的列表",
                ),
            )
            return
        for q, a in history:
            texts += (q, a)
    texts += (instruction or "", user_input or "", output or "")
    rec.roles = "i" + ("s" if system else "") + "h" * len(history or ())


def _check_completion(rec: _Record, obj: dict[str, Any]) -> None:
    prompt = _field(rec, obj, "prompt", required=True)
    completion = _field(rec, obj, "completion", required=True)
    if rec.error is None:
        rec.texts += (prompt or "", completion or "")
        rec.roles = "c"


_CHECKS: dict[str, Callable[[_Record, dict[str, Any]], None]] = {
    "chat": _check_chat,
    "conversations": _check_conversations,
    "instruction": _check_instruction,
    "completion": _check_completion,
}


# --- bounded structures -----------------------------------------------------------------------


class _DigestTable:
    """A fixed-capacity map from a 64-bit near-duplicate digest to (first line, exact digest).

    Open addressing with linear probing over one flat array of (near digest, line, exact
    digest) triples: 24 bytes a slot, allocated once, so its memory does not depend on the
    file, and a probe touches one cache line. It stops accepting new entries at 70% load
    (probes stay short); lookups keep working. One table serves both checks: an example whose
    near digest is present is an exact duplicate when the exact digests match too, otherwise a
    near duplicate. `_Scan._consume` and `_Scan.merge` inline the probe for speed.
    """

    __slots__ = ("limit", "mask", "size", "table")

    def __init__(self, slots: int) -> None:
        self.table = array("q", [0]) * (3 * slots)
        self.mask = slots - 1
        self.limit = int(slots * _LOAD)
        self.size = 0

    def find(self, near: int) -> int:
        """The index of `near`'s triple, or of the empty slot where it would go."""
        near = near or 1
        table, mask = self.table, self.mask
        i = near & mask
        k = table[3 * i]
        while k and k != near:
            i = (i + 1) & mask
            k = table[3 * i]
        return 3 * i

    def lookup(self, near: int, exact: int) -> tuple[int, bool]:
        """(first line with this near digest or 0, whether its exact digest matches too)."""
        j = self.find(near)
        line = self.table[j + 1]
        return line, bool(line) and self.table[j + 2] == exact

    @property
    def full(self) -> bool:
        return self.size >= self.limit


class _TokenDist:
    """Tokens per example: the first `EXACT_PERCENTILES` values exactly (4 bytes each), the rest
    in a log-scale histogram of fixed size. `_Scan._consume` inlines `add` for speed."""

    __slots__ = ("bins", "count", "exact", "max", "min", "total")

    def __init__(self) -> None:
        self.exact = array("I")
        self.bins = array("Q", [0]) * (40 * _HIST_BINS)  # values past the exact ones
        self.count = 0
        self.total = 0
        self.min = 0
        self.max = 0

    def add(self, tokens: int) -> None:
        if self.count < EXACT_PERCENTILES:
            self.exact.append(tokens)
        else:
            self.bins[_bin(tokens)] += 1
        self.max = max(self.max, tokens)
        self.min = tokens if not self.count else min(self.min, tokens)
        self.count += 1
        self.total += tokens

    def merge(self, part: _Part) -> None:
        """Add a later byte range's token counts (`part.tokens`, in line order).

        The serial pass keeps the first `EXACT_PERCENTILES` values and bins the rest; `stats`
        then bins them all whenever there are more. So values are kept while the total fits
        and everything is binned once it does not: the same report either way.
        """
        values = part.tokens
        n = len(values)
        if not n:
            return
        self.min = part.tmin if not self.count else min(self.min, part.tmin)
        self.max = max(self.max, part.tmax)
        self.count += n
        self.total += part.ttotal
        if self.count <= EXACT_PERCENTILES:
            self.exact.extend(values)
            return
        bins = self.bins
        for counted in (self.exact, values):
            for value, times in Counter(counted).items():
                bins[_bin(value)] += times
        self.exact = array("I")

    def stats(self) -> TokenStats:
        n = self.count
        exact = n <= EXACT_PERCENTILES
        bins = array("Q", self.bins)
        for value in self.exact:
            bins[_bin(value)] += 1
        values = sorted(self.exact) if exact else []

        def pct(q: float) -> int:
            if not n:
                return 0
            rank = max(1, math.ceil(q * n))
            if exact:
                return values[rank - 1]
            seen = 0
            for i, c in enumerate(bins):
                seen += c
                if seen >= rank:  # the bin's upper edge, so within 2^(1/16) of the truth
                    return 0 if i == 0 else min(self.max, math.floor(2 ** (i / _HIST_BINS)))
            return self.max

        octaves: dict[int, int] = {}
        for i, c in enumerate(bins):
            if c:
                octave = -1 if i == 0 else (i - 1) // _HIST_BINS
                octaves[octave] = octaves.get(octave, 0) + c
        hist = tuple(
            (0, 0, c) if o < 0 else (1 << o, (1 << (o + 1)) - 1, c)
            for o, c in sorted(octaves.items())
        )
        return TokenStats(
            total=self.total,
            mean=self.total / n if n else 0.0,
            min=self.min,
            p50=pct(0.5),
            p90=pct(0.9),
            p99=pct(0.99),
            max=self.max,
            exact_percentiles=exact,
            histogram=hist,
        )


def _bin(tokens: int) -> int:
    """Histogram bin of a token count: 0 for 0, else 1 + floor(16 * log2(tokens))."""
    return int(math.log2(tokens) * _HIST_BINS) + 1 if tokens > 0 else 0


class _SystemPrompts:
    """Space-saving top-k counter of system prompts (by digest): fixed memory, exact when there
    are at most `SYSTEM_TOP` distinct prompts, and the most repeated ones are never lost."""

    __slots__ = ("entries", "examples", "tokens", "top")

    def __init__(self, top: int | None = None) -> None:
        # digest -> [count, overestimate, tokens, first line, preview]
        self.entries: dict[int, list[Any]] = {}
        self.examples = 0
        self.tokens = 0
        # capacity; a worker counts one byte range's prompts unbounded (the range bounds them)
        self.top = SYSTEM_TOP if top is None else top

    def add(self, text: str, line: int) -> None:
        """Count one more use of `text` (the caller counts examples and tokens)."""
        digest = hash(text)
        entry = self.entries.get(digest)
        if entry is None:
            preview = " ".join(text[:200].split())[:80]
            entry = self.admit(digest, line, tokenest.estimate_tokens(text), preview)
        entry[0] += 1

    def admit(self, digest: int, line: int, tokens: int, preview: str) -> list[Any]:
        """A new entry with no use counted yet, evicting the least used one if full."""
        floor = 0
        if len(self.entries) >= self.top:
            victim = min(self.entries, key=lambda d: self.entries[d][0])
            floor = self.entries.pop(victim)[0]
        entry = [floor, floor, tokens, line, preview]
        self.entries[digest] = entry
        return entry

    def merge(self, part: _Part, base: int) -> None:
        """Add a later byte range's prompts as if its examples had been counted here in order.

        When they cannot make the counter evict (at most `top` distinct prompts in all, the
        common case) the range's per-prompt totals are added, new prompts in the order they
        first appear; otherwise its uses are replayed one by one from its digest stream, so the
        evictions are the serial pass's.
        """
        self.examples += part.sys_examples
        self.tokens += part.sys_tokens
        entries = self.entries
        new = sum(1 for d in part.system if d not in entries)
        if len(entries) + new <= self.top:
            for d, (count, _, tokens, line, preview) in part.system.items():
                entry = entries.get(d)
                if entry is None:
                    entries[d] = [count, 0, tokens, base + line, preview]
                else:
                    entry[0] += count
            return
        for d, where in zip(part.sysd, part.where, strict=True):
            if where & 2:
                entry = entries.get(d)
                if entry is None:
                    _, _, tokens, _, preview = part.system[d]
                    entry = self.admit(d, base + (where >> 2), tokens, preview)
                entry[0] += 1

    def stats(self, total_tokens: int) -> SystemPromptStats:
        top = sorted(self.entries.values(), key=lambda e: (-e[0], e[3]))[:3]
        return SystemPromptStats(
            examples_with_system=self.examples,
            tokens=self.tokens,
            share_of_tokens=self.tokens / total_tokens if total_tokens else 0.0,
            top=tuple(
                SystemPrompt(
                    preview=e[4], first_line=e[3], examples=e[0], tokens=e[2], exact=e[1] == 0
                )
                for e in top
            ),
        )


# --- the scan ---------------------------------------------------------------------------------

_DELETE = tokenest.PUNCT_AND_SPACE
_LOWER = tokenest.LOWER
_FAST_ROLES = {"system": "s", "user": "u", "assistant": "a"}


class _Stream:
    """What a worker records per example, in line order, for the parent to replay: the two
    digests, `line << 2 | has system prompt << 1 | not good` (too long) and the system
    prompt's digest (0 when it has none). 32 bytes an example (and 4 for its tokens in
    `_TokenDist.exact`), for one byte range of at most `_PAR_CHUNK` bytes."""

    __slots__ = ("exact", "near", "sysd", "where")

    def __init__(self) -> None:
        self.near = array("q")
        self.exact = array("q")
        self.where = array("q")
        self.sysd = array("q")


class _Part:
    """A worker's result for one byte range of a JSON Lines file, line numbers relative to it.

    Everything additive is summed (counts, token totals, formats); listings keep what the merge
    needs to list the first `max_listed` of the whole file (the range's first of each kind);
    everything that depends on what came before (duplicates, validation overlap, the top-k
    of system prompts) is left to the parent, which replays `_Stream` in file order.
    """

    __slots__ = (
        "blank_lines",
        "counts",
        "exact",
        "examples",
        "format_lines",
        "formats",
        "lines",
        "listed",
        "near",
        "probe",
        "records",
        "sys_examples",
        "sys_tokens",
        "sysd",
        "system",
        "tmax",
        "tmin",
        "tokens",
        "ttotal",
        "where",
    )

    def __init__(self, scan: _Scan) -> None:
        stream = scan.stream
        assert stream is not None
        self.lines = scan.lines
        self.records = scan.records
        self.blank_lines = scan.blank_lines
        self.examples = scan.examples
        self.formats = scan.formats
        self.format_lines = scan.format_lines
        self.counts = scan.counts
        self.listed = scan.listed
        dist = scan.dist
        self.tokens, self.tmin, self.tmax, self.ttotal = dist.exact, dist.min, dist.max, dist.total
        system = scan.system
        self.sys_examples, self.sys_tokens, self.system = (
            system.examples,
            system.tokens,
            system.entries,
        )
        self.near, self.exact, self.where, self.sysd = (
            stream.near,
            stream.exact,
            stream.where,
            stream.sysd,
        )
        # the parent checks that every worker hashes alike (the same `PYTHONHASHSEED`)
        self.probe = hash(_PROBE)


_PROBE = "advisor dataset worker hash probe"


def _scan_range(
    path: str,
    start: int,
    until: int | None,
    at_line_start: bool,
    fmt: str | None,
    max_seq_len: int | None,
    max_listed: int,
    max_record_bytes: int,
    handles: dict[str, IO[bytes]],
) -> _Part:
    """In a worker: check the lines of `path` that start in [start, until) (`until` None: to the
    end). A line that began before `start` belongs to the previous range and is skipped, unless
    `at_line_start` says `start` is a line start by construction (the first range)."""
    global MAX_RECORD_BYTES
    MAX_RECORD_BYTES = max_record_bytes  # the parent's, which a test may have lowered
    handle = handles.get(path)
    if handle is None:
        handle = handles[path] = open(path, "rb", buffering=_CHUNK)  # noqa: SIM115
    if at_line_start:
        handle.seek(start)
    else:
        handle.seek(start - 1)
        if handle.read(1) != b"\n":
            while True:
                raw = handle.readline(max_record_bytes)
                if not raw or raw.endswith(b"\n"):
                    break
    scan = _Scan(path, fmt, max_seq_len, max_listed, 16, None, stream=_Stream())
    scan.index = _DigestTable(16)  # unused: the parent probes
    scan.system = _SystemPrompts(top=1 << 62)  # one range's prompts: all of them, in order
    scan.bytes_done = handle.tell()
    scan._consume(_jsonl(handle, scan, until))
    return _Part(scan)


@dataclass
class _Scan:
    """One pass over one file: parse, check, count, index for duplicates."""

    path: str
    fmt: str | None
    max_seq_len: int | None
    max_listed: int
    dedup_slots: int
    progress: Callable[[int, int], None] | None
    against: _Scan | None = None
    bytes_done: int = 0
    size: int = 0
    blank_lines: int = 0
    complete: bool = True
    records: int = 0
    examples: int = 0
    good: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    format_lines: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    listed: list[Finding] = field(default_factory=list)
    index: _DigestTable | None = None
    dist: _TokenDist = field(default_factory=_TokenDist)
    system: _SystemPrompts = field(default_factory=_SystemPrompts)
    lines: int = 0
    """Lines read so far (blank and bad ones included): where the next byte range starts."""
    stream: _Stream | None = None
    """Set in a worker: the digests to probe are recorded for the parent instead."""

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(self.bytes_done, self.size)

    def add(
        self, kind: str, line: int, message: tuple[str, str], related: int | None = None
    ) -> None:
        n = self.counts.get(kind, 0)
        self.counts[kind] = n + 1
        if n < self.max_listed:
            self.listed.append(
                Finding(kind, KINDS[kind][0], line, I18n(*message), self.path, related)
            )

    def run(self, pool: Pool | None = None) -> None:
        """Read the whole file: here, or with `pool`'s worker processes if it is JSON Lines."""
        handle, self.size = _open(self.path)
        try:
            head = handle.peek(_CHUNK)[:_CHUNK]  # type: ignore[attr-defined]
            _sniff(self.path, head)
            if head.startswith(b"\xef\xbb\xbf"):
                handle.read(3)
                self.bytes_done = 3
                head = head[3:]
            self.index = _DigestTable(self.dedup_slots)
            if _is_array(head):
                self._consume(_json_array(handle, self))
            elif pool is not None:
                handle.close()
                self._run_parallel(pool)
            else:
                self._consume(_jsonl(handle, self))
        except OSError as exc:
            raise InputError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()
        self.tick()
        if not self.records:
            raise InputError(
                f"{self.path} has no records (only blank lines); expected JSON Lines, one "
                "training example per line"
            )

    def _consume(self, source: Iterator[tuple[int, Any]]) -> None:
        """The hot loop: everything per record, written for speed (see bench/).

        Well-formed chat records (system?, then user/assistant turns) take a fast path; anything
        else goes through the full checks in `_check`, which name what is wrong. The bounded
        structures are updated inline, their counters kept in locals and stored at the end.
        """
        given = self.fmt
        formats = self.formats
        format_lines = self.format_lines
        max_listed = self.max_listed
        max_seq = self.max_seq_len if self.max_seq_len is not None else 1 << 62
        index = self.index
        assert index is not None
        table, mask, limit, size = index.table, index.mask, index.limit, 0
        other = self.against.index if self.against is not None else None
        dist = self.dist
        values, bins = dist.exact, dist.bins
        # a worker keeps every token count of its range (the parent decides what is exact) and
        # records digests instead of probing: the parent probes them in file order
        worker = self.stream is not None
        stream = self.stream or _Stream()
        room = (1 << 62) if worker else EXACT_PERCENTILES
        s_near, s_exact = stream.near.append, stream.exact.append
        s_where, s_sysd = stream.where.append, stream.sysd.append
        tmin, tmax, ttotal, tcount = 1 << 62, 0, 0, 0
        system = self.system
        sys_get = system.entries.get
        sys_examples, sys_tokens = 0, 0
        add = self.add
        log2 = math.log2
        k_chars = tokenest.COEF_ALNUM
        k_wide = (tokenest.COEF_WIDE - tokenest.COEF_ALNUM) / 2
        k_deleted = tokenest.COEF_DELETED - tokenest.COEF_ALNUM
        per_msg = tokenest.TOKENS_PER_MESSAGE
        per_conv = tokenest.TOKENS_PER_CONVERSATION
        fast_roles = _FAST_ROLES
        records = examples = good_count = fast = 0
        chat_ok = given is None or given == "chat"
        for line, obj in source:
            records += 1
            # -- fast path: a well-formed chat record ------------------------------------------
            sig = ""
            texts: list[str] | None = None
            msgs = obj.get("messages") if type(obj) is dict and chat_ok else None
            if type(msgs) is list and msgs:
                texts = []
                for m in msgs:
                    if type(m) is not dict:
                        texts = None
                        break
                    c = m.get("content")
                    role = m.get("role")
                    # A role that is a list or a dict would not even be hashable.
                    r = fast_roles.get(role) if type(role) is str else None
                    if r is None or type(c) is not str or not c or c.isspace():
                        texts = None
                        break
                    texts.append(c)
                    sig += r
                if texts is not None:
                    body = sig[1:] if sig[0] == "s" else sig
                    if len(body) & 1 or body != "ua" * (len(body) >> 1) or not body:
                        texts = None
            if texts is not None:
                fmt = "chat"
                system_text = texts[0] if sig[0] == "s" else None
                fast += 1
                if fast <= max_listed:
                    format_lines.setdefault(fmt, []).append(line)
            else:
                # -- full checks: anything unusual, with a finding that says what ------------
                checked = self._check(line, obj, given)
                if checked is None:
                    continue
                fmt, texts, sig, system_text = checked
                n = formats.get(fmt, 0)
                formats[fmt] = n + 1
                if n + (fast if fmt == "chat" else 0) < max_listed:
                    format_lines.setdefault(fmt, []).append(line)
            # -- tokens, and the near-duplicate key, from one encode and one translate ---------
            joined = "\x1f".join(texts)
            raw = joined.encode() if joined.isascii() else joined.encode("utf-8", "surrogatepass")
            folded = raw.translate(_LOWER, _DELETE)
            # tokenest.from_counts(*tokenest.features(text)) summed over the texts, rearranged:
            # alnum = chars - wide - deleted, wide = (bytes - chars) / 2, separators left out
            n = len(joined)
            estimate = (
                k_chars * (n - len(texts) + 1)
                + k_wide * (len(raw) - n)
                + k_deleted * (len(raw) - len(folded))
            )
            if fmt == "chat" or fmt == "conversations":
                estimate += per_msg * len(texts) + per_conv
            tokens = round(estimate) or 1
            examples += 1
            if tcount < room:
                values.append(tokens)
            else:
                bins[int(log2(tokens) * _HIST_BINS) + 1] += 1
            if tokens > tmax:
                tmax = tokens
            if tokens < tmin:
                tmin = tokens
            tcount += 1
            ttotal += tokens
            if system_text is not None:
                entry = sys_get(hash(system_text))
                if entry is None:
                    system.add(system_text, line)
                    entry = sys_get(hash(system_text))
                else:
                    entry[0] += 1
                sys_examples += 1
                sys_tokens += entry[2]
            good = True
            if tokens > max_seq:
                good = False
                add(
                    "too_long",
                    line,
                    (
                        f"about {tokens:,} tokens, more than the sequence length {max_seq:,}; "
                        "it will be truncated",
                        f"约 {tokens:,} 个 token，超过序列长度 {max_seq:,}；会被截断",
                    ),
                )
            # -- duplicates: inline probes of the two digest tables ---------------------------
            nkey = hash(folded) or 1
            ekey = hash((sig, joined))
            if worker:
                s_near(nkey)
                s_exact(ekey)
                if system_text is None:
                    s_where(line << 2 | (0 if good else 1))
                    s_sysd(0)
                else:
                    s_where(line << 2 | (2 if good else 3))
                    s_sysd(hash(system_text))  # cached on the string: no rehash
                continue
            i = nkey & mask
            j = 3 * i
            k = table[j]
            while k and k != nkey:
                i = (i + 1) & mask
                j = 3 * i
                k = table[j]
            if k:
                good = False
                first = table[j + 1]
                if table[j + 2] == ekey:
                    add("duplicate", line, _msg_duplicate(first), first)
                else:
                    add("near_duplicate", line, _msg_near_duplicate(first), first)
            elif size < limit:
                table[j] = nkey
                table[j + 1] = line
                table[j + 2] = ekey
                size += 1
            if other is not None:
                train_line, same = other.lookup(nkey, ekey)
                if train_line:
                    add("overlap", line, _msg_overlap(train_line, same), train_line)
            if good:
                good_count += 1
        if fast:
            formats["chat"] = formats.get("chat", 0) + fast
        self.records += records
        self.examples += examples
        self.good += good_count
        index.size += size
        dist.count, dist.total, dist.max = tcount, ttotal, tmax
        dist.min = tmin if tcount else 0
        system.examples += sys_examples
        system.tokens += sys_tokens

    def _run_parallel(self, pool: Pool) -> None:
        """Have `pool`'s workers read the file in byte ranges, merged here in file order."""
        start = self.bytes_done  # after a BOM
        step = max(1, min(_PAR_CHUNK, (self.size - start) // (pool.size * 8)))
        starts = list(range(start, max(self.size, start + 1), step))
        ends: list[int | None] = [*starts[1:], None]  # the last range reads to the end
        tasks = [
            (
                self.path,
                a,
                b,
                a == start,
                self.fmt,
                self.max_seq_len,
                self.max_listed,
                MAX_RECORD_BYTES,
            )
            for a, b in zip(starts, ends, strict=True)
        ]
        for part, end in zip(pool.map(tasks), ends, strict=True):
            self.merge(part)
            self.bytes_done = self.size if end is None else end
            self.tick()

    def merge(self, part: _Part) -> None:
        """Fold in the next byte range, exactly as if this scan had read its lines itself.

        Line numbers are offset by the lines before the range; the range's first findings of
        each kind are listed while fewer than `max_listed` are; its digests are probed and
        indexed here, in line order, so duplicates, near duplicates, validation overlap and the
        index's fill limit come out as in the serial pass, pointing at the same lines.
        """
        base = self.lines
        self.lines += part.lines
        self.records += part.records
        self.blank_lines += part.blank_lines
        self.examples += part.examples
        max_listed = self.max_listed
        formats, format_lines = self.formats, self.format_lines
        for f, n in part.formats.items():
            formats[f] = formats.get(f, 0) + n
        for f, lines in part.format_lines.items():
            have = format_lines.setdefault(f, [])
            have.extend(base + ln for ln in lines[: max(0, max_listed - len(have))])
        counts = self.counts
        # findings of a kind before this one, as `add` counts them; none found in a range points
        # at another line (duplicates and overlap are found below)
        before: dict[str, int] = {}
        for found in part.listed:
            kind = found.kind
            n = before.get(kind, counts.get(kind, 0))
            if n < max_listed:
                self.listed.append(
                    Finding(kind, found.severity, base + found.line, found.message, found.file)
                )
            before[kind] = n + 1
        for kind, n in part.counts.items():
            counts[kind] = counts.get(kind, 0) + n
        self.dist.merge(part)
        self.system.merge(part, base)
        # the duplicate check, as `_consume` does it inline
        index = self.index
        assert index is not None
        table, mask, limit, size = index.table, index.mask, index.limit, index.size
        slots3 = 3 * (mask + 1)
        other = self.against.index if self.against is not None else None
        add = self.add
        good_count = 0
        for nkey, ekey, where in zip(part.near, part.exact, part.where, strict=True):
            j = 3 * (nkey & mask)
            k = table[j]
            while k and k != nkey:
                j = (j + 3) % slots3
                k = table[j]
            if k:
                first = table[j + 1]
                line = base + (where >> 2)
                if table[j + 2] == ekey:
                    add("duplicate", line, _msg_duplicate(first), first)
                else:
                    add("near_duplicate", line, _msg_near_duplicate(first), first)
            else:
                if size < limit:
                    table[j] = nkey
                    table[j + 1] = base + (where >> 2)
                    table[j + 2] = ekey
                    size += 1
                if not where & 1:
                    good_count += 1
            if other is not None:
                train_line, same = other.lookup(nkey, ekey)
                if train_line:
                    line = base + (where >> 2)
                    add("overlap", line, _msg_overlap(train_line, same), train_line)
        index.size = size
        self.good += good_count

    def _check(
        self, line: int, obj: Any, given: str | None
    ) -> tuple[Format, list[str], str, str | None] | None:
        """Full checks of one record: (format, texts, roles, system prompt), or None if it is
        not a usable example (after recording why)."""
        add = self.add
        if type(obj) is not dict:
            if type(obj) is _Bad:
                add(obj.kind, line, obj.message)
            else:
                what = "null" if obj is None else type(obj).__name__
                add(
                    "fields",
                    line,
                    (f"not a JSON object but {what}", f"不是 JSON 对象，而是 {what}"),
                )
            return None
        fmt = _detect(obj)
        if fmt is None:
            add("fields", line, _msg_unknown(obj))
            return None
        if given is not None and fmt != given:
            add(
                "fields",
                line,
                (
                    f"expected {given} format ({_EXPECTED[given]}); this record looks like "
                    f"{fmt} format",
                    f"应为 {given} 格式（{_EXPECTED[given]}）；这条记录像是 {fmt} 格式",
                ),
            )
            return None
        rec = _Record(fmt)
        _CHECKS[fmt](rec, obj)
        if rec.error is not None:
            add(rec.error[0], line, rec.error[1])
            return None
        if rec.order is not None:
            add("role_order", line, rec.order)
        if rec.empty is not None:
            add("empty", line, rec.empty)
            return None
        return fmt, rec.texts, rec.roles, rec.system

    def _mixed(self) -> str | None:
        """The file's format, and a `mixed_format` finding for each record in another one."""
        if self.fmt is not None:
            return self.fmt
        if not self.formats:
            return None
        main = max(FORMATS, key=lambda f: (self.formats.get(f, 0), -FORMATS.index(f)))
        others = [(ln, f) for f, lines in self.format_lines.items() if f != main for ln in lines]
        total = sum(n for f, n in self.formats.items() if f != main)
        if total:
            others.sort()
            self.counts["mixed_format"] = total
            for ln, f in others[: self.max_listed]:
                self.listed.append(
                    Finding(
                        "mixed_format",
                        "warning",
                        ln,
                        I18n(
                            f"{f} format in a file that is mostly {main}; trainers expect one "
                            "format",
                            f"文件大部分是 {main} 格式，这条是 {f} 格式；训练工具要求格式统一",
                        ),
                        self.path,
                    )
                )
        return main

    def report(self, validation: DatasetReport | None = None) -> DatasetReport:
        main = self._mixed()
        tokens = self.dist.stats()
        order = list(KINDS)
        findings = sorted(self.listed, key=lambda f: (f.line, order.index(f.kind)))
        index = self.index
        return DatasetReport(
            path=self.path,
            format=main,  # type: ignore[arg-type]
            format_given=self.fmt is not None,
            formats={f: self.formats[f] for f in FORMATS if f in self.formats},
            records=self.records,
            blank_lines=self.blank_lines,
            examples=self.examples,
            good_examples=self.good,
            tokens_total=tokens.total,
            tokens_per_example_mean=tokens.mean,
            tokens=tokens,
            system_prompt=self.system.stats(tokens.total),
            counts={k: self.counts[k] for k in order if self.counts.get(k)},
            findings=tuple(findings),
            max_listed=self.max_listed,
            max_seq_len=self.max_seq_len,
            tokenizer=tokenest.TOKENIZER,
            dedup=DedupInfo(
                slots=self.dedup_slots,
                indexed=index.size if index else 0,
                complete=not (index and index.full),
            ),
            complete=self.complete,
            validation=validation,
        )


# --- the verdict against the seeds ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VolumeCheck:
    """A seed's data-volume row for the task, and where the file's count falls in it."""

    table: str
    seed: str
    task: str
    label: I18n
    min: int
    recommended: int
    ideal: int | None
    verdict: Literal["below_min", "min", "recommended", "ideal"]


@dataclass(frozen=True, slots=True)
class CountAdvice:
    """A rules advisory on the number of examples (seed 000's 10, seed 002's 50...) that fires."""

    id: str
    level: str
    seeds: tuple[str, ...]
    text: I18n


@dataclass(frozen=True, slots=True)
class Verdict:
    """The file's count of good examples judged against the seeds' guidance."""

    count: int
    """Good examples: usable, not duplicated, within the sequence length."""
    task: str | None
    task_label: I18n | None
    level: Literal["none", "too_few", "below_min", "ok"]
    """`none`: no good example; `too_few`: a count warning fires (fewer than 10 or 50);
    `below_min`: under a seed table's minimum for the task; `ok` otherwise."""
    volume: tuple[VolumeCheck, ...]
    advice: tuple[CountAdvice, ...]
    route: I18n | None
    """Where the decision tree sends this many examples, and why (seed 002's tree B)."""
    tasks: tuple[str, ...]
    """The task types the rules know (for the hint when no task is given)."""
    smallest_min: int | None = None
    """The smallest minimum of any task in the seeds' tables (judged when no row matches)."""


def judge(report: DatasetReport, rules: Any, task: str | None = None) -> Verdict:
    """Compare the report's good examples with the rules' data-volume tables and advisories.

    `rules` is `advisor.core.rules.Rules`: the numbers come from `tables.yaml` (seeds 001 and
    003) and the count advisories from `advisories.yaml` (seed 000's "at least 10", seed 002's
    "fewer than 50"), so nothing here repeats a seed's figure.
    """
    from advisor.core.engine import data_volume, holds
    from advisor.core.rules import AllOf, AnswerTest, AnyOf, NoneOf

    tables = rules.tables.data_volume
    task_q = tables[0].task_question if tables else "task_type"
    count_q = tables[0].count_question if tables else "training_examples"
    question = rules.questions.get(task_q)
    options = tuple(o.id for o in question.options) if question is not None else ()
    label = None
    if task is not None:
        option = question.option(task) if question is not None else None
        if option is None:
            raise InputError(f"unknown task {task!r}; allowed: {', '.join(options)}")
        label = option.label
    count = report.good_examples
    answers = {
        k: v for t in tables for k, v in ((t.task_question, task), (t.count_question, float(count)))
    }
    volume = [
        VolumeCheck(
            m.table.id,
            m.table.seed,
            m.row.task,
            m.row.label,
            m.row.min,
            m.row.recommended,
            m.row.ideal,
            m.verdict,  # type: ignore[arg-type]
        )
        for m in data_volume(rules, answers)
    ]

    def tests_count(cond: Any) -> bool:
        if isinstance(cond, AllOf | AnyOf | NoneOf):
            key = "all" if isinstance(cond, AllOf) else "any" if isinstance(cond, AnyOf) else "none"
            return any(tests_count(c) for c in getattr(cond, key))
        return isinstance(cond, AnswerTest) and cond.answer == count_q

    # The file is for fine-tuning, so judge it as on a fine-tuning route: the tree's own
    # outcome for this count if it is one, else the first fine-tuning outcome.
    route = None
    outcome = None
    count_question = rules.questions.get(count_q)
    if count_question is not None and count_question.branches:
        branch = count_question.branch_for(float(count))
        route = branch.reason
        outcome = rules.outcomes.get(branch.next)
    if outcome is None or outcome.family != "finetune":
        outcome = next((o for o in rules.tree.outcomes if o.family == "finetune"), None)
    answers: dict[str, str | float] = {count_q: float(count)}
    if task is not None:
        answers[task_q] = task
    advice = tuple(
        CountAdvice(a.id, a.level, tuple(a.seeds), a.text)
        for a in rules.advisories
        if tests_count(a.when) and holds(a.when, answers, outcome)
    )
    mins = [r.min for t in tables for r in t.rows]
    smallest = min(mins) if mins else None
    if count == 0:
        level = "none"
    elif any(a.level == "warning" for a in advice):
        level = "too_few"
    elif any(v.verdict == "below_min" for v in volume) or (
        not volume and smallest is not None and count < smallest
    ):
        level = "below_min"
    else:
        level = "ok"
    return Verdict(
        count=count,
        task=task,
        task_label=label,
        level=level,  # type: ignore[arg-type]
        volume=tuple(volume),
        advice=advice,
        route=route,
        tasks=options,
        smallest_min=smallest,
    )

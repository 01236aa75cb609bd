"""The multi-process inspector gives the serial report, byte for byte, whatever the split.

Most checks cut small files into tiny byte ranges (`_PAR_CHUNK` lowered) so that range
boundaries fall inside lines, inside CRLF pairs, inside UTF-8 characters and between
duplicates. The property test runs the worker protocol in this process (`InlinePool`: the
same `_scan_range`, parts pickled and unpickled) to afford many examples; the other tests
start real worker processes.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor.core import dataset as ds
from advisor.core import dataset_parallel as par
from advisor.core.dataset import inspect
from advisor.errors import InputError
from tests.conftest import DATA

FIX = DATA / "datasets"


class InlinePool:
    """`dataset_parallel.Pool`'s interface, run here: what the workers would send, unpickled."""

    ranges = 0  # ranges mapped by the last pool (the test checks the split happened)

    def __init__(self, size: int) -> None:
        self.size = size
        self.handles: dict = {}
        InlinePool.ranges = 0

    def map(self, tasks):
        for task in tasks:
            InlinePool.ranges += 1
            part = ds._scan_range(*task, self.handles)
            yield pickle.loads(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def as_json(report) -> str:
    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, sort_keys=True)


def both(path, mp: pytest.MonkeyPatch, **kw):
    """(serial report or error, parallel report or error, ranges merged by the parallel one)."""
    merged = []
    real_merge = ds._Scan.merge

    def counting_merge(self, part):
        merged.append(part.lines)
        return real_merge(self, part)

    mp.setattr(ds, "_PARALLEL_FALLBACK", False)
    try:
        serial = inspect(path, workers=1, **kw)
    except InputError as exc:
        serial = str(exc)
    mp.setattr(ds._Scan, "merge", counting_merge)
    try:
        parallel = inspect(path, workers=2, parallel_min_bytes=0, **kw)
    except InputError as exc:
        parallel = str(exc)
    mp.setattr(ds._Scan, "merge", real_merge)
    return serial, parallel, len(merged)


def assert_same(serial, parallel) -> None:
    if isinstance(serial, str) or isinstance(parallel, str):
        assert serial == parallel
        return
    assert as_json(serial) == as_json(parallel)
    assert serial == parallel


# --- real worker processes ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.iterdir()))
def test_every_fixture_in_tiny_ranges(name, monkeypatch):
    monkeypatch.setattr(ds, "_PAR_CHUNK", 23)
    validation = FIX / "overlap_valid.jsonl" if name == "overlap_train.jsonl" else None
    serial, parallel, ranges = both(FIX / name, monkeypatch, validation=validation)
    assert_same(serial, parallel)
    if name.endswith(".jsonl") and not isinstance(serial, str):
        assert ranges > 1  # split, not read serially


def chat(user: str, answer: str, system: str | None = None) -> str:
    messages = [{"role": "system", "content": system}] if system else []
    messages += [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return json.dumps({"messages": messages}, ensure_ascii=False)


def test_generated_file_with_duplicates_across_every_boundary(tmp_path, monkeypatch):
    """Duplicates, near duplicates and validation overlap whose first occurrences are in
    other ranges; the dedup index filling up mid-file; more system prompts than the top-k
    holds (20 for 16)."""
    rows = []
    for i in range(400):
        k = (i * 7) % 60  # each text comes back several times, far apart
        user = f"Question {k}: how do I reset my password?"
        if (i // 60) % 2:
            user = user.upper()  # a near duplicate of the text 60 lines earlier
        rows.append(chat(user, f"Answer {k}.", system=f"System {i % 20}" if i % 3 else None))
        if i % 37 == 0:
            rows.append("")  # blank
        if i % 41 == 0:
            rows.append('{"messages": [')  # invalid JSON
        if i % 43 == 0:
            rows.append(json.dumps({"prompt": f"p{k}", "completion": "c"}))  # mixed format
    train = tmp_path / "train.jsonl"
    train.write_text("\r\n".join(rows), encoding="utf-8")  # CRLF, no final newline
    valid = tmp_path / "valid.jsonl"
    valid.write_text(
        "\n".join(
            chat(f"Question {k}: how do I reset my password?", f"Answer {k}.") for k in (3, 61, 5)
        )
        + "\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ds, "_PAR_CHUNK", 997)
    kw = {"validation": valid, "max_listed": 5, "dedup_slots": 64}
    serial, parallel, ranges = both(train, monkeypatch, **kw)
    assert_same(serial, parallel)
    assert ranges > 20
    assert not serial.dedup.complete  # the index filled up: the limit applies to the whole file
    assert serial.counts["duplicate"] > 5 and serial.counts["near_duplicate"] > 5
    assert serial.validation.counts["overlap"] >= 1
    # and with room for everything
    kw["dedup_slots"] = 1 << 12
    serial, parallel, _ = both(train, monkeypatch, **kw)
    assert_same(serial, parallel)
    assert serial.dedup.complete


def test_fewer_lines_than_workers(tmp_path, monkeypatch):
    path = tmp_path / "one.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + chat("hi", "hello").encode())
    monkeypatch.setattr(ds, "_PAR_CHUNK", 5)
    serial, parallel, ranges = both(path, monkeypatch)
    assert_same(serial, parallel)
    assert serial.examples == 1 and ranges > 4
    monkeypatch.setattr(ds, "_PARALLEL_FALLBACK", False)
    assert inspect(path, workers=4, parallel_min_bytes=0) == serial


def test_over_long_lines_across_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "MAX_RECORD_BYTES", 64)  # workers get the parent's limit
    monkeypatch.setattr(ds, "_PAR_CHUNK", 50)
    big = json.dumps({"prompt": "x" * 300, "completion": "y"})
    small = json.dumps({"prompt": "a", "completion": "b"})
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join([small, big, small, big, big, small, big]), encoding="utf-8")
    serial, parallel, ranges = both(path, monkeypatch)
    assert_same(serial, parallel)
    assert serial.counts == {"json": 4, "duplicate": 2} and ranges > 10


def test_progress_reaches_the_file_size(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "_PAR_CHUNK", 64)
    monkeypatch.setattr(ds, "_PARALLEL_FALLBACK", False)
    calls = []
    path = FIX / "chat_ok.jsonl"
    inspect(path, workers=2, parallel_min_bytes=0, progress=lambda d, t: calls.append((d, t)))
    size = path.stat().st_size
    assert len(calls) > 5 and calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_failing_pool_falls_back_to_the_serial_pass(monkeypatch):
    class Broken(InlinePool):
        def map(self, tasks):
            yield from list(super().map(tasks))[:2]
            raise par.WorkerFailed("worker 1 stopped")

    monkeypatch.setattr(par, "Pool", Broken)
    monkeypatch.setattr(ds, "_PAR_CHUNK", 40)
    path = FIX / "duplicates.jsonl"
    assert inspect(path, workers=2, parallel_min_bytes=0) == inspect(path, workers=1)
    monkeypatch.setattr(ds, "_PARALLEL_FALLBACK", False)
    with pytest.raises(par.WorkerFailed):
        inspect(path, workers=2, parallel_min_bytes=0)


def _task(path: Path, start: int = 0) -> tuple:
    return (str(path), start, None, True, None, None, 20, ds.MAX_RECORD_BYTES)


def test_workers_that_hash_differently_are_refused():
    pool = par.Pool(1)
    try:
        pool.probe = 12345  # as if another worker had another seed
        with pytest.raises(par.WorkerFailed, match="hash differently"):
            list(pool.map([_task(FIX / "chat_ok.jsonl")]))
    finally:
        pool.close()


def test_a_dead_worker_is_a_failure_not_a_hang():
    pool = par.Pool(2)
    try:
        parts = list(pool.map([_task(FIX / "chat_ok.jsonl")] * 3))
        assert [p.examples for p in parts] == [6, 6, 6]
        assert len({p.probe for p in parts}) == 1
        pool.procs[0].kill()
        pool.procs[0].wait()
        with pytest.raises(par.WorkerFailed):
            list(pool.map([_task(FIX / "chat_ok.jsonl")] * 4))
    finally:
        pool.close()
    assert all(p.returncode is not None for p in pool.procs)


def test_an_error_in_a_worker_is_reported(tmp_path):
    pool = par.Pool(1)
    try:
        with pytest.raises(par.WorkerFailed, match="FileNotFoundError"):
            list(pool.map([_task(tmp_path / "gone.jsonl")]))
    finally:
        pool.close()


# --- when the workers are used --------------------------------------------------------------


def test_only_large_regular_json_lines_files_are_split(tmp_path, monkeypatch):
    def no_pool(size):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(par, "Pool", no_pool)
    jsonl = FIX / "chat_ok.jsonl"
    inspect(jsonl, workers=2)  # under parallel_min_bytes
    inspect(jsonl, workers=1, parallel_min_bytes=0)
    inspect(FIX / "array_ok.json", workers=2, parallel_min_bytes=0)
    inspect(jsonl, workers=2, parallel_min_bytes=0, validation=FIX / "array_ok.json")
    with pytest.raises(InputError, match="no such file"):
        inspect(jsonl, workers=2, parallel_min_bytes=0, validation=tmp_path / "missing.jsonl")
    monkeypatch.setattr(ds.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(ds.os, "cpu_count", lambda: 1)
    inspect(jsonl, parallel_min_bytes=0)  # one CPU: auto means serial
    monkeypatch.setattr(par, "Pool", InlinePool)
    monkeypatch.setattr(ds.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    InlinePool.ranges = 0
    inspect(jsonl, parallel_min_bytes=0)
    assert InlinePool.ranges > 1


def test_bad_worker_counts():
    for bad in (0, -1, True):
        with pytest.raises(InputError, match="workers"):
            inspect(FIX / "chat_ok.jsonl", workers=bad)


# --- the property: any file, any split ------------------------------------------------------

# a small pool of texts, some the same apart from case and punctuation: valid chats drawn from
# it are often exact or near duplicates, and with four system prompts and `SYSTEM_TOP` lowered
# the top-k counter evicts
TEXTS = [
    "Hello there",
    "hello, there!",
    "What is 2+2?",
    "what is 2 + 2",
    "4",
    "Four.",
    "你好",
    "你好。",
]
SYSTEMS = ["You are helpful.", "Be brief.", "你是助手。", "Answer in JSON."]
text = st.sampled_from(TEXTS)
odd_text = st.sampled_from([*TEXTS[:2], " ", ""])
system = st.none() | st.sampled_from(SYSTEMS)
role = st.sampled_from(["system", "user", "assistant", "user", "assistant", "bot"])

chats = st.builds(chat, text, st.sampled_from(TEXTS[:4]), system)
others = st.one_of(
    st.builds(  # roles out of order, no answer, empty content, unknown roles
        lambda turns: json.dumps({"messages": [{"role": r, "content": c} for r, c in turns]}),
        st.lists(st.tuples(role, odd_text), max_size=4),
    ),
    st.builds(
        lambda u, a, s: json.dumps(
            {"conversations": [{"from": "human", "value": u}, {"from": "gpt", "value": a}]}
            | ({"system": s} if s else {}),
            ensure_ascii=False,
        ),
        text,
        text,
        system,
    ),
    st.builds(lambda p, c: json.dumps({"prompt": p, "completion": c}), text, text),
    st.builds(
        lambda i, o: json.dumps({"instruction": i, "input": "", "output": o}, ensure_ascii=False),
        text,
        text,
    ),
    st.sampled_from(
        [
            '{"messages": [',
            "[1, 2]",
            "null",
            "   ",
            "",
            '{"prompt": "\udcff"}',  # written as the byte 0xff: not UTF-8
            json.dumps({"prompt": "x" * 400, "completion": "long"}),  # > MAX_RECORD_BYTES
            '  {"prompt": "a", "completion": "b"}  ',
        ]
    ),
)


@st.composite
def files(draw: st.DrawFn, max_size: int) -> list[str]:
    """Mostly valid chats (so duplicates and long examples are common), other lines among them."""
    rows = draw(st.lists(chats, min_size=1, max_size=max_size))
    for at, row in draw(st.lists(st.tuples(st.integers(0, max_size), others), max_size=8)):
        rows.insert(at, row)
    return rows


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _write(path: Path, rows: list[str], crlf: list[bool], final: bool, bom: bool) -> None:
    data = b"\xef\xbb\xbf" if bom else b""
    for i, row in enumerate(rows):
        data += row.encode("utf-8", "surrogateescape")
        if i < len(rows) - 1 or final:
            data += b"\r\n" if crlf[i % len(crlf)] else b"\n"
    path.write_bytes(data)


@SETTINGS
@given(
    rows=files(max_size=60),
    valid_rows=st.none() | files(max_size=8),
    crlf=st.lists(st.booleans(), min_size=1, max_size=4),
    final=st.booleans(),
    bom=st.booleans(),
    chunk=st.integers(1, 200),
    workers=st.integers(2, 4),
    max_listed=st.integers(0, 3),
    dedup_slots=st.sampled_from([16, 1024]),
    max_seq_len=st.sampled_from([None, 12, 16, 20]),
    fmt=st.none() | st.just("chat"),
    top=st.integers(1, 3),
    exact=st.sampled_from([2, 1 << 17]),
)
def test_parallel_report_equals_serial(
    tmp_path_factory,
    rows,
    valid_rows,
    crlf,
    final,
    bom,
    chunk,
    workers,
    max_listed,
    dedup_slots,
    max_seq_len,
    fmt,
    top,
    exact,
):
    folder = tmp_path_factory.mktemp("par")
    train = folder / "train.jsonl"
    _write(train, rows, crlf, final, bom)
    valid = None
    if valid_rows is not None:
        valid = folder / "valid.jsonl"
        _write(valid, valid_rows, crlf, True, False)
    kw = {
        "validation": valid,
        "max_listed": max_listed,
        "dedup_slots": dedup_slots,
        "max_seq_len": max_seq_len,
        "fmt": fmt,
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(par, "Pool", InlinePool)
        mp.setattr(ds, "_PAR_CHUNK", chunk)
        mp.setattr(ds, "MAX_RECORD_BYTES", 256)
        mp.setattr(ds, "SYSTEM_TOP", top)
        mp.setattr(ds, "EXACT_PERCENTILES", exact)
        serial, parallel, _ = both(train, mp, **kw)
        if workers > 2 and not isinstance(serial, str):
            parallel = inspect(train, workers=workers, parallel_min_bytes=0, **kw)
    assert_same(serial, parallel)
    if not isinstance(serial, str):  # what the examples covered (--hypothesis-show-statistics)
        for kind in serial.all_counts():
            event(kind)
        if not serial.dedup.complete:
            event("dedup index full")
        if any(not p.exact for p in serial.system_prompt.top):
            event("system prompt evicted")
        if not serial.tokens.exact_percentiles:
            event("histogram percentiles")

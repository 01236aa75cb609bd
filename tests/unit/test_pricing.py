"""API prices: hand prices, genai-prices lookups, and the JSON cache that spares its import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from advisor.core.pricing import PriceBook, resolve_model, resolve_prices
from advisor.core.scenario import TokenPrices
from advisor.errors import InputError
from tests.unit.roi_helpers import TODAY, catalog, scenario


def test_hand_prices_need_no_library():
    p = resolve_model(
        "my-model",
        TokenPrices(input_per_mtok=1, output_per_mtok=2),
        catalog(),
        None,
        path="api.price",
        origins={"api.price.input_per_mtok": "--set"},
    )
    assert (p.input_per_mtok, p.output_per_mtok) == (1, 2)
    assert p.cached_input_per_mtok == 1  # no cached price known: the input price
    assert p.batch_input_per_mtok == 0.5  # the catalog's 50% batch rule
    assert p.origins["input_per_mtok"] == "--set"
    assert p.library is None


def test_library_prices_and_batch(tmp_path):
    book = PriceBook(TODAY, tmp_path)
    p = resolve_model("gpt-4.1-mini", TokenPrices(), catalog(), book, path="api.price")
    assert (p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok) == (0.4, 0.1, 1.6)
    assert (p.batch_input_per_mtok, p.batch_output_per_mtok) == (0.2, 0.8)
    assert p.library == "genai-prices 0.2.3" and p.released.isoformat() == "2026-11-10"
    assert p.resolved_id == "openai/gpt-4.1-mini"
    # a hand price overrides one field, the rest still come from the library
    q = resolve_model(
        "gpt-4.1-mini", TokenPrices(output_per_mtok=2.0), catalog(), book, path="api.price"
    )
    assert (q.input_per_mtok, q.output_per_mtok) == (0.4, 2.0)


def test_unknown_model_gets_close_matches_and_the_hand_price_syntax(tmp_path):
    book = PriceBook(TODAY, tmp_path)
    with pytest.raises(InputError) as info:
        resolve_model("gpt-4.1-mni", TokenPrices(), catalog(), book, path="api.price")
    text = str(info.value)
    assert "unknown model 'gpt-4.1-mni'" in text and "gpt-4.1-mini" in text
    assert "--set api.price.input_per_mtok=" in text and "\n" not in text


def test_the_cache_file_is_written_keyed_and_reused(tmp_path):
    book = PriceBook(TODAY, tmp_path)
    book.lookup("gpt-4.1-mini")
    book.lookup("no-such-model-xyz")
    book.save()
    [file] = tmp_path.glob("genai-prices-*.json")
    data = json.loads(file.read_text())
    assert data["day"] == TODAY.isoformat() and data["version"] == "0.2.3"
    assert "gpt-4.1-mini" in data["ids"] and data["models"]["no-such-model-xyz"] == {
        "unknown": True
    }
    # another day: conditional prices may differ, so entries are resolved again
    import datetime as dt

    later = PriceBook(TODAY + dt.timedelta(days=1), tmp_path)
    assert later._data["models"] == {} and later._data["ids"]


def test_a_corrupt_cache_is_ignored(tmp_path):
    PriceBook(TODAY, tmp_path).lookup("gpt-4.1-mini")
    book = PriceBook(TODAY, tmp_path)
    book.lookup("gpt-4.1-mini")
    book._dirty = True
    book.save()
    for f in tmp_path.glob("genai-prices-*.json"):
        f.write_text("{not json")
    assert PriceBook(TODAY, tmp_path).lookup("gpt-4.1-mini")["input"] == 0.4


def test_a_warm_lookup_does_not_import_genai_prices(tmp_path):
    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from advisor.core.pricing import PriceBook\n"
        f"b = PriceBook(dt.date.fromisoformat({TODAY.isoformat()!r}), Path({str(tmp_path)!r}))\n"
        "e = b.lookup('gpt-4.1-mini'); b.save()\n"
        "print(e['input'], 'genai_prices' in sys.modules)\n"
    )
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert cold.stdout.split() == ["0.4", "True"]
    assert warm.stdout.split() == ["0.4", "False"]


def test_resolve_prices_for_a_scenario(tmp_path):
    book = PriceBook(TODAY, tmp_path)
    prices = resolve_prices(scenario(), catalog(), today=TODAY, book=book)
    assert prices.api.model == "gpt-4.1-mini" and prices.rag.model == "gpt-4.1-mini"
    assert prices.teacher.model == "gpt-4.1"
    s = scenario("rag.model=gpt-4o-mini", "api.price.input_per_mtok=9")
    prices = resolve_prices(s, catalog(), today=TODAY, book=book)
    assert prices.rag.input_per_mtok == 0.15  # its own model: api's hand price does not apply
    shared = resolve_prices(
        scenario("api.price.input_per_mtok=9"), catalog(), today=TODAY, book=book
    )
    assert shared.rag.input_per_mtok == 9  # the same model: api's hand price applies

"""Piecewise-linear cost curves: values, exact crossings, steps, the cheapest envelope."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.curve import Curve, crossings, lower_envelope


def test_linear_and_minimum():
    c = Curve.at_least(50, 10, 2)  # max(50, 10 + 2q): kink at q = 20
    assert c.starts == (0.0, 20.0)
    assert c(0) == 50 and c(20) == 50 and c(30) == 70
    assert c.piece(10) == (50, 0) and c.piece(30) == (10, 2)
    assert Curve.at_least(5, 10, 2)(0) == 10  # usage above the minimum from the start
    assert Curve.at_least(50, 10, 0)(1e9) == 50  # no usage cost: the minimum for ever


def test_steps_count_whole_replicas_with_closed_right_ends():
    c = Curve.steps(100, 1000, 1, limit=5000)
    assert [c(q) for q in (0, 1, 1000, 1000.5, 2000, 2001, 5000)] == [
        100,
        100,
        100,
        200,
        200,
        300,
        500,
    ]
    assert c.after(1000) == 200  # just above one replica's capacity: two replicas
    two = Curve.steps(100, 1000, 2, limit=5000)  # a standby replica
    assert two(0) == 200 and two(1500) == 200 and two(2500) == 300


def test_steps_are_capped_and_say_up_to_where():
    c = Curve.steps(1, 1, 1, limit=1e9)
    assert c.exact_to < 1e9 and len(c.starts) <= 100_000


def test_sum_and_shift():
    c = Curve.linear(5, 1) + Curve.at_least(50, 0, 1) + Curve.steps(10, 100, 1, 1000)
    for q in (0, 25, 50, 99, 100, 101, 400, 1000):
        expected = 5 + q + max(50, q) + 10 * max(1, math.ceil(q / 100))
        assert c(q) == pytest.approx(expected)
    assert c.plus(7)(33) == pytest.approx(c(33) + 7)
    assert c.minus(c)(77) == 0


def test_crossing_of_two_lines_is_closed_form():
    a, b = Curve.linear(0, 2), Curve.linear(100, 1)
    [x] = crossings(a, b, 1e9)
    assert x.queries_per_day == 100 and x.kind == "cross" and x.cheaper_below == 0


def test_crossings_on_a_plan_minimum_and_parallel_lines():
    a = Curve.at_least(50, 0, 1)  # flat 50 until q = 50, then q
    b = Curve.linear(30, 0.5)
    found = crossings(a, b, 1e9)
    assert [(x.queries_per_day, x.kind, x.cheaper_below) for x in found] == [
        (40.0, "cross", 1),  # b's line meets a's minimum
        (60.0, "cross", 0),  # a's usage line overtakes b
    ]
    assert crossings(Curve.linear(1, 1), Curve.linear(2, 1), 1e9) == []


def test_equal_costs_without_a_swap_are_not_a_break_even():
    # max(10, q) and a flat 10 are equal up to q = 10, then the flat one is cheaper: it is
    # never the dearer one, so there is no volume at which to switch.
    assert crossings(Curve.at_least(10, 0, 1), Curve.linear(10, 0), 1e9) == []


def test_a_tie_between_two_orders_is_reported_where_it_starts():
    a = Curve((0.0, 5.0, 10.0), (0.0, 10.0, -10.0), (2.0, 0.0, 2.0))  # 2q, then 10, then 2q-10
    b = Curve.linear(10, 0)
    [x] = crossings(a, b, 1e9)
    assert (x.queries_per_day, x.kind, x.cheaper_below) == (5.0, "tie", 0)


def test_a_step_can_swap_the_order_without_equal_costs():
    linear = Curve.linear(0, 0.15)
    replicas = Curve.steps(149, 1000, 1, limit=5000)  # 149 up to 1000/day, then 298...
    found = crossings(linear, replicas, 5000)
    assert found[0].queries_per_day == pytest.approx(149 / 0.15)
    assert (found[0].kind, found[0].cheaper_below) == ("cross", 0)
    assert (found[1].queries_per_day, found[1].kind, found[1].cheaper_below) == (1000, "step", 1)
    assert linear(1000) > replicas(1000) and linear.after(1000) < replicas.after(1000)


def test_lower_envelope():
    curves = [Curve.linear(0, 2), Curve.linear(100, 1), Curve.linear(300, 0)]
    spans = lower_envelope(curves, 1e9)
    assert [(s.winner, s.start, s.end) for s in spans] == [
        (0, 0.0, 100.0),
        (1, 100.0, 200.0),
        (2, 200.0, 1e9),
    ]


# --- properties -------------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e4, allow_nan=False)
slope = st.floats(min_value=0, max_value=10, allow_nan=False)


@st.composite
def curves(draw):
    """A running cost as options build them: fees + tokens, a plan minimum, maybe replicas."""
    c = Curve.linear(draw(money), draw(slope))
    if draw(st.booleans()):
        c = c + Curve.at_least(draw(money), draw(money), draw(slope))
    if draw(st.booleans()):
        capacity = draw(st.floats(min_value=2000, max_value=1e5))
        c = c + Curve.steps(draw(money), capacity, draw(st.integers(1, 3)), limit=1e6)
    return c.plus(draw(money))


@settings(max_examples=150, deadline=None)
@given(curves(), curves())
def test_every_break_even_is_equal_cost_and_swaps_order(a, b):
    upto = 1e6
    found = crossings(a, b, upto)
    events = sorted({0.0, upto, *a.starts, *b.starts, *(x.queries_per_day for x in found)})
    for x in found:
        q = x.queries_per_day
        if x.kind == "cross":
            va, vb = a(q), b(q)
            assert abs(va - vb) <= 1e-9 * max(abs(va), abs(vb), 1e-12)
        if x.kind == "tie":
            continue
        i = events.index(q)
        below = (events[i - 1] + q) / 2
        above = (q + events[i + 1]) / 2
        first_cheaper_below = a(below) < b(below)
        first_cheaper_above = a(above) < b(above)
        assert first_cheaper_below == (x.cheaper_below == 0)
        assert first_cheaper_above != first_cheaper_below


@settings(max_examples=150, deadline=None)
@given(curves(), st.floats(0, 1e6), st.floats(0, 1e6))
def test_costs_never_decrease_with_volume(c, q1, q2):
    lo, hi = sorted((q1, q2))
    assert c(lo) <= c(hi) + 1e-9 * max(1.0, abs(c(hi)))
    assert c.is_nondecreasing()
    assert math.isfinite(c(0.0))


@settings(max_examples=60, deadline=None)
@given(st.lists(curves(), min_size=1, max_size=4))
def test_the_envelope_is_the_minimum(cs):
    spans = lower_envelope(cs, 1e6)
    assert spans[0].start == 0 and spans[-1].end == 1e6
    for s in spans:
        mid = (s.start + s.end) / 2
        assert cs[s.winner](mid) == min(c(mid) for c in cs)

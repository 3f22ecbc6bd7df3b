"""Property-based tests of the shortage allocation rules (O6)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..wizards.review.cs_shortage_allocation import (
    EPS,
    allocate_fair,
    allocate_priority,
    fair_shares,
    is_valid,
)


@st.composite
def shortage(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    demands = []
    for _i in range(count):
        pack = draw(st.sampled_from([0, 1, 5, 6, 10, 12, 25]))
        moq = draw(st.sampled_from([0, 1, 10, 20, 50]))
        step = pack or 1
        least = max(moq, 1)
        least = -(-least // step) * step
        qty = least + step * draw(st.integers(min_value=0, max_value=40))
        demands.append((float(qty), float(moq), float(pack)))
    total = sum(d[0] for d in demands)
    free = float(draw(st.integers(min_value=0, max_value=int(total * 1.2) + 1)))
    return free, demands


@tagged("post_install", "-at_install")
class TestShortageAllocationProperties(BaseCase):
    @settings(max_examples=300, deadline=None)
    @given(shortage())
    def test_never_more_than_free_and_always_valid(self, case):
        free, demands = case
        for allocate in (allocate_priority, allocate_fair):
            result = allocate(free, demands)
            self.assertLessEqual(sum(result), free + EPS)
            for allocated, demand in zip(result, demands, strict=True):
                self.assertTrue(is_valid(allocated, *demand), (allocate.__name__, allocated, demand))

    @settings(max_examples=300, deadline=None)
    @given(shortage())
    def test_fair_share_leaves_nobody_at_zero_while_another_gets_more(self, case):
        free, demands = case
        result = allocate_fair(free, demands)
        shares = fair_shares(free, demands)
        if any(a <= EPS for a in result):
            for allocated, share, (_qty, _moq, pack) in zip(result, shares, demands, strict=True):
                self.assertLessEqual(allocated, share + (pack or 1) + EPS, (free, demands, result))

    @settings(max_examples=200, deadline=None)
    @given(shortage())
    def test_enough_stock_fills_everyone(self, case):
        free, demands = case
        total = sum(d[0] for d in demands)
        if free >= total:
            self.assertEqual(allocate_fair(free, demands), [d[0] for d in demands])
            self.assertEqual(allocate_priority(free, demands), [d[0] for d in demands])

    def test_examples(self):
        demands = [(100.0, 0.0, 10.0), (50.0, 0.0, 10.0), (30.0, 20.0, 10.0)]
        self.assertEqual(allocate_priority(120, demands), [100, 20, 0])
        self.assertEqual(allocate_fair(120, demands), [70, 30, 20])

"""Shortage allocation (O6): how to spread a short free quantity over waiting orders.

Pure functions, no database, so the rules can be property-tested. A demand is
``(qty, moq, pack)``; demands are given in queue order (most urgent first).
An allocation is 0 or a *valid* quantity: at least ``max(moq, 1)``, a
multiple of ``pack`` (when set), never more than the demand — except that
the full demand is always valid, as ordered.
"""

import math

EPS = 1e-9


def _step(pack):
    return pack if pack and pack > 0 else 1.0


def minimum_valid(qty, moq, pack):
    """The smallest valid allocation of a demand (0 when none fits)."""
    step = _step(pack)
    least = math.ceil(max(moq, 1.0) / step - EPS) * step
    if least <= qty + EPS:
        return least
    return qty if qty >= 1.0 - EPS else 0.0


def floor_valid(amount, qty, moq, pack):
    """The largest valid allocation not above ``amount``."""
    if amount >= qty - EPS:
        return qty
    step = _step(pack)
    candidate = math.floor(amount / step + EPS) * step
    if candidate < max(moq, 1.0) - EPS:
        return 0.0
    return candidate


def next_valid(current, qty, moq, pack):
    """The next valid allocation above ``current`` (None at the full demand)."""
    if current >= qty - EPS:
        return None
    if current <= EPS:
        return minimum_valid(qty, moq, pack) or None
    step = _step(pack)
    candidate = current + step
    return qty if candidate > qty - EPS else candidate


def is_valid(allocated, qty, moq, pack):
    if allocated < -EPS:
        return False
    if allocated <= EPS or abs(allocated - qty) <= EPS:
        return True
    if allocated > qty + EPS or allocated < max(moq, 1.0) - EPS:
        return False
    step = _step(pack)
    return abs(allocated / step - round(allocated / step)) <= 1e-6


def allocate_priority(free, demands):
    """Queue order: each order in turn gets as much as is left."""
    left = max(free, 0.0)
    result = []
    for qty, moq, pack in demands:
        allocated = floor_valid(left, qty, moq, pack)
        result.append(allocated)
        left -= allocated
    return result


def fair_shares(free, demands):
    total = sum(qty for qty, _moq, _pack in demands)
    if total <= EPS:
        return [0.0 for _d in demands]
    ratio = min(max(free, 0.0) / total, 1.0)
    return [qty * ratio for qty, _moq, _pack in demands]


def allocate_fair(free, demands):
    """Fair share: proportional to demand, rounded to valid quantities.

    Every order first gets the largest valid quantity within its share
    (demand × free / total demand). What rounding leaves is handed out in
    queue order, one step (pack or unit) at a time — first to orders that
    still have nothing (their minimum fill), then to the others. While an
    order is left at 0, nobody is raised above its share plus one pack.
    """
    left = max(free, 0.0)
    shares = fair_shares(left, demands)
    result = [floor_valid(share, *demand) for share, demand in zip(shares, demands, strict=True)]
    left -= sum(result)
    zeros = {i for i, d in enumerate(demands) if result[i] <= EPS and d[0] > EPS}
    while left > EPS:
        raised = False
        # one pass: orders that still have nothing first (minimum fill), then
        # the others, each in queue order, one step each
        for i in sorted(range(len(demands)), key=lambda i: (i not in zeros, i)):
            qty, moq, pack = demands[i]
            target = next_valid(result[i], qty, moq, pack)
            if target is None or target - result[i] > left + EPS:
                continue
            if (zeros - {i}) and target > shares[i] + _step(pack) + EPS:
                continue  # not above a fair share plus one pack while someone has nothing
            left -= target - result[i]
            result[i] = target
            zeros.discard(i)
            raised = True
        if not raised:
            break
    return result

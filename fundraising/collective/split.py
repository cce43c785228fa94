"""Splitting an amount in integer cents between beneficiaries.

The rule (public, on every collective campaign page):

1. Each beneficiary's exact share is ``total * weight / sum_of_weights`` (equal shares: every weight is 1).
2. Everyone first gets the share rounded down to whole cents.
3. The cents left over (fewer than the number of beneficiaries) go one each to the beneficiaries with the
   largest remainders of step 2 ("largest remainder method"); equal remainders are ordered by the
   beneficiary's id, lowest first.

So the shares always add up to the total exactly, and the same input always gives the same result.
"""


def split_cents(total_cents, weights):
    """`weights`: iterable of (beneficiary_id, weight) with distinct ids and integer weights >= 0.

    Returns {beneficiary_id: cents}. If every weight is 0 (or there is no one), nothing can be split:
    an empty dict for no beneficiaries, ValueError for all-zero weights.
    """
    if not isinstance(total_cents, int) or isinstance(total_cents, bool) or total_cents < 0:
        raise ValueError("total_cents must be a non-negative integer")
    weights = [(key, int(weight)) for key, weight in weights]
    if not weights:
        return {}
    if len({key for key, _weight in weights}) != len(weights):
        raise ValueError("duplicate beneficiary ids")
    if any(weight < 0 for _key, weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weight for _key, weight in weights)
    if weight_sum == 0:
        raise ValueError("at least one weight must be positive")
    shares = {}
    remainders = []
    for key, weight in weights:
        floor, remainder = divmod(total_cents * weight, weight_sum)
        shares[key] = floor
        remainders.append((-remainder, key))
    left = total_cents - sum(shares.values())
    for _remainder, key in sorted(remainders)[:left]:
        shares[key] += 1
    return shares

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundraising.collective.split import split_cents


def test_equal_split_with_remainder_goes_to_lowest_ids():
    assert split_cents(100, [(3, 1), (1, 1), (2, 1)]) == {1: 34, 2: 33, 3: 33}
    assert split_cents(2, [(9, 1), (4, 1), (7, 1)]) == {4: 1, 7: 1, 9: 0}


def test_weighted_split_largest_remainder():
    # 1000 * 1/6 = 166.67, 1000 * 2/6 = 333.33, 1000 * 3/6 = 500 -> one cent left, largest remainder is id 1.
    assert split_cents(1000, [(1, 1), (2, 2), (3, 3)]) == {1: 167, 2: 333, 3: 500}


def test_zero_total_and_no_beneficiaries():
    assert split_cents(0, [(1, 1), (2, 5)]) == {1: 0, 2: 0}
    assert split_cents(500, []) == {}


@pytest.mark.parametrize(
    "total, weights",
    [(-1, [(1, 1)]), (1.5, [(1, 1)]), ("100", [(1, 1)]), (True, [(1, 1)]), (100, [(1, 0)]), (100, [(1, -1), (2, 3)])],
)
def test_rejects_bad_input(total, weights):
    with pytest.raises(ValueError):
        split_cents(total, weights)


def test_rejects_duplicate_ids():
    with pytest.raises(ValueError):
        split_cents(100, [(1, 1), (1, 2)])


weights_strategy = st.dictionaries(
    keys=st.integers(min_value=1, max_value=10**9),
    values=st.integers(min_value=1, max_value=10_000),
    min_size=1,
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**11), weights=weights_strategy)
def test_shares_always_add_up_and_are_fair(total, weights):
    items = list(weights.items())
    shares = split_cents(total, items)
    assert sum(shares.values()) == total
    assert set(shares) == set(weights)
    weight_sum = sum(weights.values())
    for key, weight in items:
        exact_floor = total * weight // weight_sum
        assert shares[key] - exact_floor in (0, 1)  # never more than one cent above the exact share
    # Deterministic and independent of the order the beneficiaries are given in.
    assert split_cents(total, list(reversed(items))) == shares


@settings(max_examples=200, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**10), n=st.integers(min_value=1, max_value=200))
def test_equal_shares_differ_by_at_most_one_cent(total, n):
    shares = split_cents(total, [(i, 1) for i in range(1, n + 1)])
    assert sum(shares.values()) == total
    assert max(shares.values()) - min(shares.values()) <= 1
    # The extra cents go to the lowest ids.
    ordered = [shares[i] for i in range(1, n + 1)]
    assert ordered == sorted(ordered, reverse=True)

"""Accuracy limits that fail on NaN: what run.py and validate.py check every figure with.

A comparison with NaN is false, so `x < limit` lets a NaN through and max(0.0, nan) is 0.0; NaN
embeddings or log-probabilities would pass. Every limit here reads "the figure is a number and
within the limit".
"""
import math


def is_number(x):
    """A finite or infinite real number (not None, not NaN): what JSON's null and NaN are not."""
    return isinstance(x, (int, float)) and not math.isnan(x)


def at_most(x, limit):
    return is_number(x) and x <= limit


def at_least(x, limit):
    return is_number(x) and x >= limit


def nan_max(values):
    """The largest of values, NaN if any is NaN (max() would skip it or not, by position)."""
    worst = -math.inf
    for v in values:
        v = float(v)
        if math.isnan(v):
            return math.nan
        worst = max(worst, v)
    return worst

#!/usr/bin/python3
"""Every accuracy limit of the models workflow fails on NaN and on JSON's null: run.py's check()
and the comparisons of limits.py (which validate.py uses too)."""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import limits  # noqa: E402
import run  # noqa: E402


def results(**quake2):
    """Results where exact and quake2 agree perfectly, but for the figures given."""
    good = {"cosine_min": 1.0, "knn_accuracy": 0.8, "perplexity": 15.0, "top1_agreement": 1.0}
    q = dict(good, **quake2)
    return {"encoder_speed": {"backends": {"exact": good, "quake2": q}},
            "encoder_knn": {"backends": {"exact": good, "quake2": q}},
            "decoder": {"backends": {"exact": good, "quake2": q}}}


def main():
    failures = []
    if run.check(results()):
        failures.append("perfect results fail: %s" % run.check(results()))
    for field in ("cosine_min", "knn_accuracy", "perplexity", "top1_agreement"):
        for bad in (math.nan, None):
            if not run.check(results(**{field: bad})):
                failures.append("quake2 %s = %s passes the limits" % (field, bad))
    if not math.isnan(limits.nan_max([0.5, math.nan, 0.1])):
        failures.append("nan_max skips a NaN")
    if limits.nan_max([0.5, 2.0, 0.1]) != 2.0:
        failures.append("nan_max is not the maximum")
    if limits.at_most(math.nan, 1.0) or limits.at_least(math.nan, 0.0) or limits.at_most(None, 1):
        failures.append("a NaN or null figure meets a limit")
    for f in failures:
        print("limits_test:", f)
    print("limits_test: %s" % ("FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

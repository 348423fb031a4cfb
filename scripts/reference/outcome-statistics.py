#!/usr/bin/env python3
"""Reference values for apps/interventions/src/outcomes/statistics (issue "[8/11] Group interventions").

Computed independently of the TypeScript code with SciPy / NumPy, using SciPy's defaults:
  scipy.stats.ttest_rel(post, pre)            paired t-test, two-sided, 95 % CI of the mean change
  scipy.stats.wilcoxon(post, pre)             zero_method='wilcox', correction=False, method='auto'
  scipy.stats.contingency.chi2_contingency(t) correction=True (Yates when df == 1), lambda_=None
  Cohen's d_z = mean(d) / std(d, ddof=1) with d = post - pre (NumPy; SciPy has no function for it)

Usage (a throw-away venv is enough):
  python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install scipy numpy
  /tmp/refvenv/bin/python scripts/reference/outcome-statistics.py            # prints every case as JSON
  /tmp/refvenv/bin/python scripts/reference/outcome-statistics.py --search   # finds the seed 3x2 table

The specs quote the printed numbers; JSON floats are printed with repr(), so they round-trip exactly.
"""

import json
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.stats.contingency import chi2_contingency

# ----------------------------------------------------------------------------------------------
# Paired cases (pre, post). Dimension scores are means of Likert items, so they are real numbers.
# ----------------------------------------------------------------------------------------------


def _generated_no_ties(n):
    """n pairs whose differences all have distinct magnitudes (no ties, no zeros)."""
    rng = np.random.default_rng(20261126)
    pre = np.round(rng.uniform(2.2, 3.6, size=60), 2)
    magnitudes = rng.choice(np.arange(1, 121), size=60, replace=False) / 100  # 0.01 .. 1.20, distinct
    signs = np.where(rng.uniform(size=60) < 0.7, 1.0, -1.0)
    post = np.round(pre + signs * magnitudes, 2)
    return [float(v) for v in pre[:n]], [float(v) for v in post[:n]]


def _generated_quarter_steps(n):
    """n pairs on a quarter-point grid (mean of four 1..5 items): many ties and some zeros."""
    rng = np.random.default_rng(8)
    pre = rng.integers(8, 17, size=n) / 4  # 2.00 .. 4.00
    step = rng.choice([-2, -1, 0, 1, 1, 2, 2, 3, 4], size=n) / 4
    post = np.clip(pre + step, 1.0, 5.0)
    return [float(v) for v in pre], [float(v) for v in post]


_PERM13_PRE = [2.5, 3.0, 2.75, 3.25, 2.0, 3.5, 2.25, 3.0, 2.5, 3.75, 2.75, 3.0, 2.25]
_PERM13_POST = [3.0, 3.0, 3.25, 3.5, 2.75, 3.25, 3.0, 3.5, 3.25, 4.0, 2.5, 3.75, 3.25]

PAIRED_CASES = {
    # 10 members, no ties, no zero differences -> exact distribution
    "exact10": (
        [2.40, 2.85, 3.10, 2.60, 3.35, 2.95, 2.20, 3.05, 2.75, 3.50],
        [2.75, 3.05, 2.95, 3.15, 3.45, 3.40, 2.85, 3.00, 3.05, 3.75],
    ),
    # 13 members with ties and one zero difference -> SciPy 1.17 runs an exact permutation test (n <= 13)
    "perm13": (_PERM13_PRE, _PERM13_POST),
    # the same plus one member: 14 pairs with ties and a zero -> normal approximation
    "approx14": (_PERM13_PRE + [3.25], _PERM13_POST + [3.75]),
    # 50 pairs, no ties or zeros -> still exact (n <= 50)
    "exact50": _generated_no_ties(50),
    # 51 pairs, no ties or zeros -> normal approximation because n > 50
    "approx51": _generated_no_ties(51),
    # 60 pairs on a quarter-point grid (ties and zeros) -> normal approximation
    "approx60": _generated_quarter_steps(60),
    # W+ == W- at the centre of the exact distribution: 2 * P(T <= 3) = 1.25 is clipped to 1
    "exactClip": ([2.0, 2.0, 4.0], [3.0, 4.0, 1.0]),
    # every difference is +0.5: t-test has no variance; Wilcoxon is all ties -> permutation
    "noVariance": ([2.0, 2.5, 3.0, 3.5, 2.25], [2.5, 3.0, 3.5, 4.0, 2.75]),
    # every difference is zero (n <= 13 and n > 13): what SciPy does
    "allZero4": ([2.0, 2.5, 3.0, 3.5], [2.0, 2.5, 3.0, 3.5]),
    "allZero14": ([3.0] * 14, [3.0] * 14),
    # a single pair
    "single": ([2.5], [3.25]),
}

# ----------------------------------------------------------------------------------------------
# Cross-tabulations
# ----------------------------------------------------------------------------------------------

CROSSTAB_CASES = {
    # living arrangement (alone / with partner / with children) x self-study (yes / no):
    # chi2 = 8.051, p = 0.018, df = 2 as in the seed; found with --search (the smallest total, 45, whose
    # expected counts are all >= 5; rows ordered so that those living alone study most)
    "seed": [[12, 4], [4, 8], [5, 12]],
    # 2x2 -> df = 1 -> Yates' correction (SciPy's default)
    "yates2x2": [[12, 5], [6, 14]],
    # 2x2 whose |observed - expected| is under 0.5: the correction is capped at the difference
    "yatesCapped": [[5, 5], [5, 6]],
    # 3x2 with expected counts under 5
    "lowExpected": [[3, 7], [2, 12], [8, 4]],
    # 2x3, df = 2, larger counts
    "twoByThree": [[20, 15, 25], [10, 22, 8]],
    # one row only: df = 0, SciPy returns chi2 = 0, p = 1
    "singleRow": [[3, 4, 5]],
    # an empty column: SciPy raises ValueError (expected count 0)
    "emptyColumn": [[4, 0], [6, 0]],
}


def _f(x):
    """A float for JSON; NaN / inf as strings (JSON has none)."""
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _descriptives(values):
    a = np.asarray(values, dtype=np.float64)
    n = int(a.size)
    return {
        "n": n,
        "mean": _f(np.mean(a)) if n else None,
        "median": _f(np.median(a)) if n else None,
        "sd": _f(np.std(a, ddof=1)) if n >= 2 else None,
    }


def _caught(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn()
        except Exception as error:  # noqa: BLE001 - the reference records what SciPy does
            return {"error": f"{type(error).__name__}: {error}"}, [str(w.message) for w in caught]
    return value, [str(w.message) for w in caught]


def paired_reference(pre, post):
    pre_a = np.asarray(pre, dtype=np.float64)
    post_a = np.asarray(post, dtype=np.float64)
    d = post_a - pre_a
    n = int(d.size)
    out = {
        "pre": [float(v) for v in pre],
        "post": [float(v) for v in post],
        "n": n,
        "preStats": _descriptives(pre_a),
        "postStats": _descriptives(post_a),
        "meanChange": _f(np.mean(d)) if n else None,
    }

    def ttest():
        res = stats.ttest_rel(post_a, pre_a)
        ci = res.confidence_interval(0.95)
        return {
            "t": _f(res.statistic),
            "df": _f(res.df),
            "p": _f(res.pvalue),
            "ciLower": _f(ci.low),
            "ciUpper": _f(ci.high),
        }

    out["ttest"], out["ttestWarnings"] = _caught(ttest)
    sd = float(np.std(d, ddof=1)) if n >= 2 else float("nan")
    out["dz"] = _f(np.mean(d) / sd) if n >= 2 and sd != 0 else None

    # What scipy.stats.wilcoxon decides with method='auto' (see scipy/stats/_wilcoxon.py):
    nonzero = d[d != 0]
    has_ties = bool(np.unique(np.abs(nonzero)).size != nonzero.size)
    n_zero = int(n - nonzero.size)
    if n > 50:
        method = "approx"
    elif not (has_ties or n_zero > 0):
        method = "exact"
    elif n <= 13:
        method = "permutation"
    else:
        method = "approx"

    def wilcoxon():
        res = stats.wilcoxon(post_a, pre_a)  # every argument at its default
        return {"statistic": _f(res.statistic), "p": _f(res.pvalue)}

    out["wilcoxon"], out["wilcoxonWarnings"] = _caught(wilcoxon)
    if "error" not in out["wilcoxon"]:
        out["wilcoxon"].update({"method": method, "nNonZero": int(nonzero.size), "nZero": n_zero, "hasTies": has_ties})
        if method == "approx":
            # Cross-check: the same p from the explicit asymptotic call
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-zero differences: se = 0
                explicit = stats.wilcoxon(post_a, pre_a, method="asymptotic", correction=False)
            assert explicit.pvalue == out["wilcoxon"]["p"] or np.isnan(explicit.pvalue)
            out["wilcoxon"]["z"] = _f(explicit.zstatistic)
    return out


def crosstab_reference(table):
    out = {"table": table}

    def run():
        res = chi2_contingency(np.asarray(table))
        plain = chi2_contingency(np.asarray(table), correction=False)
        return {
            "chi2": _f(res.statistic),
            "p": _f(res.pvalue),
            "df": int(res.dof),
            "expected": [[_f(v) for v in row] for row in res.expected_freq],
            "chi2Uncorrected": _f(plain.statistic),
            "pUncorrected": _f(plain.pvalue),
            "rounded": {"chi2": round(float(res.statistic), 3), "p": round(float(res.pvalue), 3)},
        }

    out["chi2contingency"], out["warnings"] = _caught(run)
    return out


def search_seed_table(lo=2, hi=26):
    """Integer 3x2 tables (cells lo..hi-1) with round(chi2, 3) == 8.051, round(p, 3) == 0.018, df 2."""
    v = np.arange(lo, hi, dtype=np.float64)
    candidates = []
    for a in range(lo, hi):
        b, c, d, e, f = np.meshgrid(v, v, v, v, v, indexing="ij", sparse=True)
        r1, r2, r3 = a + b, c + d, e + f
        c1, c2 = a + c + e, b + d + f
        total = r1 + r2 + r3
        s = a * a / (r1 * c1) + b * b / (r1 * c2) + c * c / (r2 * c1) + d * d / (r2 * c2)
        s = s + e * e / (r3 * c1) + f * f / (r3 * c2)
        chi = total * (s - 1)  # Pearson's chi2 of a table = N * (sum o^2 / (R C) - 1)
        hits = np.nonzero((chi >= 8.0504) & (chi < 8.0516))  # a coarse filter; SciPy decides below
        cells = np.broadcast_arrays(b, c, d, e, f)
        for k in zip(*hits):
            candidates.append([[a, int(cells[0][k])], [int(cells[1][k]), int(cells[2][k])],
                               [int(cells[3][k]), int(cells[4][k])]])
    found = []
    for table in candidates:
        res = chi2_contingency(np.asarray(table))
        if res.dof == 2 and round(float(res.statistic), 3) == 8.051 and round(float(res.pvalue), 3) == 0.018:
            found.append({
                "total": int(np.sum(table)),
                "minExpected": float(res.expected_freq.min()),
                "table": table,
                "chi2": float(res.statistic),
                "p": float(res.pvalue),
            })
    found.sort(key=lambda x: (x["minExpected"] < 5, x["total"], x["table"]))
    return found


def main():
    if "--search" in sys.argv:
        found = search_seed_table()
        print(f"{len(found)} tables (row and column orders count separately); the first 12:")
        for match in found[:12]:
            print(json.dumps(match))
        return
    print(json.dumps({
        "producedBy": "python3 scripts/reference/outcome-statistics.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "paired": {name: paired_reference(pre, post) for name, (pre, post) in PAIRED_CASES.items()},
        "crossTab": {name: crosstab_reference(t) for name, t in CROSSTAB_CASES.items()},
    }, indent=1))


if __name__ == "__main__":
    main()

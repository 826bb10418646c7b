"""Reference solvers for the same instances: SciPy's linear_sum_assignment and
lapx's LAPJV on the matrix with each mentor's column repeated `capacity`
times, and OR-Tools' SimpleMinCostFlow with capacity on the mentor->sink arc.

All three get the lexicographic objective as tiered integer weights (the same
formula as the engine's `Tiers`), so all must reach the same
(matched, first choices, second choices, total score).

Usage: python solvers.py {scipy,lapx,ortools} instance.npz
Prints one JSON line: {"solver", "seconds", "objective": [m, f, s, total]}.
"""

import json
import sys
import time

import numpy as np


def load(path):
    z = np.load(path)
    scores = z["scores"].astype(np.int64)
    n, m = scores.shape
    eligible = scores >= 0
    forbidden = z["forbidden"]
    if forbidden.size:
        eligible[np.repeat(np.arange(n), forbidden.shape[1]), forbidden.ravel()] = False
    first, second = z["first"], z["second"]
    rank1 = np.zeros((n, m), dtype=bool)
    rank2 = np.zeros((n, m), dtype=bool)
    rows = np.arange(n)
    rank1[rows[first >= 0], first[first >= 0]] = True
    rank2[rows[second >= 0], second[second >= 0]] = True
    max_score = int(scores.max(initial=0))
    firsts, seconds = int((first >= 0).sum()), int((second >= 0).sum())
    score_total = n * max_score
    f2 = score_total + 1
    f1 = seconds * f2 + score_total + 1
    a = firsts * f1 + seconds * f2 + score_total + 1
    w = np.where(eligible, a + f1 * rank1 + f2 * rank2 + np.maximum(scores, 0), 0).astype(np.int64)
    return {"scores": scores, "eligible": eligible, "rank1": rank1, "rank2": rank2, "w": w, "capacity": int(z["capacity"])}


def objective(inst, mentor_of):
    """mentor_of[i] = mentor index or -1."""
    matched = first = second = total = 0
    for i, j in enumerate(mentor_of):
        if j < 0 or not inst["eligible"][i, j]:
            continue
        matched += 1
        first += int(inst["rank1"][i, j])
        second += int(inst["rank2"][i, j])
        total += int(inst["scores"][i, j])
    return [matched, first, second, total]


def expanded_cost(inst):
    return -np.repeat(inst["w"], inst["capacity"], axis=1).astype(np.float64)


def run_scipy(inst):
    from scipy.optimize import linear_sum_assignment

    cost = expanded_cost(inst)
    t = time.perf_counter()
    rows, cols = linear_sum_assignment(cost)
    seconds = time.perf_counter() - t
    mentor_of = np.full(inst["w"].shape[0], -1)
    mentor_of[rows] = cols // inst["capacity"]
    return seconds, mentor_of


def run_lapx(inst):
    import lap

    cost = expanded_cost(inst)
    n, k = cost.shape
    t = time.perf_counter()
    _, x, _ = lap.lapjv(cost, extend_cost=n != k)
    seconds = time.perf_counter() - t
    mentor_of = np.where(x >= 0, x // inst["capacity"], -1)
    return seconds, mentor_of


def run_ortools(inst):
    from ortools.graph.python import min_cost_flow

    w, cap = inst["w"], inst["capacity"]
    n, m = w.shape
    src, sink = 0, n + m + 1
    ii, jj = np.nonzero(inst["eligible"])
    starts = np.concatenate([np.zeros(n, np.int64), ii + 1, np.arange(1, n + 1), np.arange(n + 1, n + m + 1)])
    ends = np.concatenate([np.arange(1, n + 1), jj + n + 1, np.full(n, sink), np.full(m, sink)])
    caps = np.concatenate([np.ones(n, np.int64), np.ones(len(ii), np.int64), np.ones(n, np.int64), np.full(m, cap)])
    costs = np.concatenate([np.zeros(n, np.int64), -w[ii, jj], np.zeros(n, np.int64), np.zeros(m, np.int64)])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(starts, ends, caps, costs)
    smcf.set_node_supply(src, n)
    smcf.set_node_supply(sink, -n)
    t = time.perf_counter()
    status = smcf.solve()
    seconds = time.perf_counter() - t
    if status != smcf.OPTIMAL:
        raise SystemExit(f"OR-Tools status {status}")
    flows = smcf.flows(np.arange(n, n + len(ii)))
    mentor_of = np.full(n, -1)
    mentor_of[ii[flows > 0]] = jj[flows > 0]
    return seconds, mentor_of


if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    inst = load(path)
    seconds, mentor_of = {"scipy": run_scipy, "lapx": run_lapx, "ortools": run_ortools}[name](inst)
    print(json.dumps({"solver": name, "seconds": seconds, "objective": objective(inst, mentor_of)}))

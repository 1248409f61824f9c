#!/usr/bin/python3
"""Solve a free-format MPS file (as `rota export` writes it) with HiGHS
through scipy.optimize.milp, and print one line of JSON:
{"solver": "highs", "status": ..., "objective": ..., "bound": ..., "gap": ...,
"seconds": ..., "read_seconds": ..., ...}: status is one word or two (optimal, time
limit, infeasible, unbounded, error), seconds the solve alone and read_seconds
the parsing of the file; with a solution, the objective recomputed from the
file and the largest violation of a row, a bound and integrality.

Usage: highs_mps.py FILE.mps [TIME_LIMIT_SECONDS] [GAP]
Debian's python3-scipy (1.10) has no MPS reader, so this parses the subset
`rota export` writes: ROWS, COLUMNS with MARKER INTORG/INTEND, RHS, RANGES,
BOUNDS (UP, LO, FX, FR, MI, PL, BV), minimisation.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def read_mps(path):
    rows, row_type, obj_row = {}, [], None
    cols, integer = {}, []
    entries, cost = [], []
    rhs, rng, bounds = {}, {}, {}
    section, is_int = None, False
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                section = line.split()[0]
                continue
            t = line.split()
            if section == "ROWS":
                kind, name = t
                if kind == "N":
                    if obj_row is None:
                        obj_row = name
                    continue
                rows[name] = len(row_type)
                row_type.append(kind)
            elif section == "COLUMNS":
                if len(t) >= 3 and t[1] == "'MARKER'":
                    is_int = t[2] == "'INTORG'"
                    continue
                name = t[0]
                if name not in cols:
                    cols[name] = len(integer)
                    integer.append(is_int)
                    cost.append(0.0)
                j = cols[name]
                for k in range(1, len(t) - 1, 2):
                    r, v = t[k], float(t[k + 1])
                    if r == obj_row:
                        cost[j] = v
                    else:
                        entries.append((rows[r], j, v))
            elif section == "RHS":
                for k in range(1, len(t) - 1, 2):
                    if t[k] == obj_row:
                        continue
                    rhs[rows[t[k]]] = float(t[k + 1])
            elif section == "RANGES":
                for k in range(1, len(t) - 1, 2):
                    rng[rows[t[k]]] = float(t[k + 1])
            elif section == "BOUNDS":
                kind, name = t[0], t[2]
                v = float(t[3]) if len(t) > 3 else 0.0
                bounds.setdefault(cols[name], []).append((kind, v))
    m, n = len(row_type), len(integer)
    lo, hi = np.full(m, -np.inf), np.full(m, np.inf)
    for i, kind in enumerate(row_type):
        b = rhs.get(i, 0.0)
        if kind == "E":
            lo[i] = hi[i] = b
            if i in rng:
                r = rng[i]
                if r > 0:
                    hi[i] = b + r
                else:
                    lo[i] = b + r
        elif kind == "L":
            hi[i] = b
            if i in rng:
                lo[i] = b - abs(rng[i])
        elif kind == "G":
            lo[i] = b
            if i in rng:
                hi[i] = b + abs(rng[i])
    clo, chi = np.zeros(n), np.full(n, np.inf)
    for j, bs in bounds.items():
        for kind, v in bs:
            if kind == "UP":
                chi[j] = v
            elif kind == "LO":
                clo[j] = v
            elif kind == "FX":
                clo[j] = chi[j] = v
            elif kind == "FR":
                clo[j], chi[j] = -np.inf, np.inf
            elif kind == "MI":
                clo[j] = -np.inf
            elif kind == "PL":
                chi[j] = np.inf
            elif kind == "BV":
                clo[j], chi[j] = 0, 1
    r_, c_, v_ = zip(*entries) if entries else ((), (), ())
    a = csr_matrix((v_, (r_, c_)), shape=(m, n))
    return np.array(cost), a, lo, hi, clo, chi, np.array(integer, dtype=int)


# scipy.optimize.milp's status codes, as short words.
STATUS = {0: "optimal", 1: "time limit", 2: "infeasible", 3: "unbounded", 4: "error"}


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: highs_mps.py FILE.mps [TIME_LIMIT_SECONDS] [GAP]")
    path = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    gap = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
    t0 = time.time()
    c, a, lo, hi, clo, chi, integ = read_mps(path)
    start = time.time()
    res = milp(c, constraints=[LinearConstraint(a, lo, hi)], integrality=integ,
               bounds=Bounds(clo, chi),
               options={"time_limit": limit, "mip_rel_gap": gap, "disp": False})
    secs = time.time() - start
    obj = float(res.fun) if res.fun is not None else None
    bound = getattr(res, "mip_dual_bound", None)
    status = STATUS.get(res.status, str(res.status))
    if res.status == 0 and obj is not None and bound is not None and obj - bound > 1e-9 * max(1, abs(obj)):
        status = "optimal (within gap)"
    out = {"solver": "highs", "status": status, "objective": obj,
           "bound": None if bound is None else float(bound),
           "gap": getattr(res, "mip_gap", None), "seconds": round(secs, 2),
           "read_seconds": round(start - t0, 2), "rows": a.shape[0], "cols": a.shape[1],
           "message": res.message}
    if res.x is not None:
        # Re-check what HiGHS returns against the file: the objective
        # recomputed, and the largest row, bound and integrality violation.
        x = res.x
        act = a @ x
        viol = max(0.0, float(np.max(lo - act, initial=0)), float(np.max(act - hi, initial=0)),
                   float(np.max(clo - x, initial=0)), float(np.max(x - chi, initial=0)))
        ints = x[integ == 1]
        out["recomputed_objective"] = float(c @ x)
        out["max_violation"] = viol
        out["max_fractionality"] = float(np.max(np.abs(ints - np.round(ints)), initial=0))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

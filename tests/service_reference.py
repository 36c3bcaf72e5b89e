#!/usr/bin/env python3
"""An independent implementation of the service standard (docs/service.md),
for the tests: every station's duty requirement and auxiliary duty need,
computed from the definition with the Python standard library alone.

    python3 tests/service_reference.py STATIONS_CSV PARAMS_JSON

STATIONS_CSV is the scenario's stations.csv (UTF-8, columns station_id,
county_id, kind, calls; no call categories). PARAMS_JSON holds the standard:
call_growth, divert_share, officer_hours_per_year, minutes_per_call,
officers_per_unit, auxiliaries_per_unit, auxiliary_hours_per_year,
target_wait_probability, max_utilisation (or null), min_units_on_duty,
profile (24 shares, or a table kind -> 24 shares), pool_hours, pool_kinds
(or null: every kind), standby_hours, standby_kinds (or null),
standby_weight.

Prints `station_id,duty,auxiliaries` a line, in the file's order, with every
digit of the doubles (repr).

It shares no code with the tool: Erlang B is the textbook recursion from
B(0) = 1, the units of a queue are found by trying N = 1, 2, ... in turn,
pools are formed from the CSV's county and kind columns.
"""

import csv
import json
import sys

DAYS = 365.0


def erlang_c(n, a):
    """P(wait) in M/M/N with load a: N B / (N - a (1 - B)), B by the recursion."""
    if a == 0.0:
        return 0.0
    if n <= a:
        return 1.0
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1.0 - b))


def tolerance(v):
    """The project's one tolerance: min(1e-9 * max(|v|, 1), 1e-3)."""
    return min(1e-9 * max(abs(v), 1.0), 1e-3)


def units(a, p):
    """The least N meeting the standard at load a (n0 when a = 0)."""
    n0 = int(p["min_units_on_duty"])
    if a == 0.0:
        return n0
    u = p["max_utilisation"]
    n = max(n0, 1)
    while True:
        ok = n > a and erlang_c(n, a) <= p["target_wait_probability"]
        # a / N <= u, read as N u >= a within the tolerance.
        if ok and (u is None or n * u >= a - tolerance(a)):
            return n
        n += 1


def profile(p, kind):
    prof = p["profile"]
    return prof[kind] if isinstance(prof, dict) else prof


def covers(hours, kinds, kind, h):
    return h in hours and (kinds is None or kind in kinds)


def main():
    stations_csv, params_json = sys.argv[1], sys.argv[2]
    with open(params_json, encoding="utf-8") as f:
        p = json.load(f)
    with open(stations_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    kept = p["call_growth"] * (1.0 - p["divert_share"])
    m = p["minutes_per_call"]
    loads = []
    for r in rows:
        calls = float(r["calls"]) * kept
        shares = profile(p, r["kind"])
        loads.append([calls * shares[h] / DAYS * m / 60.0 for h in range(24)])

    # Pools: (county, hour) -> [station indices], then (A, N).
    members = {}
    for i, r in enumerate(rows):
        for h in range(24):
            if covers(p["pool_hours"], p["pool_kinds"], r["kind"], h):
                members.setdefault((r["county_id"], h), []).append(i)
    pools = {}
    for key, idx in members.items():
        total = 0.0
        for i in idx:
            total += loads[i][key[1]]
        pools[key] = (total, units(total, p), len(idx))

    for i, r in enumerate(rows):
        weighted = 0.0
        for h in range(24):
            a = loads[i][h]
            if covers(p["pool_hours"], p["pool_kinds"], r["kind"], h):
                total, n, size = pools[(r["county_id"], h)]
                n_sh = n * a / total if total > 0.0 else n / size
            else:
                n_sh = units(a, p)
            if covers(p["standby_hours"], p["standby_kinds"], r["kind"], h):
                w = p["standby_weight"]
            else:
                w = 1.0
            weighted += w * n_sh
        duty = DAYS * p["officers_per_unit"] * weighted / p["officer_hours_per_year"]
        aux = DAYS * p["auxiliaries_per_unit"] * weighted / p["auxiliary_hours_per_year"]
        print(f"{r['station_id']},{duty!r},{aux!r}")


if __name__ == "__main__":
    main()

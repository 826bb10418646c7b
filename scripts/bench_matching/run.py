"""Side-by-side benchmark of the matching engine against SciPy, lapx and
OR-Tools. Generates the instances deterministically (gen.py), runs every
solver in its own process, checks they all reach the same objective, and
prints times, ratios and peak memory (ru_maxrss of each process)."""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Failed(Exception):
    """A solver exited with an error; the message is its last line of stderr."""


def peak_mib(cmd, check=True):
    """Runs cmd under /usr/bin/time-like accounting via wait4 and returns (out, err, wall, MiB, CPU seconds).
    A failing command ends the run, or with check=False raises Failed."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # communicate() would reap the child: read the pipes, then reap with wait4 for its rusage.
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        if not check:
            lines = err.decode().strip().splitlines() or [f"exit status {p.returncode}"]
            raise Failed(lines[-1])
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err.decode()}")
    return out.decode(), err.decode(), wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def generate(kind, n, m, cap, seed, work):
    path = os.path.join(work, f"{kind}-{n}x{m}-c{cap}-s{seed}.json")
    if not os.path.exists(path):
        print(f"generating {os.path.basename(path)} …", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), kind, str(n), str(m), str(cap), str(seed), path], check=True)
    return path


def load():
    """The 1-minute load average: other work on the machine skews every timing."""
    return os.getloadavg()[0]


def engine(binary, path, work, extra=()):
    out_path = os.path.join(work, "result.json")
    before = load()
    _, err, wall, mib, cpu = peak_mib([binary, "--input", path, "--output", out_path, "--timings", *extra])
    line = next(l for l in err.splitlines() if l.startswith("timings:"))
    t = dict(kv.split("=") for kv in line.split()[1:])
    with open(out_path) as f:
        r = json.load(f)
    o = r["objective"]
    return {
        "timings": {k: float(v.rstrip("s")) for k, v in t.items()},
        "objective": [o["matched"], o["first_choices"], o["second_choices"], o["total_score"]],
        "verified": (r.get("certificate") or {}).get("verified"),
        "blocking": r["blocking_pairs"],
        "wall": wall,
        "cpu": cpu,
        "mib": mib,
        "solver": r.get("solver"),
        "load": max(before, load()),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--large", action="store_true", help="also 100,000 x 20,000 (profile-based)")
    ap.add_argument("--skip", default="", help="comma-separated reference solvers to skip")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--m", type=int, default=2_000)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    skip = set(filter(None, args.skip.split(",")))
    n, m, cap = args.n, args.m, 5
    rows = []
    ours = {}
    ok = True
    for kind in ["random", "realistic", "noties"]:
        path = generate(kind, n, m, cap, 1, args.work)
        e = engine(args.engine, path, args.work)
        ours[kind] = e
        print(f"\n== {kind} {n} x {m}, capacity {cap} ==")
        print(f"engine: {e['timings']}  CPU {e['cpu']:.2f}s  peak {e['mib']:.0f} MiB  objective {e['objective']}  certificate {e['verified']}  {e['solver']}  load {e['load']:.1f}")
        for name in ["scipy", "lapx", "ortools"]:
            if name in skip:
                continue
            before = load()
            try:
                out, _, wall, mib, _ = peak_mib([sys.executable, os.path.join(HERE, "solvers.py"), name, path.replace(".json", ".npz")], check=False)
            except Failed as why:
                # OR-Tools refuses the tie-free twin's tiered costs (BAD_COST_RANGE:
                # its cost times node count must fit in 64 bits).
                print(f"{name:8s}: could not solve it: {why}")
                continue
            r = json.loads(out)
            same = r["objective"] == e["objective"]
            ok &= same
            ld = max(before, load())
            print(f"{name:8s}: solve {r['seconds']:.2f}s  peak {mib:.0f} MiB  objective {r['objective']}  {'same' if same else 'DIFFERENT'}  load {ld:.1f}")
            rows.append((kind, name, r["seconds"], mib, e, same, ld))
    print("\n| instance | reference | its solve | our solve | ratio | our total run | ratio | peak MiB (ref / ours) | same objective | load (ref / ours) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind, name, secs, mib, e, same, ld in rows:
        our_solve, total = e["timings"]["solve"], e["timings"]["total"]
        print(f"| {kind} | {name} | {secs:.2f} s | {our_solve:.2f} s | {secs / our_solve:.1f}x | {total:.2f} s | {secs / total:.1f}x | {mib:.0f} / {e['mib']:.0f} | {'yes' if same else 'NO'} | {ld:.1f} / {e['load']:.1f} |")

    # Ties must not cost more than 2x: the tie-heavy realistic instance against its tie-free twin.
    solve, cpu = ({k: ours[k]["timings"]["solve"] for k in ours}, {k: ours[k]["cpu"] for k in ours})
    print(f"\nties: realistic solve {solve['realistic']:.2f}s, CPU {cpu['realistic']:.2f}s vs tie-free twin solve {solve['noties']:.2f}s, CPU {cpu['noties']:.2f}s (CPU ratio {cpu['realistic'] / cpu['noties']:.2f}x; goal <= 2x)")
    path = generate("profile", n, m, cap, 1, args.work)
    e = engine(args.engine, path, args.work)
    print(f"\nprofile {n} x {m} (computed scores): {e['timings']}  CPU {e['cpu']:.2f}s  peak {e['mib']:.0f} MiB  certificate {e['verified']}  {e['solver']}  load {e['load']:.1f}")
    if args.large:
        path = generate("profile", 100_000, 20_000, cap, 1, args.work)
        e = engine(args.engine, path, args.work)
        print(f"profile 100000 x 20000 (computed scores): {e['timings']}  CPU {e['cpu']:.2f}s  peak {e['mib']:.0f} MiB  certificate {e['verified']}  {e['solver']}  load {e['load']:.1f}")
    if not ok:
        sys.exit("objectives differ")


if __name__ == "__main__":
    main()

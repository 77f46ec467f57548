#!/usr/bin/env python3
"""Writes BENCHMARKS.md from measurements of the commit checked out, on this machine.

    python3 benches/report.py [--runs 3] [--seconds 3] [--cold-build-base REV] [--allow-load]

Every comparison is a paired, same-run ratio (benches/support/paired.rs: the generated code and
its hand-written baseline in alternating batches); each bench binary runs --runs times and the
file gives each run's median ratio and their median. Then the cold build of a user crate with
one gateway (benches/cold_build.sh, this commit against --cold-build-base) and the load run
(examples/load.rs). The file records the commit, the machine and the load average before and
after; a machine that is not idle (a 1-minute load average of 1 or more, after waiting up to
two minutes for it to settle) is refused unless --allow-load, and a working tree with changes
is refused unless --allow-dirty. The explanations of misses come from benches/NOTES.md, verbatim: they hold no
figure.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ["request_path", "decode", "round_trip"]
# (paired name, what it compares, target ratio)
TARGETS = [
    ("comnpay tokenDebit build+validate+encode",
     "ComNpay tokenDebit: build, validate, encode vs hand-written", 1.00),
    ("payneteasy sale build+validate+encode+sign",
     "PaynetEasy sale: build, validate, encode, sign vs serde_urlencoded + sha1", 1.00),
    ("comnpay payment answer decode",
     "ComNpay payment answer decode vs hand-written serde structs", 1.00),
    ("payneteasy status answer decode",
     "PaynetEasy status answer decode vs serde_urlencoded struct", 1.00),
    ("round trip comnpay tokenDebit", "round trip, ComNpay client vs raw reqwest", 1.03),
    ("round trip payneteasy sale", "round trip, PaynetEasy client vs raw reqwest", 1.03),
    ("round trip smoney card payment", "round trip, S-money client vs raw reqwest", 1.03),
]
PAIRED = re.compile(
    r"^paired (?P<name>.+?): generated (?P<gen>[\d.]+) ns, baseline (?P<base>[\d.]+) ns, "
    r"ratio median (?P<ratio>[\d.]+) \(quartiles (?P<q1>[\d.]+)\.\.(?P<q3>[\d.]+)"
)
LOAD = re.compile(
    r"^(?P<gateway>.+?)\s+(?P<payments>\d+) payments,\s+(?P<conns>\d+) connections:\s+"
    r"(?P<rps>\d+) req/s, p50\s+(?P<p50>[\d.]+) ms, p99\s+(?P<p99>[\d.]+) ms, max\s+(?P<max>[\d.]+) ms"
)
COLD = re.compile(r"^cold_build (?P<fields>.+)$")


def sh(cmd, env=None, capture=True):
    """Runs cmd in the repository; its output (stdout), or exits with its stderr."""
    full = dict(os.environ, **(env or {}))
    p = subprocess.run(cmd, cwd=ROOT, env=full, text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if p.returncode != 0:
        sys.exit(f"`{' '.join(cmd)}` failed ({p.returncode}):\n{p.stderr or ''}")
    return p.stdout or ""


def loadavg():
    return tuple(float(x) for x in Path("/proc/loadavg").read_text().split()[:3])


def wait_for_idle(allow_load, limit=1.0, patience=120):
    """The load average once the 1-minute figure is under `limit` (waiting up to
    `patience` seconds); exits if it never is, unless allowed."""
    deadline = time.time() + patience
    while loadavg()[0] >= limit and time.time() < deadline and not allow_load:
        time.sleep(10)
    la = loadavg()
    if la[0] >= limit and not allow_load:
        sys.exit(f"the machine is not idle (load average {la}); rerun when it is, "
                 "or pass --allow-load (the file then says so)")
    return la


def paired_runs(runs, seconds):
    sh(["cargo", "bench", "--no-run", "-q"] + [f"--bench={b}" for b in BENCHES])
    results = {}
    for _ in range(runs):
        for bench in BENCHES:
            out = sh(["cargo", "bench", "-q", "--bench", bench, "--", "--test"],
                     env={"PAYBIND_PAIRED_SECS": str(seconds)})
            for line in out.splitlines():
                m = PAIRED.match(line.strip())
                if m:
                    results.setdefault(m["name"], []).append(m.groupdict())
    return results


def cold_build(base):
    out = sh(["bash", "benches/cold_build.sh", base, str(ROOT), "comnpay"])
    for line in out.splitlines():
        m = COLD.match(line.strip())
        if m:
            return dict(kv.split("=", 1) for kv in m["fields"].split())
    sys.exit("benches/cold_build.sh printed no result line")


def load_run():
    out = sh(["cargo", "run", "-q", "--release", "--features", "sim", "--example", "load"])
    return [m.groupdict() for m in map(LOAD.match, out.splitlines()) if m]


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in
                Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")),
               platform.processor())
    rustc = sh(["rustc", "--version"]).strip()
    return f"{os.cpu_count()} cores ({cpu}), {rustc}"


def render(commit, dirty, before, after, results, runs, seconds, cold, base, loads):
    lines = [
        "# Benchmarks",
        "",
        "Written by `python3 benches/report.py` (do not edit by hand): every comparison below is",
        "a paired ratio taken in one run (the generated code and its hand-written baseline in",
        "alternating batches, `benches/support/paired.rs`), the median of each run's median.",
        "",
        f"- Commit: `{commit}`{' (with uncommitted changes)' if dirty else ''}",
        f"- Machine: {machine()}",
        f"- Load average (1, 5, 15 min): {before[0]:.2f}, {before[1]:.2f}, {before[2]:.2f} before; "
        f"{after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} after",
        f"- Runs: {runs} of each bench binary, {seconds} s of pairs per comparison",
        "",
        "## Targets",
        "",
        "| comparison | target | ratio (median of runs) | each run's median (quartiles) | generated / baseline per call | met? |",
        "|---|---|---|---|---|---|",
    ]
    for name, what, target in TARGETS:
        rs = results.get(name, [])
        if not rs:
            lines.append(f"| {what} | ≤ {target:.2f}× | not measured | | | no |")
            continue
        med = statistics.median(float(r["ratio"]) for r in rs)
        each = ", ".join(f"{float(r['ratio']):.3f} ({float(r['q1']):.2f}..{float(r['q3']):.2f})" for r in rs)
        ns = f"{statistics.median(float(r['gen']) for r in rs):,.0f} ns / {statistics.median(float(r['base']) for r in rs):,.0f} ns"
        met = "yes" if med <= target else f"no (+{(med / target - 1) * 100:.1f}%)"
        lines.append(f"| {what} | ≤ {target:.2f}× | {med:.3f}× | {each} | {ns} | {met} |")
    lines += ["", "## Cold build of a user crate with one gateway", ""]
    if cold:
        lines += [
            f"`benches/cold_build.sh {base} <this commit> comnpay`: a crate depending on paybind with",
            "`default-features = false, features = [\"comnpay\"]`, built from an empty target",
            "directory, against the same locked dependencies, both in this run.",
            "",
            "| | before | after | after / before |",
            "|---|---|---|---|",
            f"| wall time | {float(cold['old']):.1f} s | {float(cold['new']):.1f} s | {float(cold['ratio']):.3f}× |",
        ]
        if "cpu_ratio" in cold:
            lines.append(f"| CPU time | {float(cold['old_cpu']):.1f} s | {float(cold['new_cpu']):.1f} s | {float(cold['cpu_ratio']):.3f}× |")
    else:
        lines.append("Not measured in this run (`--cold-build-base` not given).")
    lines += ["", "## Load", ""]
    if loads:
        lines += [
            "`cargo run --release --features sim --example load`: paybind's clients against the",
            "embedded simulator in one process (both ends share the cores), the ledger checked.",
            "",
            "| gateway (call) | payments | connections | req/s | p50 | p99 | max |",
            "|---|---|---|---|---|---|---|",
        ]
        for l in loads:
            lines.append(f"| {l['gateway']} | {l['payments']} | {l['conns']} | {int(l['rps']):,} | "
                         f"{l['p50']} ms | {l['p99']} ms | {l['max']} ms |")
    else:
        lines.append("Not measured in this run (`--skip-load`).")
    notes = ROOT / "benches" / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        f"python3 benches/report.py --runs {runs} --seconds {seconds}"
        + (f" --cold-build-base {base}" if cold else ""),
        "# one comparison's paired ratio, by hand:",
        "PAYBIND_PAIRED_SECS=3 cargo bench --bench decode -- --test",
        "```",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--cold-build-base", help="the paybind commit the cold build compares with")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--allow-load", action="store_true")
    ap.add_argument("--allow-dirty", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    a = ap.parse_args()
    dirty = bool(sh(["git", "status", "--porcelain", "--untracked-files=no"]).strip())
    if dirty and not a.allow_dirty:
        sys.exit("the working tree has changes: BENCHMARKS.md describes a commit")
    commit = sh(["git", "rev-parse", "HEAD"]).strip()
    before = wait_for_idle(a.allow_load)
    results = paired_runs(a.runs, a.seconds)
    cold = cold_build(a.cold_build_base) if a.cold_build_base else None
    loads = [] if a.skip_load else load_run()
    after = loadavg()
    Path(a.out).write_text(render(commit, dirty, before, after, results, a.runs, a.seconds,
                                  cold, a.cold_build_base, loads))
    print(f"wrote {a.out} for {commit[:12]} (load {before[0]:.2f} -> {after[0]:.2f})")


if __name__ == "__main__":
    main()

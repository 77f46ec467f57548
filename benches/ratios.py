#!/usr/bin/env python3
"""Prints, for every criterion group of the last `cargo bench` run, each function's median
time and its ratio to the group's baseline (the function whose name starts with "hand" or
"raw"). Reads target/criterion (or $CARGO_TARGET_DIR/criterion).

    cargo bench --bench request_path --bench decode --bench round_trip && python3 benches/ratios.py
"""
import json
import os
import pathlib
import sys

root = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"
groups = {}
for meta in root.glob("*/*/new/benchmark.json"):
    b = json.loads(meta.read_text())
    est = json.loads((meta.parent / "estimates.json").read_text())
    groups.setdefault(b["group_id"], {})[b["function_id"]] = est["median"]["point_estimate"]

if not groups:
    sys.exit(f"no criterion results under {root}")
for group in sorted(groups):
    fns = groups[group]
    base = next((v for k, v in fns.items() if k.startswith(("hand", "raw"))), None)
    for name, ns in sorted(fns.items(), key=lambda kv: kv[0].startswith(("hand", "raw"))):
        ratio = f"{ns / base:5.3f}x" if base else ""
        print(f"{group:<46} {name:<24} {ns:>12.1f} ns  {ratio}")

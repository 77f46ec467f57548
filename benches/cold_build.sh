#!/usr/bin/env bash
# The cold build of a user's crate that depends on paybind for one gateway, with two
# versions of paybind: how long `cargo build` takes from an empty target directory.
#
#     benches/cold_build.sh OLD NEW [GATEWAY]
#
# OLD and NEW are each a paybind source directory or a commit of this repository (exported
# with `git archive`). GATEWAY is the one feature the user crate turns on (default
# `comnpay`), with `default-features = false`. ROUNDS (environment, default 1) runs the
# pair that many times, alternating the order (OLD NEW, NEW OLD, ...), so that neither
# version always builds first.
#
# Both user crates pin the dependency versions of OLD's Cargo.lock and fetch them before
# timing; each build is `cargo build --offline` in a new CARGO_TARGET_DIR. Printed: the load
# average before each build, each wall time, the median per version and NEW/OLD. The last
# line is machine-readable:
#
#     cold_build gateway=comnpay old=412.3 new=371.0 ratio=0.900
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
old_src=$1
new_src=$2
gateway=${3:-comnpay}
rounds=${ROUNDS:-1}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paybind-cold-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A paybind source directory for $1, exported from the repository when it is a commit.
source_dir() {
  local spec=$1 name=$2
  if [[ -d $spec ]]; then
    (cd "$spec" && pwd)
    return
  fi
  local commit
  commit=$(git -C "$repo" rev-parse --verify "$spec^{commit}")
  mkdir -p "$work/$name"
  git -C "$repo" archive "$commit" | tar -x -C "$work/$name"
  echo "$work/$name"
}

# A user crate depending on the paybind at $1, with the lock of $3.
user_crate() {
  local paybind=$1 dir=$2 lock=$3
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "usercrate"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
paybind = { path = "$paybind", default-features = false, features = ["$gateway"] }
EOF
  echo "pub use paybind::$gateway::Client;" >"$dir/src/lib.rs"
  cp "$lock" "$dir/Cargo.lock"
  # Settles the lock (drops what the crate does not use) and downloads, untimed.
  (cd "$dir" && cargo fetch -q)
}

# Seconds of wall time of a cold `cargo build` of the crate in $1.
cold_build() {
  local dir=$1 target
  target=$(mktemp -d "$work/target.XXXXXX")
  echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR=$target cargo build --offline -q)
  end=$(date +%s.%N)
  rm -rf "$target"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", e - s }'
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

old_dir=$(source_dir "$old_src" old-src)
new_dir=$(source_dir "$new_src" new-src)
user_crate "$old_dir" "$work/user-old" "$old_dir/Cargo.lock"
user_crate "$new_dir" "$work/user-new" "$old_dir/Cargo.lock"

echo "cold build of a crate using paybind with features = [\"$gateway\"] ($(nproc) cores)"
echo "  old: $old_src ($old_dir)"
echo "  new: $new_src ($new_dir)"
: >"$work/old.times"
: >"$work/new.times"
for ((i = 0; i < rounds; i++)); do
  order=(old new)
  ((i % 2)) && order=(new old)
  for which in "${order[@]}"; do
    echo "round $((i + 1)), $which:"
    t=$(cold_build "$work/user-$which")
    echo "  wall ${t} s"
    echo "$t" >>"$work/$which.times"
  done
done
old_median=$(median <"$work/old.times")
new_median=$(median <"$work/new.times")
ratio=$(awk -v o="$old_median" -v n="$new_median" 'BEGIN { printf "%.3f", n / o }')
echo "median wall: old ${old_median} s, new ${new_median} s, new/old ${ratio}"
echo "cold_build gateway=$gateway old=$old_median new=$new_median ratio=$ratio"

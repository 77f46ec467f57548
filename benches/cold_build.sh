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
# timing; each build is `cargo build --offline` in a new CARGO_TARGET_DIR, timed by
# /usr/bin/time. Printed: the load average before each build, each wall and CPU time, the
# medians per version and NEW/OLD. The last line is machine-readable:
#
#     cold_build gateway=comnpay old=41.4 new=33.4 ratio=0.806 old_cpu=... new_cpu=... cpu_ratio=...
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,18p' "$0" >&2
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

# A cold `cargo build` of the crate in $1: "WALL CPU", in seconds (CPU: user + system, of
# cargo and every compiler it ran; less sensitive than wall time to other work on the
# machine).
cold_build() {
  local dir=$1 target times
  target=$(mktemp -d "$work/target.XXXXXX")
  times=$(mktemp "$work/time.XXXXXX")
  echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  (cd "$dir" && CARGO_TARGET_DIR=$target /usr/bin/time -o "$times" -f '%e %U %S' \
    cargo build --offline -q)
  rm -rf "$target"
  awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$times"
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
    result=$(cold_build "$work/user-$which")
    read -r wall cpu <<<"$result"
    echo "  wall ${wall} s, cpu ${cpu} s"
    echo "$wall" >>"$work/$which.wall"
    echo "$cpu" >>"$work/$which.cpu"
  done
done
ratio() { awk -v o="$1" -v n="$2" 'BEGIN { printf "%.3f", n / o }'; }
old_wall=$(median <"$work/old.wall")
new_wall=$(median <"$work/new.wall")
old_cpu=$(median <"$work/old.cpu")
new_cpu=$(median <"$work/new.cpu")
wall_ratio=$(ratio "$old_wall" "$new_wall")
cpu_ratio=$(ratio "$old_cpu" "$new_cpu")
echo "median wall: old ${old_wall} s, new ${new_wall} s, new/old ${wall_ratio}"
echo "median cpu:  old ${old_cpu} s, new ${new_cpu} s, new/old ${cpu_ratio}"
echo "cold_build gateway=$gateway old=$old_wall new=$new_wall ratio=$wall_ratio" \
  "old_cpu=$old_cpu new_cpu=$new_cpu cpu_ratio=$cpu_ratio"

#!/usr/bin/env bash
# Builds the libFuzzer targets on stable Rust and runs one of them.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#   fuzz/run.sh build            # only build every target
#   fuzz/run.sh keep TARGET      # merge fuzz/scratch/TARGET into the committed corpus
#   fuzz/run.sh merge TARGET     # minimize fuzz/corpus/TARGET in place (every edge kept)
#
# TARGET is one of: comnpay payneteasy smoney money_date spec.
# A run reads the committed corpus fuzz/corpus/TARGET/ and fuzz/seeds/TARGET/, and writes
# the inputs it finds to fuzz/scratch/TARGET/ (ignored by git): the repository stays
# clean until `keep` merges them. Crashes land in fuzz/artifacts/TARGET/ (ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/../target/fuzz}"
# libFuzzer's coverage instrumentation with stable codegen flags only (what cargo-fuzz
# passes on nightly, minus the -Z flags).
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps RUSTFLAGS off build scripts and proc macros, which cannot
# link the sanitizer callbacks.
triple="$(rustc -vV | sed -n 's/^host: //p')"
build() { (cd "$here" && cargo build --locked --release --bins --target "$triple"); }
bin() { echo "$CARGO_TARGET_DIR/$triple/release/$1"; }
# The whole script is read before it runs (main, then exit), so that editing it while a
# long run is under way cannot change what that run does next.
main() {
  case "${1:-}" in
    build) build ;;
    merge|keep)
      t="$2"; build
      tmp="$(mktemp -d)"
      extra=()
      [ "$1" = keep ] && [ -d "$here/scratch/$t" ] && extra=("$here/scratch/$t")
      # Keeps a smallest set of inputs that covers every edge the corpus (and, for `keep`,
      # the scratch corpus) covers, not every hit-count bucket: the committed corpus stays
      # small.
      "$(bin "$t")" -set_cover_merge=1 -use_counters=0 -max_len=1048576 -rss_limit_mb=4096 \
        "$tmp" "$here/corpus/$t" "${extra[@]}"
      rm -rf "$here/corpus/$t"; mv "$tmp" "$here/corpus/$t"
      [ "$1" = keep ] && rm -rf "$here/scratch/$t"
      ;;
    ""|-h|--help) sed -n 2,13p "$0"; exit 2 ;;
    *)
      t="$1"; secs="${2:-600}"; shift 2 || true
      build
      mkdir -p "$here/scratch/$t" "$here/artifacts/$t"
      [ -d "$here/seeds" ] || python3 "$here/make_seeds.py"
      seeds=()
      [ -d "$here/seeds/$t" ] && seeds=("$here/seeds/$t")
      # libFuzzer writes what it finds into the first directory only: the scratch one.
      "$(bin "$t")" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$here/artifacts/$t/" "$@" \
        "$here/scratch/$t" "$here/corpus/$t" "${seeds[@]}"
      ;;
  esac
}
main "$@"
exit

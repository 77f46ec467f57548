#!/usr/bin/env bash
# Mutation testing (cargo-mutants) over the code that moves money, signs, redacts, decides
# outcomes and judges fidelity. Installs cargo-mutants when it is missing.
#
#   .ci/mutants.sh list [ARGS...]      # the mutants in scope (ARGS go to cargo mutants)
#   .ci/mutants.sh run [ARGS...]       # test them all (e.g. --shard 0/4); results in mutants.out*/
#   .ci/mutants.sh diff BASE [MAX]     # only the lines changed since BASE, at most MAX mutants
#                                      # (default 24; a larger change runs a sample, picked
#                                      # by the commit so that a rerun tests the same ones)
#
# The runtime's mutants are tested by its unit tests, `it` and `sim`; the generator's by its
# unit tests and the judge's and the diff's test binaries. Browser, trybuild and every-prefix
# suites stay out: they test neither the values nor the verdicts a mutant changes.
set -euo pipefail
cd "$(dirname "$0")/.."
# cargo-mutants builds a copy of the tree elsewhere: the tests find the documents here.
PAYBIND_SEEDS="$(cd ../shared/seeds && pwd)"
export PAYBIND_SEEDS
version=27.1.0
if ! cargo mutants --version 2>/dev/null | grep -q "$version"; then
  cargo install --locked cargo-mutants --version "$version"
fi
runtime=(-f src/money.rs -f src/signature.rs -f src/secret.rs -f 'src/encoding/*.rs'
  -f src/validate.rs -f src/transport.rs -f 'src/transport/*.rs' -f src/schedule.rs -f src/outcome.rs -f src/payments.rs -f src/envelope.rs
  -f 'src/wire/*.rs' -f src/summary.rs
  -f src/sim/faults.rs -f src/sim/gateway.rs)
generator=(-f 'codegen/src/fidelity/*.rs' -f 'codegen/src/diff/*.rs' -f codegen/src/ir/outcome.rs
  -f codegen/src/ir/payments.rs -f codegen/src/emit/outcome.rs -f codegen/src/emit/payments.rs
  -f codegen/src/emit/callback.rs -f codegen/src/layout.rs)
runtime_tests=(--lib --test it --test sim --test call_spans)
generator_tests=(--lib --test fidelity --test fidelity_findings --test diff --test docs_change --test revisions
  --test spec_errors --test ir_decisions --test feature_specs)
# A mutant that hangs the tests (a loop that no longer advances) is stopped after 90 s: the
# tests take 15 to 40 s on 2 cores.
common=(--workspace --all-features --timeout 90 --minimum-test-timeout 60 --baseline skip)

# cargo mutants over one half of the scope: NAME FILTERS... -- TESTS... [-- MORE ARGS]
half() {
  local name="$1"; shift
  local filters=() tests=()
  while [ "$1" != "--" ]; do filters+=("$1"); shift; done; shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do tests+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local out="mutants.out.$name" status=0
  cargo mutants "${common[@]}" "${filters[@]}" --output "$out" "$@" -- "${tests[@]}" || status=$?
  # 0: all caught, 2: some missed, 3: some timed out (and 3 hides 2). A mutant that hangs the
  # tests is one they notice, so missed.txt decides; any other code is a harness fault.
  case "$status" in 0 | 2 | 3) ;; *) return "$status" ;; esac
  if [ -s "$out/mutants.out/missed.txt" ]; then
    echo "$name: mutants no test caught:"
    cat "$out/mutants.out/missed.txt"
    return 2
  fi
}

case "${1:-}" in
  list)
    shift
    cargo mutants --list --workspace "${runtime[@]}" "${generator[@]}" "$@"
    ;;
  run)
    shift
    status=0
    half runtime "${runtime[@]}" -- "${runtime_tests[@]}" -- "$@" || status=$?
    half generator "${generator[@]}" -- "${generator_tests[@]}" -- "$@" || status=$?
    exit "$status"
    ;;
  diff)
    base="${2:?a base revision}"; max="${3:-24}"
    mkdir -p target
    git diff "$base" -- src codegen/src > target/mutants.diff
    status=0
    for name in runtime generator; do
      if [ "$name" = runtime ]; then filters=("${runtime[@]}"); tests=("${runtime_tests[@]}");
      else filters=("${generator[@]}"); tests=("${generator_tests[@]}"); fi
      count=$(cargo mutants --list --workspace "${filters[@]}" --in-diff target/mutants.diff | wc -l)
      echo "$name: $count mutants on the changed lines"
      [ "$count" -eq 0 ] && continue
      shards=$(( (count + max - 1) / max ))
      pick=$(( 0x$(git rev-parse --short=6 HEAD) % shards ))
      half "$name" "${filters[@]}" -- "${tests[@]}" -- --in-diff target/mutants.diff \
        --shard "$pick/$shards" || status=$?
    done
    exit "$status"
    ;;
  *) sed -n 2,12p "$0"; exit 2 ;;
esac

#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, then installed with --omit=dev in an empty folder, where init, validate,
# demo and doctor must work with no TypeScript loader in the process (scripts/module-probe.mjs records every module
# loaded). Then `--help` start-up against a bare `node -e 0` (hyperfine when installed, else a loop of runs).
#   scripts/smoke-package.sh [WORK_DIR]      (default: a temp folder, removed afterwards)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
keep="${1:+yes}"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work"
probe="$repo/scripts/module-probe.mjs"
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== pack"
tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)
tar -tzf "$work/$tarball" | grep -E '^package/(test|src|bench)/' && fail "the tarball ships tests or sources"
echo "$tarball: $(tar -tzf "$work/$tarball" | wc -l) files"

echo "== install --omit=dev in an empty folder"
mkdir -p "$work/empty"
cd "$work/empty"
npm init -y >/dev/null
npm install --omit=dev --no-audit --no-fund --prefer-offline "$work/$tarball" >/dev/null
for dev in tsx esbuild typescript vitest; do [ ! -e "node_modules/$dev" ] || fail "node_modules/$dev is installed"; done
echo "installed: $(du -sh node_modules | cut -f1) in node_modules"
bin="$work/empty/node_modules/.bin/policywatch"

run() { # run LABEL ARGS...: the installed CLI under the module probe, with a clean environment
  local label="$1"; shift
  local log="$work/$label.modules"
  rm -f "$log"
  env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 MODULE_PROBE_LOG="$log" node --import "$probe" "$bin" "$@" > "$work/$label.out" 2>&1 \
    || { cat "$work/$label.out"; fail "policywatch $* exited $?"; }
  if grep -E '\.(c|m)?tsx?$|/node_modules/(tsx|esbuild|typescript)/' "$log"; then fail "$label loaded a TypeScript loader"; fi
  head -n 1 "$log" | grep -q '"execArgv":\["--import","[^"]*module-probe.mjs"\],"nodeOptions":""' || fail "$label: unexpected execArgv or NODE_OPTIONS"
  echo "ok  policywatch $* ($(($(wc -l < "$log") - 1)) modules, none TypeScript)"
}

echo "== commands"
run init init tracker
cd tracker && git init -q .
run validate validate
run demo demo
run doctor doctor
grep -q 'ready' "$work/doctor.out" || { cat "$work/doctor.out"; fail "doctor did not find the scaffold ready"; }
cd "$work/empty"
run help --help
echo "    --help loads the packages: $(grep -v '^{' "$work/help.modules" | grep -o 'node_modules/[^/]*' | sort -u | sed 's|node_modules/||' | grep -vx policywatch | tr '\n' ' ')"

echo "== start-up: --help against node -e 0"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 5 --runs 40 --style basic -N 'node -e 0' "node $bin --help" 2>&1 | grep -E 'Time|±|faster|slower'
else
  for cmd in "node -e 0" "node $bin --help"; do
    start=$(date +%s%N); for _ in $(seq 20); do $cmd >/dev/null; done; end=$(date +%s%N)
    echo "$cmd: $(( (end - start) / 20000000 )) ms per run (mean of 20)"
  done
fi
echo "== all ok"

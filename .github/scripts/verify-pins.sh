#!/usr/bin/env bash
# Checks every pinned action SHA in .github/PINNED_ACTIONS.md against its tag on GitHub. Needs network access.
#   verify-pins.sh            ok / MISMATCH per row; exit 1 on any mismatch or unreachable tag
#   verify-pins.sh --latest   also print each action's newest release tag (is there a newer major?)
set -euo pipefail
cd "$(dirname "$0")/.."
latest=false
[ "${1:-}" = --latest ] && latest=true
status=0
while IFS='|' read -r _ action tag sha _; do
  action=$(echo "$action" | xargs); tag=$(echo "$tag" | xargs); sha=$(echo "$sha" | xargs)
  [[ "$sha" =~ ^[0-9a-f]{40}$ ]] || continue
  # Annotated tags list the tag object and the peeled commit (^{}); the commit is the last line.
  actual=$(git ls-remote "https://github.com/${action}.git" "refs/tags/${tag}" "refs/tags/${tag}^{}" | tail -n 1 | cut -f1)
  if [ "$actual" = "$sha" ]; then
    echo "ok       ${action}@${tag} ${sha}"
  else
    echo "MISMATCH ${action}@${tag}: pinned ${sha}, GitHub has ${actual:-nothing}" >&2
    status=1
  fi
  if [ "$latest" = true ]; then
    newest=$(git ls-remote --tags --refs --sort=-v:refname "https://github.com/${action}.git" 'v*.*.*' | head -n 1 | cut -f2)
    echo "         newest release of ${action}: ${newest#refs/tags/}"
  fi
done < PINNED_ACTIONS.md
exit "$status"

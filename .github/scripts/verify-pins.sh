#!/usr/bin/env bash
# Checks every pinned action SHA in .github/PINNED_ACTIONS.md against the tag on GitHub. Needs network access.
set -euo pipefail
cd "$(dirname "$0")/.."
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
done < PINNED_ACTIONS.md
exit "$status"

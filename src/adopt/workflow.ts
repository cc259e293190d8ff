import { CHECKOUT, pinned } from './pins.ts';

export interface TrackerWorkflowOptions {
  /** The action as `uses:` names it: "owner/policywatch@<commit-sha>". */
  action: string;
  /** A trailing comment for the action line, e.g. "v0.1.0" (the version that commit is). */
  actionComment?: string;
  /** The config folder, relative to the repository root. */
  config: string;
}

/**
 * The scheduled workflow of a tracker repository: check, commit, issues and email through policywatch's action.
 * `init` writes it; README shows it with placeholders (a test checks that README's copy is this one).
 */
export function trackerWorkflow(options: TrackerWorkflowOptions): string {
  return `# Checks the pages in ${options.config}/documents on a schedule: commits what changed (snapshots, claims.json, the
# status page), opens or updates a GitHub issue per real change, and sends subscribers one email. SETUP.md: secrets.
name: policywatch

on:
  schedule:
    # Every 6 hours at minute 37 (UTC): off the top of the hour, when GitHub's scheduler is busiest.
    - cron: '37 */6 * * *'
  workflow_dispatch:

# Least privilege: push the snapshot commit, open and update issues. Nothing else.
permissions:
  contents: write
  issues: write

# One run at a time; a run in progress is never cancelled halfway.
concurrency:
  group: policywatch
  cancel-in-progress: false

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 120
    steps:
      - name: Check out the tracker
        uses: ${pinned(CHECKOUT)}
        with:
          # The action pushes the snapshot commit with GITHUB_TOKEN.
          persist-credentials: true

      - name: Check, commit, push and notify
        id: policywatch
        uses: ${options.action}${options.actionComment ? ` # ${options.actionComment}` : ''}
        with:
          config: ${options.config}
          smtp-url: \${{ secrets.SMTP_URL }}
          subscribers-key: \${{ secrets.POLICYWATCH_SUBSCRIBERS_KEY }}
          # Optional channels: each is off while its secret is not set.
          webhook-url: \${{ secrets.POLICYWATCH_WEBHOOK_URL }}
          webhook-secret: \${{ secrets.POLICYWATCH_WEBHOOK_SECRET }}
          slack-webhook-url: \${{ secrets.SLACK_WEBHOOK_URL }}
          # With a policywatch serve holding the subscribers (docs/serve.md): alerts go to it, and the status page.
          serve-url: \${{ secrets.POLICYWATCH_SERVE_URL }}
          serve-token: \${{ secrets.POLICYWATCH_SERVE_TOKEN }}

      - name: Report
        env:
          CHANGED: \${{ steps.policywatch.outputs.changed-documents }}
          ISSUES: \${{ steps.policywatch.outputs.issue-urls }}
        run: echo "changed=$CHANGED issues=$ISSUES"
`;
}

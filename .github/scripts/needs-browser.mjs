#!/usr/bin/env node
// Prints "true" when the validated config (JSON from `policywatch validate --json` on stdin) has a document
// rendered in a browser, so the workflow installs Chromium only then. POLICYWATCH_BROWSER=always|never overrides.
const mode = process.env.POLICYWATCH_BROWSER || 'auto';
if (mode === 'always' || mode === 'never') {
  process.stdout.write(mode === 'always' ? 'true' : 'false');
} else {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => {
    const { documents } = JSON.parse(text);
    process.stdout.write((documents ?? []).some((doc) => doc.render === 'browser') ? 'true' : 'false');
  });
}

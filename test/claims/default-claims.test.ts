import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

const CONFIG = fileURLToPath(new URL('../../config', import.meta.url));

/** The quotes the guide prints, each on the document it cites (ship them exactly as printed). */
const EXPECTED: Record<string, string[]> = {
  'privacy-policy': [
    'may use your Inputs and Outputs to train our models and improve our Services, unless you opt out through your account settings',
    'automatically deleted from our back-end within 30 days',
  ],
  'privacy-10023548': [
    'deleted from our back-end storage systems within 30 days',
    'we will retain your data for up to 5 years',
    'inputs and outputs for up to 2 years and trust and safety classification scores for up to 7 years',
  ],
  'privacy-7996885': [
    'will not use your chats or coding sessions to train our models, unless you choose to participate in our Development Partner Program',
  ],
  'privacy-7996868': ['By default, we will not use your inputs or outputs from our commercial products'],
  'privacy-7996866': ['we automatically delete inputs and outputs on our backend within 30 days of receipt or generation'],
  'api-data-retention': [
    'retained data is never used for model training without your express permission',
    'customer data is not stored at rest after the API response is returned, except where needed to comply with law or combat misuse',
  ],
  'claude-code-data-usage': [
    'store session transcripts locally in plaintext under ~/.claude/projects/ for 30 days',
    'DISABLE_TELEMETRY',
    'DISABLE_ERROR_REPORTING',
    'DISABLE_FEEDBACK_COMMAND',
    'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC',
  ],
  'help-11174108': ['Your data will be stored securely for up to two years'],
  'commercial-terms': ['Anthropic may not train models on Customer Content from Services'],
};

describe('default claims in config/documents', () => {
  it('each quote sits on the document it cites, with a unique id', async () => {
    const { documents } = await loadConfig(CONFIG);
    const withClaims = Object.fromEntries(
      documents.filter((d) => d.claims.length > 0).map((d) => [d.id, d.claims.map((c) => c.quote)]),
    );
    expect(withClaims).toEqual(EXPECTED);
    const ids = documents.flatMap((d) => d.claims.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import { describe, expect, it } from 'vitest';
import { createStreamLogger } from '../../src/shared/logger.ts';
import { redactorFor } from '../../src/untrusted/index.ts';

const env = { SMTP_URL: 'smtps://mailer:s3cr%2Ft-pass@smtp.example.com:465', POLICYWATCH_SUBSCRIBERS_KEY: 'subscribers-key-0123456789' };

describe('stream logger', () => {
  for (const json of [false, true]) {
    it(`${json ? 'JSON' : 'text'} lines: one line each, no escape sequence, no workflow command, no secret of the environment`, () => {
      const lines: string[] = [];
      const logger = createStreamLogger({ json, write: (l) => lines.push(l), redact: redactorFor(env) });
      logger.warn('::error::forged\n::stop-commands::x \u001b[2J page title', { reason: 'auth failed for s3cr/t-pass', key: 'subscribers-key-0123456789' });
      logger.info('token ghp_0123456789abcdefghijABCDEFGHIJ0123456789 in ##[error]x');
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).not.toMatch(/[\n\r]/);
        expect(line).not.toContain('\u001b');
        expect(line.trimStart()).not.toMatch(/^::/);
        expect(line).not.toContain('##[');
        expect(line).not.toMatch(/s3cr\/t-pass|s3cr%2Ft-pass|subscribers-key-0123456789|ghp_0123/);
      }
      expect(lines[0]).toContain('[redacted]');
      expect(lines[0]).toContain('page title');
    });
  }
});

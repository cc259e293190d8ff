import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  buildClaimsReport,
  claimsReportSchemaText,
  ClaimsReportError,
  parseClaimsReport,
  verifyClaims,
} from '../../src/claims/index.ts';
import type { DocumentConfig } from '../../src/config/schema.ts';

const SCHEMA_PATH = new URL('../../config/schema/claims-report.schema.json', import.meta.url);
const published = readFileSync(SCHEMA_PATH, 'utf8');

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(published) as object);
}

const doc = {
  id: 'privacy-10023548',
  title: 'How long do you store my data?',
  url: 'https://privacy.example.com/en/articles/10023548',
  claims: [
    { id: 'consumer-30-day-deletion', topic: 'deletion', quote: 'deleted from our back-end storage systems within 30 days' },
    { id: 'consumer-5-year-retention', topic: 'retention', quote: 'we will retain your data for up to 5 years' },
    { id: 'consumer-gone', topic: 'retention', quote: 'we never keep anything at all, ever' },
  ],
} satisfies Pick<DocumentConfig, 'id' | 'title' | 'url' | 'claims'>;

const page = `# How long?\n\nChats are deleted from our back-end storage systems within 30 days.\n\nWe will retain your data for up to 2 years.\n`;

function report() {
  const statuses = verifyClaims(doc, page, new Date('2026-11-22T08:00:00Z'));
  return buildClaimsReport(statuses, {
    generatedAt: new Date('2026-11-22T08:00:05Z'),
    documents: [doc],
    toolVersion: '0.1.0',
    schemaUrl: './config/schema/claims-report.schema.json',
  });
}

describe('claims.json', () => {
  it('the published JSON Schema file is the one generated from the zod schema', () => {
    expect(published).toBe(claimsReportSchemaText());
  });

  it('a built report validates against the published JSON Schema', () => {
    const validate = validator();
    const built = JSON.parse(JSON.stringify(report())) as unknown;
    expect(validate(built), JSON.stringify(validate.errors)).toBe(true);
    expect(built).toMatchObject({
      version: 1,
      generatedAt: '2026-11-22',
      summary: { total: 3, verified: 1, reworded: 1, missing: 1 },
    });
    const [first] = (built as { claims: unknown[] }).claims;
    expect(first).toMatchObject({
      id: 'consumer-30-day-deletion',
      docTitle: doc.title,
      url: doc.url,
      status: 'verified',
      verifiedAt: '2026-11-22',
    });
    expect(parseClaimsReport(built)).toEqual(report());
  });

  it('the JSON Schema and the validator both reject a broken report', () => {
    const validate = validator();
    const broken = { ...report(), claims: [{ ...report().claims[0], status: 'probably', checkedAt: 'yesterday' }] };
    expect(validate(broken)).toBe(false);
    expect(() => parseClaimsReport(broken)).toThrow(ClaimsReportError);
    try {
      parseClaimsReport(broken);
    } catch (error) {
      expect((error as ClaimsReportError).problems.join('\n')).toMatch(/claims\.0\.status[\s\S]*claims\.0\.checkedAt/);
    }
    expect(validate({ ...report(), version: 2 })).toBe(false);
  });
});

import { join } from 'node:path';
import { claimsReportJsonSchema } from './schema.ts';
import { writeFileAtomic } from '../shared/fs.ts';

export const CLAIMS_REPORT_SCHEMA_FILE = 'claims-report.schema.json';

/** The file's exact text, so a test can tell when the committed file is stale. */
export function claimsReportSchemaText(): string {
  return JSON.stringify(claimsReportJsonSchema(), null, 2) + '\n';
}

export async function writeClaimsReportSchema(dir: string): Promise<string> {
  const path = join(dir, CLAIMS_REPORT_SCHEMA_FILE);
  await writeFileAtomic(path, claimsReportSchemaText());
  return path;
}

if (process.argv[1]?.endsWith('claims/generate-json-schema.ts')) {
  process.stdout.write(`wrote ${await writeClaimsReportSchema(process.argv[2] ?? 'config/schema')}\n`);
}

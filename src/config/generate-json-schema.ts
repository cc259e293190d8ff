import { z } from '../shared/zod.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentsFileSchema, SettingsSchema } from './schema.ts';

/** JSON Schemas for editors, generated from the zod schemas that validate the config. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    'documents.schema.json': z.toJSONSchema(DocumentsFileSchema, { io: 'input', target: 'draft-2020-12' }),
    'settings.schema.json': z.toJSONSchema(SettingsSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}

export async function writeJsonSchemas(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    await writeFile(join(dir, name), JSON.stringify(schema, null, 2) + '\n');
    written.push(join(dir, name));
  }
  return written;
}

if (process.argv[1]?.endsWith('generate-json-schema.ts')) {
  const dir = process.argv[2] ?? 'config/schema';
  for (const file of await writeJsonSchemas(dir)) process.stdout.write(`wrote ${file}\n`);
}

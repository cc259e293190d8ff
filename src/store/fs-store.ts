import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { StoreError } from '../shared/errors.ts';
import { readFileIfExists, writeFileAtomic } from '../shared/fs.ts';
import { DocStateSchema, SnapshotMetaSchema } from './schema.ts';
import { emptyDocState, type DocState, type SnapshotRecord, type SnapshotStore } from './types.ts';

const RECORDS_DIR = '_records';
const recordNamePattern = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Snapshots as plain files, made to be committed: snapshots/<doc-id>/text.md (readable in a git diff),
 * meta.json, state.json and raw.html.gz (the raw page of the last recorded change, for re-extraction).
 * History is the git history of the repository that holds the folder.
 */
export function createFsStore(root: string): SnapshotStore {
  const docDir = (docId: string) => join(root, docId);
  const shown = (path: string) => relative(process.cwd(), path) || path;

  async function readJson<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T | undefined> {
    const raw = await readFileIfExists(path).catch((cause: unknown) => {
      throw new StoreError(`cannot read ${shown(path)}`, { cause, transient: true });
    });
    if (raw === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch (cause) {
      throw new StoreError(
        `${shown(path)} is not valid JSON (${what}); restore it from git (git checkout -- ${shown(path)}) or delete it to start that record afresh`,
        { cause },
      );
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new StoreError(
        `${shown(path)} field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'} (${what}); restore it from git or delete it`,
        { cause: result.error },
      );
    }
    return result.data;
  }

  return {
    async readSnapshot(docId) {
      const meta = await readJson(join(docDir(docId), 'meta.json'), SnapshotMetaSchema, 'snapshot metadata');
      if (!meta) return undefined;
      const text = await readFileIfExists(join(docDir(docId), 'text.md'));
      if (text === undefined) {
        throw new StoreError(`${shown(join(docDir(docId), 'text.md'))} is missing but meta.json exists; restore it from git`);
      }
      return { meta, markdown: text.toString('utf8') };
    },

    async writeSnapshot(record: SnapshotRecord, rawHtml?: string) {
      const dir = docDir(record.meta.docId);
      // Text and raw first, meta last: meta.json is the commit point a reader trusts.
      await writeFileAtomic(join(dir, 'text.md'), record.markdown);
      if (rawHtml !== undefined) await writeFileAtomic(join(dir, 'raw.html.gz'), gzipSync(rawHtml, { level: 9 }));
      await writeFileAtomic(join(dir, 'meta.json'), JSON.stringify(record.meta, null, 2) + '\n');
    },

    async readRaw(docId) {
      const data = await readFileIfExists(join(docDir(docId), 'raw.html.gz'));
      return data === undefined ? undefined : gunzipSync(data).toString('utf8');
    },

    async readState(docId): Promise<DocState> {
      return (await readJson(join(docDir(docId), 'state.json'), DocStateSchema, 'tracking state')) ?? emptyDocState();
    },

    async writeState(docId, state) {
      await writeFileAtomic(join(docDir(docId), 'state.json'), JSON.stringify(state, null, 2) + '\n');
    },

    async listDocuments() {
      const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      return entries.filter((e) => e.isDirectory() && e.name !== RECORDS_DIR && !e.name.startsWith('.')).map((e) => e.name).sort();
    },

    async readRecord(name) {
      checkRecordName(name);
      const path = join(root, RECORDS_DIR, `${name}.json`);
      const raw = await readFileIfExists(path);
      if (raw === undefined) return undefined;
      try {
        return JSON.parse(raw.toString('utf8')) as unknown;
      } catch (cause) {
        throw new StoreError(`${shown(path)} is not valid JSON; restore it from git (it is never overwritten while unreadable)`, { cause });
      }
    },

    async writeRecord(name, value) {
      checkRecordName(name);
      await writeFileAtomic(join(root, RECORDS_DIR, `${name}.json`), JSON.stringify(value, null, 2) + '\n');
    },
  };
}

function checkRecordName(name: string): void {
  if (!recordNamePattern.test(name)) throw new StoreError(`invalid record name "${name}": use lowercase letters, digits, dots and dashes`);
}

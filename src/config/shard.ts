import { createHash } from 'node:crypto';
import { ConfigError } from '../shared/errors.ts';

/** One share of the documents: shard `index` (1-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Enough for thousands of documents on a few dozen runners; more shards than that only adds overhead. */
export const MAX_SHARDS = 256;

/** Parses "I/N" (1-based), e.g. "2/4". Bad input is a usage error, reported before anything is fetched. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const problem = (why: string) =>
    new ConfigError(`invalid --shard "${text}"`, [`${why}; write it as I/N with 1 <= I <= N <= ${MAX_SHARDS}, e.g. 2/4`]);
  if (!match) throw problem('not of the form I/N');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw problem(`N must be between 1 and ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw problem('I must be between 1 and N');
  return { index, count };
}

function weight(id: string, shard: number): bigint {
  return createHash('sha256').update(`${shard}\0${id}`).digest().readBigUInt64BE(0);
}

/**
 * The shard (1-based) a document id belongs to, by rendezvous (highest-random-weight) hashing: it depends on the
 * id and the shard count only, so adding or removing a document never moves another one, and going from N to N+1
 * shards moves only about 1/(N+1) of the documents (those the new shard wins).
 */
export function shardOf(id: string, count: number): number {
  let best = 1;
  let bestWeight = -1n;
  for (let shard = 1; shard <= count; shard++) {
    const w = weight(id, shard);
    if (w > bestWeight) {
      best = shard;
      bestWeight = w;
    }
  }
  return best;
}

/** The documents of one shard, in their configured order. Together, the N shards hold each document exactly once. */
export function selectShard<T extends { id: string }>(docs: readonly T[], shard: ShardSpec): T[] {
  if (shard.count === 1) return [...docs];
  return docs.filter((doc) => shardOf(doc.id, shard.count) === shard.index);
}

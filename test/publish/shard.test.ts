import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, parseShard, selectShard, shardOf } from '../../src/config/shard.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const docs = (n: number, prefix = 'doc') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}` }));

function assignment(list: { id: string }[], count: number): Map<string, number> {
  const owner = new Map<string, number>();
  for (let index = 1; index <= count; index++) {
    for (const doc of selectShard(list, { index, count })) {
      expect(owner.has(doc.id), `${doc.id} is in two shards`).toBe(false);
      owner.set(doc.id, index);
    }
  }
  return owner;
}

describe('parseShard', () => {
  it('reads I/N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', '1/0', 'a/b', '2', '2/4/8', '-1/4', `1/${MAX_SHARDS + 1}`])('rejects %s as a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(ConfigError);
  });
});

describe('selectShard', () => {
  it('covers every document exactly once across the N shards', () => {
    const list = docs(1000);
    for (const count of [1, 2, 3, 7, 16]) {
      const owner = assignment(list, count);
      expect(owner.size).toBe(list.length);
    }
  });

  it('keeps the configured order inside a shard', () => {
    const list = docs(50);
    const shard = selectShard(list, { index: 2, count: 3 });
    const positions = shard.map((d) => list.indexOf(d));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('moves only the added document when one is added (and none when one is removed)', () => {
    const list = docs(500);
    const before = assignment(list, 8);
    const added = { id: 'brand-new-policy' };
    const after = assignment([...list.slice(0, 250), added, ...list.slice(250)], 8);
    for (const [id, shard] of before) expect(after.get(id)).toBe(shard);
    expect(after.get(added.id)).toBe(shardOf(added.id, 8));
    const removed = assignment(list.slice(1), 8);
    for (const [id, shard] of removed) expect(before.get(id)).toBe(shard);
  });

  it('spreads documents over the shards and moves few when a shard is added', () => {
    const list = docs(2000, 'policy');
    const four = assignment(list, 4);
    const sizes = [1, 2, 3, 4].map((i) => [...four.values()].filter((s) => s === i).length);
    for (const size of sizes) expect(size).toBeGreaterThan(2000 / 4 / 2);
    const five = assignment(list, 5);
    const moved = list.filter((d) => four.get(d.id) !== five.get(d.id));
    // Rendezvous hashing: a document moves only to the new shard, and about 1/5 of them do.
    for (const d of moved) expect(five.get(d.id)).toBe(5);
    expect(moved.length).toBeLessThan(2000 / 5 + 150);
  });
});

import { isDeepStrictEqual } from 'node:util';

/**
 * Three-way merge of JSON values that several shards changed from one common base. Each shard's change is kept:
 * objects merge key by key, arrays item by item (items matched by their `id`, `event.id` or whole value), so two
 * shards appending to the notification queue both land. Only a scalar that two shards set differently is a real
 * conflict; the later shard wins and the path is reported.
 */
export interface JsonMergeResult {
  value: unknown;
  conflicts: string[];
}

type Json = unknown;
const ABSENT = undefined;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemKey(item: Json): string {
  if (isObject(item)) {
    const id = item.id;
    if (typeof id === 'string' || typeof id === 'number') return `id:${String(id)}|${typeof item.docId === 'string' ? item.docId : ''}`;
    const event = item.event;
    if (isObject(event) && (typeof event.id === 'string' || typeof event.id === 'number')) return `event:${String(event.id)}`;
  }
  return `value:${JSON.stringify(item)}`;
}

/** Items by key, or undefined when keys are not unique (such an array is merged as one value). */
function keyed(list: Json[]): Map<string, Json> | undefined {
  const map = new Map<string, Json>();
  for (const item of list) {
    const key = itemKey(item);
    if (map.has(key)) return undefined;
    map.set(key, item);
  }
  return map;
}

function merge(base: Json, versions: Json[], path: string, conflicts: string[]): Json {
  const changed = versions.filter((v) => !isDeepStrictEqual(v, base));
  if (changed.length === 0) return base;
  const first = changed[0];
  if (changed.every((v) => isDeepStrictEqual(v, first))) return first;

  if (changed.every((v) => isObject(v) || v === ABSENT) && (isObject(base) || base === ABSENT) && changed.some(isObject)) {
    // A shard that deleted the whole object conflicts with one that edited it: the edit wins.
    const baseObj = isObject(base) ? base : {};
    const objects = versions.map((v) => (isObject(v) ? v : baseObj));
    const keys = new Set([...Object.keys(baseObj), ...objects.flatMap((v) => Object.keys(v))]);
    const out: Record<string, Json> = {};
    for (const key of keys) {
      const merged = merge(baseObj[key], objects.map((v) => v[key]), `${path}.${key}`, conflicts);
      if (merged !== ABSENT) out[key] = merged;
    }
    return out;
  }

  if (changed.every(Array.isArray) && (Array.isArray(base) || base === ABSENT)) {
    const baseList = Array.isArray(base) ? base : [];
    const baseMap = keyed(baseList);
    const maps = versions.map((v) => keyed(Array.isArray(v) ? v : baseList));
    if (baseMap && maps.every((m) => m !== undefined)) {
      const order = [...baseMap.keys()];
      for (const map of maps) for (const key of map!.keys()) if (!order.includes(key)) order.push(key);
      const out: Json[] = [];
      for (const key of order) {
        const merged = merge(baseMap.get(key), maps.map((m) => m!.get(key)), `${path}[${key}]`, conflicts);
        if (merged !== ABSENT) out.push(merged);
      }
      return out;
    }
  }

  conflicts.push(path || '$');
  return changed[changed.length - 1];
}

/** Merges the shards' versions of one JSON document against the base; `undefined` stands for "file absent". */
export function mergeJsonVersions(base: Json, versions: Json[]): JsonMergeResult {
  const conflicts: string[] = [];
  const value = merge(base, versions, '', conflicts);
  return { value, conflicts };
}

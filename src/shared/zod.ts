import { z } from 'zod';

/**
 * zod as src/ uses it, with its parser compiler off. By default zod compiles a fast path for each object schema
 * (generated code, `new Function`) the first time it parses with it: worth it for a schema parsed thousands of
 * times, a loss for ours, parsed a few times per document per run, where compiling costs more than it saves (a
 * check answered 304: ~10 ms of ~150 ms busy). Must run before any schema is built (zod reads it then), so every
 * module that builds schemas imports z from here; eslint holds value imports of 'zod' to this file.
 */
z.config({ jitless: true });

export { z };

/**
 * Schemas built on their first use, for a module whose other exports are loaded where the schemas are not needed:
 * building a zod schema costs real start-up time (each method call is a new schema), and a check that only writes
 * a file should not build the schema that reads it back.
 */
export function onDemand<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

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

// Writes test/fixtures/store-v1/snapshots: the v1 scenario as the store of its commit writes it. It was run once,
// with the store before the driver split; regenerating it with a later store would only compare that store with itself.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeV1Scenario } from './v1-scenario.ts';

const root = fileURLToPath(new URL('../fixtures/store-v1/snapshots', import.meta.url));
await rm(root, { recursive: true, force: true });
await writeV1Scenario(root);
console.log(`wrote ${root}`);

#!/usr/bin/env node
// Development only: runs the CLI straight from the TypeScript sources through tsx (a devDependency), so a change
// is tried without a build. The package's executable is dist/cli.js (`npm run build`; built on `npm ci`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

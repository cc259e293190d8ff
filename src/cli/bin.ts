#!/usr/bin/env node
// The executable: dist/cli.js is built from this file (scripts/build.mjs). It loads nothing but the command table;
// each command's modules load when that command runs, so `--help` starts about as fast as node itself.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));

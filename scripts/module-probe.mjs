// Records what a Node process loads, for the tests and scripts/smoke-package.sh that check the built CLI:
//   MODULE_PROBE_LOG=/tmp/log node --import ./scripts/module-probe.mjs dist/cli.js --help
// The first line of the log is JSON ({ execArgv, nodeOptions }); each further line is the URL of a module that an
// import or a require() resolved to (a native module loaded with createRequire counts). A TypeScript loader would
// show as a .ts URL or a module of tsx, esbuild or typescript.
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

const log = process.env.MODULE_PROBE_LOG;
if (log) {
  appendFileSync(log, JSON.stringify({ execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS ?? '' }) + '\n');
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let log;
    export function initialize(data) { log = data.log; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(log, result.url + '\\n');
      return result;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, { data: { log } });
  // require() does not go through the hooks above on Node 20: its resolution is recorded here.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const resolved = resolveFilename.apply(this, args);
    if (isAbsolute(resolved)) appendFileSync(log, pathToFileURL(resolved).href + '\n');
    return resolved;
  };
}

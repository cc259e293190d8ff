import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The tool's version, recorded in every snapshot's metadata. */
export const TOOL_VERSION: string = pkg.version;

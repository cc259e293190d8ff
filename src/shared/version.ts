import pkg from '../../package.json' with { type: 'json' };

/** The tool's version, recorded in every snapshot's metadata. Bundled into the build, read from the file in development. */
export const TOOL_VERSION: string = pkg.version;

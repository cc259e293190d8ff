import pkg from '../../package.json' with { type: 'json' };

/** The tool's version, recorded in every snapshot's metadata. Bundled into the build, read from the file in development. */
export const TOOL_VERSION: string = pkg.version;

declare const __POLICYWATCH_COMMIT__: string | undefined;

/**
 * The commit the build was made from (scripts/build.mjs defines it from a clean git checkout), so `init` can pin the
 * action to exactly this code; undefined when running from sources or a build of uncommitted changes.
 */
export const BUILD_COMMIT: string | undefined =
  typeof __POLICYWATCH_COMMIT__ === 'string' && /^[0-9a-f]{40}$/.test(__POLICYWATCH_COMMIT__) ? __POLICYWATCH_COMMIT__ : undefined;

/** "owner/repo" of the project on GitHub, from package.json `repository`: where the action lives. */
export const PROJECT_REPOSITORY: string = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository.url)?.[1] ?? 'policywatch/policywatch';

/** The oldest Node the package supports (package.json `engines`). */
export const MINIMUM_NODE: string = pkg.engines.node.replace(/^>=\s*/, '');

export { loadConfig, resolveFromRoot, type LoadedConfig } from './load.ts';
export * from './schema.ts';
export { jsonSchemas } from './generate-json-schema.ts';

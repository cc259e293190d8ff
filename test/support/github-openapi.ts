import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates requests and responses against GitHub's official OpenAPI description (@octokit/openapi).
 * OpenAPI 3.0 is not JSON Schema: `nullable` becomes a type union, and `#/components/...` references point into
 * one shared schema registered under the id "gh".
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  operationId: string;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
}

export interface OpenApiValidator {
  operation(method: string, template: string): Operation;
  /** Problems with the request's query and body; empty when valid. */
  checkRequest(method: string, template: string, query: Record<string, string>, body: unknown): string[];
  /** Problems with a response: an undocumented status, or a body that does not match the schema. */
  checkResponse(method: string, template: string, status: number, body: unknown): string[];
}

function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = `gh${out.$ref}`;
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function load(): OpenApiValidator {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: JsonObject };
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  const components = toJsonSchema(doc.components);
  ajv.addSchema({ components } as object, 'gh');
  // Query strings are text: coerce them to the declared types before checking.
  const queryAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, coerceTypes: true });
  addFormats(queryAjv);
  queryAjv.addSchema({ components } as object, 'gh');

  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: Json, withAjv = ajv): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = withAjv.compile(toJsonSchema(schema) as object);
      compiled.set(key, fn);
    }
    return fn;
  };
  const deref = (node: JsonObject): JsonObject => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    let target: Json = doc as unknown as Json;
    for (const part of ref.slice(2).split('/')) target = (target as JsonObject)[part.replace(/~1/g, '/').replace(/~0/g, '~')] ?? null;
    return deref(target as JsonObject);
  };
  const errors = (fn: ValidateFunction): string[] =>
    (fn.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);

  const operation = (method: string, template: string): Operation => {
    const op = doc.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`no ${method} ${template} in GitHub's OpenAPI description`);
    return op;
  };

  return {
    operation,
    checkRequest(method, template, query, body) {
      const op = operation(method, template);
      const problems: string[] = [];
      const params = (op.parameters ?? []).map(deref).filter((p) => p.in === 'query');
      const querySchema: JsonObject = {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [String(p.name), p.schema ?? {}])),
        required: params.filter((p) => p.required === true).map((p) => String(p.name)),
        additionalProperties: false,
      };
      const queryFn = compile(`${op.operationId} query`, querySchema, queryAjv);
      if (!queryFn({ ...query })) problems.push(...errors(queryFn).map((e) => `query ${e}`));
      const content = op.requestBody ? (deref(op.requestBody).content as JsonObject | undefined) : undefined;
      const schema = (content?.['application/json'] as JsonObject | undefined)?.schema;
      if (schema) {
        const bodyFn = compile(`${op.operationId} body`, schema);
        if (!bodyFn(body)) problems.push(...errors(bodyFn).map((e) => `body ${e}`));
      } else if (body !== undefined) {
        problems.push('a body was sent to an operation that takes none');
      }
      return problems.map((p) => `${op.operationId} request: ${p}`);
    },
    checkResponse(method, template, status, body) {
      const op = operation(method, template);
      const documented = op.responses[String(status)];
      if (!documented) return [`${op.operationId} response: status ${status} is not documented`];
      const content = deref(documented).content as JsonObject | undefined;
      const schema = (content?.['application/json'] as JsonObject | undefined)?.schema;
      if (!schema) return body === undefined ? [] : [`${op.operationId} response: status ${status} documents no body`];
      const fn = compile(`${op.operationId} ${status}`, schema);
      return fn(body) ? [] : errors(fn).map((e) => `${op.operationId} response ${status}: ${e}`);
    },
  };
}

let cached: OpenApiValidator | undefined;

/** Parsing the 13 MB description takes a moment; one immutable copy per test worker is enough. */
export function githubOpenApi(): OpenApiValidator {
  cached ??= load();
  return cached;
}

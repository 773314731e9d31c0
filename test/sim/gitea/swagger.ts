import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sharedDir } from '../../support/shared.js';
import type { RecordedExchange } from '../../../src/sim/gitea/index.js';

/*
 * Validates recorded exchanges against the Gitea swagger (2.0) with ajv. Swagger 2.0 cannot say
 * "nullable" (Gitea marks nothing x-nullable), but Go serialises nil pointers and nil slices as
 * null, so the adapter lets null through where Go can produce it: `$ref` objects, arrays,
 * date-times and the *string fields listed below. `format: email` is dropped (Gitea sends "" for
 * organisations). Everything else is checked as written.
 */

type Schema = Record<string, unknown>;
interface Spec {
  paths: Record<
    string,
    Record<string, { parameters?: Array<Record<string, unknown>>; responses: Record<string, Record<string, unknown>>; operationId: string }>
  >;
  definitions: Record<string, Schema>;
  responses: Record<string, Schema>;
}

/** Go *string fields of the definitions the console touches. */
const POINTER_STRINGS = new Set(['merge_commit_sha', 'encoding', 'content', 'target', 'git_url', 'download_url', 'submodule_git_url', 'git', 'lfs_oid']);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function nullable(schema: Schema): Schema {
  return { anyOf: [schema, { type: 'null' }] };
}

function adapt(schema: unknown, key?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => adapt(s));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-') || k === 'example') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/definitions/', '#/definitions/');
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, adapt(pv, pk)]));
    else if (k === 'format' && v === 'email') continue;
    else out[k] = adapt(v);
  }
  if (key !== undefined) {
    const goPointer = '$ref' in out || out.type === 'array' || out.format === 'date-time' || (out.type === 'string' && POINTER_STRINGS.has(key));
    if (goPointer) return nullable(out);
  }
  return out;
}

export class SwaggerValidator {
  readonly spec: Spec;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file = path.join(sharedDir, 'specs', 'gitea-swagger-v1.json')) {
    this.spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
    this.ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'gitea', definitions: adapt(this.spec.definitions) as Schema }, 'gitea');
  }

  private compile(schema: Schema): ValidateFunction {
    const key = JSON.stringify(schema);
    let fn = this.cache.get(key);
    if (!fn) {
      const rewritten = JSON.parse(key.replaceAll('"#/definitions/', '"gitea#/definitions/')) as Schema;
      fn = this.ajv.compile(adapt(rewritten) as Schema);
      this.cache.set(key, fn);
    }
    return fn;
  }

  validate(schema: Schema, value: unknown): string | null {
    const fn = this.compile(schema);
    if (fn(value)) return null;
    const e = fn.errors?.[0];
    return `${e?.instancePath || '(root)'} ${e?.message ?? 'invalid'}`;
  }

  operation(method: string, template: string) {
    return this.spec.paths[template]?.[method.toLowerCase()];
  }

  /** Problems with the request half of an exchange: undeclared or mistyped query params, body schema. */
  checkRequest(x: RecordedExchange): string[] {
    const problems: string[] = [];
    if (!x.template) return [`${x.method} ${x.path}: no such endpoint in the spec`];
    const op = this.operation(x.method, x.template);
    if (!op) return [`${x.method} ${x.template}: method not in the spec`];
    const params = op.parameters ?? [];
    for (const [name, value] of Object.entries(x.query)) {
      const p = params.find((q) => q.in === 'query' && q.name === name);
      if (!p) {
        problems.push(`${op.operationId}: query '${name}' is not a declared parameter`);
        continue;
      }
      for (const v of Array.isArray(value) ? value : [value]) {
        if (p.type === 'integer' && !/^-?\d+$/.test(v)) problems.push(`${op.operationId}: query '${name}'='${v}' is not an integer`);
        if (p.type === 'boolean' && v !== 'true' && v !== 'false') problems.push(`${op.operationId}: query '${name}'='${v}' is not a boolean`);
        if (Array.isArray(p.enum) && !p.enum.includes(v)) problems.push(`${op.operationId}: query '${name}'='${v}' not in ${JSON.stringify(p.enum)}`);
      }
    }
    const bodyParam = params.find((p) => p.in === 'body');
    if (x.requestBody !== undefined) {
      if (!bodyParam) problems.push(`${op.operationId}: sends a body the spec does not take`);
      else {
        const err = this.validate(bodyParam.schema as Schema, x.requestBody);
        if (err) problems.push(`${op.operationId} request body: ${err}`);
      }
    } else if (bodyParam?.required) problems.push(`${op.operationId}: body required`);
    return problems;
  }

  /**
   * Problems with the response half. Statuses the spec leaves out are accepted only when listed
   * in `undocumented` (with the reason in the test), and then must be `{message, url}`.
   */
  checkResponse(x: RecordedExchange, undocumented: ReadonlySet<string> = new Set()): string[] {
    if (!x.template) return [];
    const op = this.operation(x.method, x.template);
    if (!op) return [`${x.method} ${x.template}: method not in the spec`];
    const response = op.responses[String(x.status)];
    const key = `${x.method} ${x.template} ${x.status}`;
    if (!response) {
      if (!undocumented.has(key) && !undocumented.has(`* * ${x.status}`)) return [`${op.operationId}: status ${x.status} is not in the spec`];
      const err = this.validate({ $ref: '#/definitions/APIError' }, x.responseBody);
      return err ? [`${op.operationId} ${x.status}: ${err}`] : [];
    }
    const resolved = typeof response.$ref === 'string' ? this.spec.responses[(response.$ref as string).split('/').pop()!]! : response;
    const schema = resolved.schema as Schema | undefined;
    if (!schema) {
      // `error` / `forbidden` / … declare message+url (as headers, a go-swagger quirk): the body is APIError.
      if (resolved.headers) {
        const err = this.validate({ $ref: '#/definitions/APIError' }, x.responseBody);
        return err ? [`${op.operationId} ${x.status}: ${err}`] : [];
      }
      // Gitea's 4xx "empty" responses (notFound, empty on 405) really carry {message, url}.
      if (x.status >= 400 && x.responseBody !== undefined) {
        const err = this.validate({ $ref: '#/definitions/APIError' }, x.responseBody);
        return err ? [`${op.operationId} ${x.status}: ${err}`] : [];
      }
      return x.responseBody === undefined ? [] : [`${op.operationId} ${x.status}: spec says empty body, got one`];
    }
    const err = this.validate(schema, x.responseBody);
    return err ? [`${op.operationId} ${x.status}: ${err}`] : [];
  }
}

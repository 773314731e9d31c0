import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { ApiError, alreadyExists, badRequest, conflict, expired, forbidden, invalid, notFound, statusBody } from '../errors.js';
import { jsonPatch, mergePatch, strategicMergePatch } from '../patch.js';
import { groupVersion, type ResourceType } from '../resources.js';
import { selectionFor, selectorString } from '../selectors.js';
import { entryJson, objectKey, type StoredEntry } from '../store.js';
import { toTable } from '../tables/printers.js';
import type { Json, KubeObject, NewObject, Pod, Workload } from '../types.js';
import type { SimBackend } from './backend.js';
import { serveIntrospection } from './introspect.js';
import { ACCESS_REVIEW_PATH, serveAccessReview } from './access.js';
import {
  AGGREGATED_CONTENT_TYPE,
  SERVER_VERSION,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregated,
} from './discovery.js';
import { podLogs } from './logs.js';
import { parseJsonBody, readBody, sendError, sendJson } from './respond.js';
import { isWatchPath, parseRoute } from './route.js';
import { serveWatch } from './watch.js';
import { isServiceProxyPath, serveServiceProxy } from './service-proxy.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

/** One apiserver request: counters, auth, injected faults, then discovery or a resource verb. */
export async function handleApiRequest(b: SimBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (serveIntrospection(b, req, res)) return;
  const url = new URL(req.url ?? '/', 'http://sim');
  const method = (req.method ?? 'GET').toUpperCase();
  const q = url.searchParams;
  const watching = q.get('watch') === 'true' || q.get('watch') === '1' || isWatchPath(url.pathname);
  b.counters.count(watching ? 'watch' : method.toLowerCase(), url.pathname);
  // A SelfSubjectAccessReview is a POST that stores nothing: not a write (read-only tests count writes).
  const review = method === 'POST' && url.pathname === ACCESS_REVIEW_PATH;
  if (WRITE_METHODS.has(method) && !review) b.counters.recordWrite(method, url.pathname, b.clock.now());
  if (watching) b.counters.watches++;
  try {
    checkAuth(b, req);
    const fault = b.faults.decide(method, url.pathname + url.search);
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.status !== undefined) {
      const reason = fault.status === 503 ? 'ServiceUnavailable' : fault.status === 504 ? 'Timeout' : 'InternalError';
      throw new ApiError(
        fault.status,
        reason,
        fault.status === 503
          ? 'the server is currently unable to handle the request'
          : 'an error on the server ("injected fault") has prevented the request from succeeding',
      );
    }
    if (review) return await serveAccessReview(b.access, req, res);
    if (b.serviceUpstreams && isServiceProxyPath(url.pathname)) return await serveServiceProxy(b, b.serviceUpstreams, req, res, url);
    const route = parseRoute(url.pathname, b.registry);
    if (fault.forbidUser !== undefined && route.kind === 'resource') {
      throw forbidden(fault.forbidUser, verbOf(method, !!route.name, watching), route.t.plural, route.t.group, route.namespace);
    }
    if (route.kind === 'resource')
      b.access.enforce({
        verb: verbOf(method, !!route.name, watching),
        group: route.t.group,
        resource: route.t.plural,
        subresource: route.sub,
        namespace: route.namespace,
      });
    const host = req.headers.host ?? '127.0.0.1';
    switch (route.kind) {
      case 'version':
        return sendJson(res, 200, SERVER_VERSION);
      case 'health':
        return sendJson(res, 200, 'ok', 'text/plain; charset=utf-8');
      case 'discovery-core':
        return wantsAggregated(req.headers.accept)
          ? sendJson(res, 200, aggregatedDiscovery(b.registry, true), AGGREGATED_CONTENT_TYPE)
          : sendJson(res, 200, apiVersions(host));
      case 'discovery-groups':
        return wantsAggregated(req.headers.accept)
          ? sendJson(res, 200, aggregatedDiscovery(b.registry, false), AGGREGATED_CONTENT_TYPE)
          : sendJson(res, 200, apiGroupList(b.registry));
      case 'discovery-group': {
        const g = apiGroup(b.registry, route.group);
        if (!g) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        return sendJson(res, 200, g);
      }
      case 'discovery-resources': {
        const list = apiResourceList(b.registry, route.groupVersion);
        if (!list) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        return sendJson(res, 200, list);
      }
      case 'openapi':
      case 'not-found':
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      case 'unknown-resource':
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      case 'resource':
        return await handleResource(b, req, res, method, q, watching, route.t, route.namespace, route.name, route.sub);
    }
  } catch (err) {
    sendError(res, err);
  }
}

/**
 * A wrong token is 401. No token passes unless `requireAuth`: kubectl never sends a bearer token over
 * plain http, while @kubernetes/client-node does.
 */
export function checkAuth(b: Pick<SimBackend, 'token' | 'requireAuth'>, req: IncomingMessage): void {
  if (!b.token) return;
  const header = req.headers.authorization;
  if (header === undefined && !b.requireAuth) return;
  if (header !== `Bearer ${b.token}`) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
}

function verbOf(method: string, named: boolean, watching: boolean): string {
  if (watching) return 'watch';
  switch (method) {
    case 'GET':
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

async function handleResource(
  b: SimBackend,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  q: URLSearchParams,
  watching: boolean,
  t: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  sub: string | undefined,
): Promise<void> {
  const accept = req.headers.accept;
  const dryRun = q.getAll('dryRun').includes('All');
  if (t.virtual && method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);

  if (!name) {
    if (method === 'GET') {
      if (watching) return serveWatch(b, req, res, t, namespace, q, wantsTable(accept));
      return sendList(b, res, t, namespace, q, wantsTable(accept));
    }
    if (method === 'POST') {
      const body = parseJsonBody(await readBody(req)) as NewObject;
      const created = createObject(b, t, namespace, body, dryRun);
      return sendJson(res, 201, created);
    }
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  if (watching) {
    q.set('fieldSelector', `metadata.name=${name}`);
    return serveWatch(b, req, res, t, namespace, q, wantsTable(accept));
  }

  if (t.virtual) {
    const obj = b.virtualList(t, namespace).find((o) => o.metadata.name === name);
    if (!obj) throw notFound(t.plural, t.group, name);
    return sendJson(res, 200, obj);
  }

  if (sub === 'log' && method === 'GET') return podLogs(b, req, res, namespace!, name, q);
  if (sub === 'exec' || sub === 'attach' || sub === 'portforward') {
    throw badRequest('Upgrade request required');
  }
  if (sub && !t.subresources.some((s) => s.name === sub)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');

  const current = b.store.get(t, namespace, name);
  if (method === 'GET') {
    if (!current) throw notFound(t.plural, t.group, name);
    if (sub === 'scale') return sendJson(res, 200, toScale(t, current));
    if (wantsTable(accept) && !sub) {
      return sendJson(
        res,
        200,
        toTable(t, [current], b.clock.now(), { includeObject: q.get('includeObject') ?? undefined, resourceVersion: current.metadata.resourceVersion }),
      );
    }
    return sendJson(res, 200, b.store.entry(t, namespace, name) ? entryJson(b.store.entry(t, namespace, name)!) : current);
  }
  if (method === 'DELETE') {
    if (!current) throw notFound(t.plural, t.group, name);
    const text = await readBody(req);
    const opts = text.trim() ? (parseJsonBody(text) as Json) : {};
    const grace = q.get('gracePeriodSeconds') ?? opts.gracePeriodSeconds;
    const pre = opts.preconditions as Json | undefined;
    if (pre?.uid && pre.uid !== current.metadata.uid) throw conflict(t.plural, t.group, name);
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) throw conflict(t.plural, t.group, name);
    const gone = b.deleteObject(t, namespace, name, {
      gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
      propagationPolicy: (q.get('propagationPolicy') ?? opts.propagationPolicy) as string | undefined,
      dryRun,
    });
    return sendJson(res, 200, gone);
  }
  if (method === 'PUT' || method === 'PATCH') {
    if (!current) throw notFound(t.plural, t.group, name);
    const text = await readBody(req);
    const next = method === 'PUT' ? putBody(t, current, parseJsonBody(text), sub) : patchBody(t, current, text, req.headers['content-type'], sub);
    if (sub === 'scale') return sendJson(res, 200, toScale(t, next));
    if (next === current) return sendJson(res, 200, current);
    b.validate(t, next, current);
    const stored = dryRun ? next : b.store.replace(t, next);
    return sendJson(res, 200, stored);
  }
  throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

  function putBody(t: ResourceType, cur: KubeObject, raw: unknown, sub: string | undefined): KubeObject {
    const body = raw as KubeObject;
    const rv = body?.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw conflict(t.plural, t.group, cur.metadata.name);
    if (sub === 'scale') return applyScale(b, t, cur, body);
    return mergeForWrite(t, cur, body, sub);
  }

  function patchBody(t: ResourceType, cur: KubeObject, text: string, contentType: string | undefined, sub: string | undefined): KubeObject {
    const type = (contentType ?? '').split(';')[0]!.trim();
    const base: Json = sub === 'scale' ? toScale(t, cur) : (cur as unknown as Json);
    let patched: unknown;
    if (type === 'application/json-patch+json') patched = jsonPatch(base, parseJsonBody(text));
    else if (type === 'application/merge-patch+json') patched = mergePatch(base, parseJsonBody(text));
    else if (type === 'application/strategic-merge-patch+json') {
      if (!t.builtin) throw unsupportedPatch(type);
      patched = strategicMergePatch(base, parseJsonBody(text));
    } else if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
      let doc: unknown;
      try {
        doc = YAML.parse(text);
      } catch (err) {
        throw badRequest(`error decoding YAML: ${(err as Error).message}`);
      }
      patched = t.builtin ? strategicMergePatch(base, doc) : mergePatch(base, doc);
    } else throw unsupportedPatch(type);
    const p = patched as KubeObject;
    const rv = p?.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw conflict(t.plural, t.group, cur.metadata.name);
    if (sub === 'scale') return applyScale(b, t, cur, p);
    return mergeForWrite(t, cur, p, sub);
  }
}

function unsupportedPatch(type: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${type ? '' : ''}`,
  );
}

/** Keeps what a write may not change: identity, and `.status` on the main resource (or everything else on /status). */
function mergeForWrite(t: ResourceType, cur: KubeObject, body: KubeObject, sub: string | undefined): KubeObject {
  if (!body || typeof body !== 'object') throw badRequest('the object provided is unrecognized');
  let next: KubeObject;
  if (sub === 'status') {
    next = structuredClone(cur);
    if (body.status !== undefined) next.status = structuredClone(body.status);
  } else {
    next = structuredClone(body);
    next.apiVersion = cur.apiVersion;
    next.kind = cur.kind;
    next.metadata = {
      ...(body.metadata ?? {}),
      name: cur.metadata.name,
      uid: cur.metadata.uid,
      creationTimestamp: cur.metadata.creationTimestamp,
      resourceVersion: cur.metadata.resourceVersion,
    } as KubeObject['metadata'];
    if (cur.metadata.namespace) next.metadata.namespace = cur.metadata.namespace;
    if (cur.metadata.generation !== undefined) next.metadata.generation = cur.metadata.generation;
    if (cur.metadata.deletionTimestamp) next.metadata.deletionTimestamp = cur.metadata.deletionTimestamp;
    if (t.statusSubresource) {
      if (cur.status === undefined) delete next.status;
      else next.status = structuredClone(cur.status);
    }
  }
  if (JSON.stringify(next) === JSON.stringify(cur)) return cur;
  return next;
}

function toScale(t: ResourceType, obj: KubeObject): Json {
  const w = obj as Workload;
  const status = (obj.status as Json | undefined) ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: w.spec?.replicas ?? 1 },
    status: { replicas: (status.replicas as number) ?? 0, selector: selectorString(w.spec?.selector) },
  };
  void t;
}

function applyScale(b: SimBackend, t: ResourceType, cur: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as Json | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', cur.metadata.name, 'spec.replicas', replicas, 'must be greater than or equal to 0');
  }
  if ((cur as Workload).spec.replicas === replicas) return cur;
  return b.store.mutate(t, cur.metadata.namespace, cur.metadata.name, (d) => {
    (d as Workload).spec.replicas = replicas;
  })!;
}

function createObject(b: SimBackend, t: ResourceType, namespace: string | undefined, body: NewObject, dryRun: boolean): KubeObject {
  if (!body || typeof body !== 'object' || !body.metadata)
    throw badRequest("the object provided is unrecognized (must be of type object): Object 'metadata' is missing");
  if (body.kind && body.kind !== t.kind)
    throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${groupVersion(t)})`);
  if (t.namespaced) {
    const ns = body.metadata.namespace ?? namespace;
    if (namespace && body.metadata.namespace && body.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!ns) throw badRequest('the namespace of the object is required');
    if (!b.store.get(b.registry.builtin('Namespace'), undefined, ns)) throw notFound('namespaces', '', ns);
    body.metadata.namespace = ns;
  }
  const name = body.metadata.name;
  if (!name && !body.metadata.generateName) throw invalid(t.kind, t.group, '', 'metadata.name', '', 'name or generateName is required');
  if (name && b.store.get(t, body.metadata.namespace, name)) throw alreadyExists(t.plural, t.group, name);
  const input = { ...body, apiVersion: groupVersion(t), kind: t.kind } as NewObject;
  delete input.metadata.resourceVersion;
  b.validate(t, input as unknown as KubeObject, undefined);
  if (dryRun) return { ...input, metadata: { ...input.metadata, name: name ?? `${input.metadata.generateName}dryrun` } } as KubeObject;
  return b.store.create(t, input);
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueToken;
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
}

function sendList(b: SimBackend, res: ServerResponse, t: ResourceType, namespace: string | undefined, q: URLSearchParams, table: boolean): void {
  const match = selectionFor(t, q);
  const limit = Number(q.get('limit') ?? 0);
  const current = b.store.resourceVersion;
  let listRv = current;
  const rvParam = q.get('resourceVersion');
  if (rvParam && rvParam !== '0') {
    const wanted = Number(rvParam);
    if (!Number.isFinite(wanted)) throw badRequest(`invalid resource version: strconv.ParseUint: parsing "${rvParam}": invalid syntax`);
    if (wanted > current)
      throw new ApiError(504, 'Timeout', `Too large resource version: ${wanted}, current: ${current}`, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      });
    if (q.get('resourceVersionMatch') === 'Exact') {
      if (wanted < b.store.compactedRevision) throw expired(`The resourceVersion for the provided list is too old.`);
      listRv = wanted;
    }
  }
  let startAfter: string | null = null;
  const token = q.get('continue');
  if (token) {
    const c = decodeContinue(token);
    if (c.rv < b.store.compactedRevision) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    startAfter = c.start;
    listRv = c.rv;
  }

  let objs: Array<{ key: string; entry: StoredEntry }>;
  if (t.virtual) {
    objs = b.virtualList(t, namespace).map((o) => ({ key: objectKey(o.metadata.namespace, o.metadata.name), entry: { obj: o } }));
  } else {
    objs = b.store.list(t, namespace).map((entry) => ({ key: objectKey(entry.obj.metadata.namespace, entry.obj.metadata.name), entry }));
  }
  const page: StoredEntry[] = [];
  let cont: string | undefined;
  let remaining: number | undefined;
  let i = 0;
  if (startAfter !== null) {
    while (i < objs.length && objs[i]!.key <= startAfter) i++;
  }
  for (; i < objs.length; i++) {
    const { key, entry } = objs[i]!;
    if (!match(entry.obj)) continue;
    if (limit > 0 && page.length >= limit) {
      cont = encodeContinue(listRv, page.length ? objectKey(page[page.length - 1]!.obj.metadata.namespace, page[page.length - 1]!.obj.metadata.name) : key);
      if (!q.get('labelSelector') && !q.get('fieldSelector')) remaining = objs.length - i;
      break;
    }
    page.push(entry);
  }

  if (table) {
    return sendJson(
      res,
      200,
      toTable(
        t,
        page.map((e) => e.obj),
        b.clock.now(),
        { includeObject: q.get('includeObject') ?? undefined, resourceVersion: String(listRv), continueToken: cont, remaining },
      ),
    );
  }
  const meta: Json = { resourceVersion: String(listRv) };
  if (cont) meta.continue = cont;
  if (remaining !== undefined) meta.remainingItemCount = remaining;
  const head = `{"kind":"${t.listKind}","apiVersion":"${groupVersion(t)}","metadata":${JSON.stringify(meta)},"items":[`;
  const body = head + page.map(entryJson).join(',') + ']}';
  sendJson(res, 200, body);
}

export { statusBody };
export type { Pod };

import type { KubeHttp } from '../../../src/services/kube/http.js';
import { KubeApiError, KubeUnreachableError } from '../../../src/services/kube/errors.js';
import type { WatchLike } from '../../../src/services/kube/reflector.js';

type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string }; [k: string]: unknown };

interface OpenWatch {
  path: string;
  rv: string;
  onEvent: (type: string, obj: unknown) => void;
  done: (err: unknown) => void;
  aborted: boolean;
}

/** An in-memory API for reflector tests: lists, watches that can be fed, dropped, expired or refused. */
export class FakeApi {
  objects = new Map<string, Map<string, Obj>>();
  rv = 100;
  down = false;
  missing = new Set<string>();
  watches: OpenWatch[] = [];
  listCalls: string[] = [];
  watchCalls: Array<{ path: string; rv: string }> = [];

  put(path: string, obj: Obj, type: 'ADDED' | 'MODIFIED' = 'ADDED'): void {
    this.rv++;
    const o = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } };
    const m = this.objects.get(path) ?? new Map<string, Obj>();
    m.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    this.objects.set(path, m);
    for (const w of this.open(path)) w.onEvent(type, o);
  }

  /** A change the client never hears about (its watch was already gone). */
  putSilently(path: string, obj: Obj): void {
    const saved = this.watches;
    this.watches = [];
    this.put(path, obj);
    this.watches = saved;
  }

  removeSilently(path: string, name: string, namespace = ''): void {
    this.rv++;
    this.objects.get(path)?.delete(`${namespace}/${name}`);
  }

  remove(path: string, name: string, namespace = ''): void {
    this.rv++;
    const o = this.objects.get(path)?.get(`${namespace}/${name}`);
    this.objects.get(path)?.delete(`${namespace}/${name}`);
    if (o) for (const w of this.open(path)) w.onEvent('DELETED', { ...o, metadata: { ...o.metadata, resourceVersion: String(this.rv) } });
  }

  open(path: string): OpenWatch[] {
    return this.watches.filter((w) => w.path === path && !w.aborted);
  }

  /** The server closes every stream (a dropped watch). */
  dropAll(err: unknown = null): void {
    for (const w of this.watches.filter((x) => !x.aborted)) {
      w.aborted = true;
      w.done(err);
    }
  }

  /** In-stream 410 Expired, then close: the client must relist. */
  expireAll(): void {
    for (const w of this.watches.filter((x) => !x.aborted)) {
      w.onEvent('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
      w.aborted = true;
      w.done(null);
    }
  }

  /** Discovery documents the fake serves: group → version → resource plurals (absent group: 404). */
  groups = new Map<string, Map<string, string[]>>();

  /** Declares `/apis/GROUP/VERSION/RESOURCE` as served by discovery (an installed CRD). */
  serve(path: string): void {
    const [, , group, version, resource] = path.split('/') as [string, string, string, string, string];
    const versions = this.groups.get(group) ?? new Map<string, string[]>();
    versions.set(version, [...(versions.get(version) ?? []), resource]);
    this.groups.set(group, versions);
  }

  private discovery(path: string): unknown {
    const [, , group, version, extra] = path.split('/');
    const versions = group ? this.groups.get(group) : undefined;
    const notFound = () => new KubeApiError(`GET ${path}: 404 NotFound`, 404, 'NotFound');
    if (!versions || extra !== undefined) throw notFound();
    if (version === undefined)
      return { kind: 'APIGroup', name: group, versions: [...versions.keys()].map((v) => ({ groupVersion: `${group}/${v}`, version: v })) };
    const resources = versions.get(version);
    if (!resources) throw notFound();
    return { kind: 'APIResourceList', groupVersion: `${group}/${version}`, resources: resources.map((name) => ({ name })) };
  }

  http = {
    get: async (path: string) => {
      this.listCalls.push(path);
      if (this.down) throw new KubeUnreachableError('cannot reach the Kubernetes API at http://127.0.0.1:1: connect ECONNREFUSED');
      if (/^\/apis\/[^/]+(\/[^/]+)?$/.test(path)) return this.discovery(path);
      if (this.missing.has(path)) throw new KubeApiError(`GET ${path}: 404 NotFound`, 404, 'NotFound');
      return { metadata: { resourceVersion: String(this.rv) }, items: [...(this.objects.get(path)?.values() ?? [])] };
    },
    list: async (path: string, _query: unknown, onItem: (item: unknown) => void) => {
      const { items, ...rest } = (await this.http.get(path)) as { items: Obj[]; metadata: object };
      // A copy per item, as a parser would hand out.
      for (const item of items) onItem(JSON.parse(JSON.stringify(item)));
      return rest;
    },
  } as unknown as KubeHttp;

  watch: WatchLike = {
    watch: async (path, query, onEvent, done) => {
      this.watchCalls.push({ path, rv: String(query.resourceVersion) });
      const w: OpenWatch = { path, rv: String(query.resourceVersion), onEvent, done, aborted: false };
      if (this.down) {
        w.aborted = true;
        done(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }));
        return { abort() {} };
      }
      this.watches.push(w);
      return {
        abort: () => {
          w.aborted = true;
        },
      };
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { resourceKey, type ResourceRegistry, type ResourceType } from './resources.js';
import type { KubeObject, NewObject, WatchEventType } from './types.js';

export interface StoredEntry {
  obj: KubeObject;
  /** Serialized once on first read and shared by every list and watch that sends it. */
  json?: string;
}

export interface StoreEvent {
  rv: number;
  type: WatchEventType;
  resource: ResourceType;
  entry: StoredEntry;
  /** The previous state, so filtered watches can turn a change into ADDED/DELETED. */
  old?: KubeObject;
}

interface Table {
  items: Map<string, StoredEntry>;
  sorted: string[] | null;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function entryJson(e: StoredEntry): string {
  return (e.json ??= JSON.stringify(e.obj));
}

/**
 * Objects as real Kubernetes JSON under one global resourceVersion counter, with a bounded event log
 * (the "etcd history" watches resume from; older resourceVersions are compacted and answer 410).
 */
export class ObjectStore {
  private rv: number;
  private readonly tables = new Map<string, Table>();
  private readonly uids = new Map<string, { t: ResourceType; key: string }>();
  private readonly owners = new Map<string, Set<string>>();
  private log: StoreEvent[] = [];
  private compacted: number;
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  private depth = 0;
  private readonly deferred = new Map<string, () => void>();
  private draining = false;

  constructor(
    readonly registry: ResourceRegistry,
    private readonly clock: Clock,
    startRv = 1000,
    private readonly historySize = 10_000,
  ) {
    this.rv = startRv;
    this.compacted = startRv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Events at or below this resourceVersion are gone: a watch from there answers 410 Expired. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /** Forgets all history, like an etcd compaction at the current revision. */
  compact(): void {
    this.log = [];
    this.compacted = this.rv;
  }

  /**
   * Moves the revision on and compacts there, so every resourceVersion and continue token handed out so
   * far is too old (a forced 410).
   */
  expireAll(): void {
    this.rv++;
    this.compact();
  }

  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Runs `fn` once after the outermost write finishes (deduplicated by key): how controllers react. */
  defer(key: string, fn: () => void): void {
    this.deferred.set(key, fn);
    if (this.depth === 0) this.drain();
  }

  private table(t: ResourceType): Table {
    const k = resourceKey(t);
    let tab = this.tables.get(k);
    if (!tab) this.tables.set(k, (tab = { items: new Map(), sorted: null }));
    return tab;
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(t).items.get(objectKey(t.namespaced ? namespace : undefined, name))?.obj;
  }

  entry(t: ResourceType, namespace: string | undefined, name: string): StoredEntry | undefined {
    return this.table(t).items.get(objectKey(t.namespaced ? namespace : undefined, name));
  }

  /** Entries in etcd key order (namespace/name), optionally one namespace. */
  list(t: ResourceType, namespace?: string): StoredEntry[] {
    const tab = this.table(t);
    tab.sorted ??= [...tab.items.keys()].sort();
    const keys = tab.sorted;
    let from = 0;
    let to = keys.length;
    if (namespace && t.namespaced) {
      const prefix = `${namespace}/`;
      from = lowerBound(keys, prefix);
      to = from;
      while (to < keys.length && keys[to]!.startsWith(prefix)) to++;
    }
    const out: StoredEntry[] = [];
    for (let i = from; i < to; i++) out.push(tab.items.get(keys[i]!)!);
    return out;
  }

  sortedKeys(t: ResourceType): string[] {
    const tab = this.table(t);
    return (tab.sorted ??= [...tab.items.keys()].sort());
  }

  count(t: ResourceType): number {
    return this.table(t).items.size;
  }

  byUid(uid: string): { t: ResourceType; obj: KubeObject } | undefined {
    const ref = this.uids.get(uid);
    if (!ref) return undefined;
    const obj = this.table(ref.t).items.get(ref.key)?.obj;
    return obj ? { t: ref.t, obj } : undefined;
  }

  /** Objects whose ownerReferences name `uid`. */
  dependents(uid: string): Array<{ t: ResourceType; obj: KubeObject }> {
    const out: Array<{ t: ResourceType; obj: KubeObject }> = [];
    for (const depUid of this.owners.get(uid) ?? []) {
      const d = this.byUid(depUid);
      if (d) out.push(d);
    }
    return out;
  }

  /** Assigns uid, resourceVersion and creationTimestamp; the caller has checked for an existing name. */
  create(t: ResourceType, input: NewObject): KubeObject {
    return this.write(() => {
      const name = input.metadata.name ?? `${input.metadata.generateName ?? ''}${randomSuffix()}`;
      const meta = {
        ...input.metadata,
        name,
        uid: input.metadata.uid ?? randomUUID(),
        resourceVersion: String(++this.rv),
        creationTimestamp: input.metadata.creationTimestamp ?? new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      };
      if (!t.namespaced) delete meta.namespace;
      if (meta.generation === undefined && (t.group === 'apps' || t.group === 'batch' || !t.builtin)) meta.generation = 1;
      const obj = { ...input, apiVersion: input.apiVersion, kind: input.kind, metadata: meta } as KubeObject;
      const key = objectKey(meta.namespace, name);
      const tab = this.table(t);
      const entry: StoredEntry = { obj };
      tab.items.set(key, entry);
      tab.sorted = null;
      this.uids.set(meta.uid, { t, key });
      this.indexOwners(obj, undefined);
      this.emit({ rv: this.rv, type: 'ADDED', resource: t, entry });
      return obj;
    });
  }

  /**
   * Stores a new version of an existing object: bumps resourceVersion, and generation when anything but
   * metadata and status changed.
   */
  replace(t: ResourceType, next: KubeObject): KubeObject {
    return this.write(() => {
      const key = objectKey(t.namespaced ? next.metadata.namespace : undefined, next.metadata.name);
      const tab = this.table(t);
      const prev = tab.items.get(key);
      if (!prev) throw new Error(`replace of missing ${resourceKey(t)} ${key}`);
      const old = prev.obj;
      next.metadata.uid = old.metadata.uid;
      next.metadata.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.generation !== undefined) {
        next.metadata.generation = specChanged(old, next) ? old.metadata.generation + 1 : old.metadata.generation;
      }
      next.metadata.resourceVersion = String(++this.rv);
      const entry: StoredEntry = { obj: next };
      tab.items.set(key, entry);
      this.indexOwners(next, old);
      this.emit({ rv: this.rv, type: 'MODIFIED', resource: t, entry, old });
      return next;
    });
  }

  /** Clones the object, lets `fn` change the copy and stores it; undefined when it does not exist. */
  mutate(t: ResourceType, namespace: string | undefined, name: string, fn: (draft: KubeObject) => void): KubeObject | undefined {
    const cur = this.get(t, namespace, name);
    if (!cur) return undefined;
    const draft = structuredClone(cur);
    fn(draft);
    return this.replace(t, draft);
  }

  remove(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.write(() => {
      const key = objectKey(t.namespaced ? namespace : undefined, name);
      const tab = this.table(t);
      const prev = tab.items.get(key);
      if (!prev) return undefined;
      tab.items.delete(key);
      tab.sorted = null;
      this.uids.delete(prev.obj.metadata.uid);
      this.indexOwners(undefined, prev.obj);
      const gone = { ...prev.obj, metadata: { ...prev.obj.metadata, resourceVersion: String(++this.rv) } };
      this.emit({ rv: this.rv, type: 'DELETED', resource: t, entry: { obj: gone }, old: prev.obj });
      return gone;
    });
  }

  /** Events after `rv` for one resource, or null when `rv` is older than the retained history. */
  eventsSince(t: ResourceType, rv: number): StoreEvent[] | null {
    if (rv < this.compacted) return null;
    const k = resourceKey(t);
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.log.length; i++) if (resourceKey(this.log[i]!.resource) === k) out.push(this.log[i]!);
    return out;
  }

  private write<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.drain();
    }
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let guard = 0;
      while (this.deferred.size > 0) {
        if (++guard > 100_000) throw new Error('controller loop did not settle');
        const [key, fn] = this.deferred.entries().next().value as [string, () => void];
        this.deferred.delete(key);
        this.depth++;
        try {
          fn();
        } finally {
          this.depth--;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private emit(ev: StoreEvent): void {
    this.log.push(ev);
    if (this.log.length > this.historySize * 1.25) {
      const drop = this.log.length - this.historySize;
      this.compacted = this.log[drop - 1]!.rv;
      this.log = this.log.slice(drop);
    }
    for (const l of this.listeners) l(ev);
  }

  private indexOwners(next: KubeObject | undefined, prev: KubeObject | undefined): void {
    for (const ref of prev?.metadata.ownerReferences ?? []) this.owners.get(ref.uid)?.delete(prev!.metadata.uid);
    for (const ref of next?.metadata.ownerReferences ?? []) {
      let set = this.owners.get(ref.uid);
      if (!set) this.owners.set(ref.uid, (set = new Set()));
      set.add(next!.metadata.uid);
    }
  }
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(a) !== strip(b);
}

function lowerBound(keys: string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from the apiserver's generateName alphabet. */
export function randomSuffix(n = 5, rand: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[Math.floor(rand() * SUFFIX_ALPHABET.length)];
  return s;
}

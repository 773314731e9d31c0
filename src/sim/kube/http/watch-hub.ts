import type { ServerResponse } from 'node:http';
import { statusBody } from '../errors.js';
import { groupVersion, resourceKey, type ResourceType } from '../resources.js';
import type { Matcher } from '../selectors.js';
import { entryJson, type ObjectStore, type StoreEvent } from '../store.js';
import type { KubeObject, WatchEventType } from '../types.js';

export interface Watcher {
  t: ResourceType;
  namespace?: string;
  match: Matcher;
  res: ServerResponse;
  bookmarks: boolean;
  /** Row-per-event Table objects (kubectl get -w) instead of the objects themselves. */
  asTable?: (obj: KubeObject) => unknown;
  timer?: NodeJS.Timeout;
}

/** Slow consumers are cut off rather than buffered without bound, as the apiserver does. */
const MAX_BUFFERED = 64 * 1024 * 1024;

/** Fans store events out to open watch streams, one serialization per event shared by every watcher. */
export class WatchHub {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ObjectStore) {
    this.unsubscribe = store.subscribe((ev) => this.dispatch(ev));
  }

  get size(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  add(w: Watcher): void {
    const k = resourceKey(w.t);
    let set = this.watchers.get(k);
    if (!set) this.watchers.set(k, (set = new Set()));
    set.add(w);
    w.res.on('close', () => this.remove(w));
  }

  remove(w: Watcher): void {
    this.watchers.get(resourceKey(w.t))?.delete(w);
    if (w.timer) clearTimeout(w.timer);
  }

  /** Writes the event a filtered watcher should see (a change into or out of its selection is ADDED/DELETED). */
  deliver(w: Watcher, ev: StoreEvent): void {
    const obj = ev.entry.obj;
    if (w.namespace && obj.metadata.namespace !== w.namespace) return;
    let type: WatchEventType | null;
    if (ev.type === 'ADDED') type = w.match(obj) ? 'ADDED' : null;
    else if (ev.type === 'DELETED') type = w.match(ev.old ?? obj) ? 'DELETED' : null;
    else {
      const was = ev.old ? w.match(ev.old) : false;
      const is = w.match(obj);
      type = was && is ? 'MODIFIED' : is ? 'ADDED' : was ? 'DELETED' : null;
    }
    if (!type) return;
    if (w.asTable) this.write(w, JSON.stringify({ type, object: w.asTable(obj) }) + '\n');
    else this.write(w, eventLine(ev, type));
  }

  private dispatch(ev: StoreEvent): void {
    const set = this.watchers.get(resourceKey(ev.resource));
    if (!set) return;
    for (const w of set) this.deliver(w, ev);
  }

  write(w: Watcher, line: string): void {
    if (w.res.destroyed || w.res.writableEnded) {
      this.remove(w);
      return;
    }
    if (w.res.writableLength > MAX_BUFFERED) {
      this.remove(w);
      w.res.destroy();
      return;
    }
    w.res.write(line);
  }

  bookmark(w: Watcher, annotations?: Record<string, string>): void {
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    if (annotations) metadata.annotations = annotations;
    this.write(w, JSON.stringify({ type: 'BOOKMARK', object: { kind: w.t.kind, apiVersion: groupVersion(w.t), metadata } }) + '\n');
  }

  sendBookmarks(): void {
    for (const set of this.watchers.values()) for (const w of set) if (w.bookmarks) this.bookmark(w);
  }

  all(filter?: (w: Watcher) => boolean): Watcher[] {
    const out: Watcher[] = [];
    for (const set of this.watchers.values()) for (const w of set) if (!filter || filter(w)) out.push(w);
    return out;
  }

  /** Ends streams with an in-stream ERROR 410 Expired, as the apiserver does when a watch falls behind compaction. */
  expire(filter?: (w: Watcher) => boolean): number {
    const list = this.all(filter);
    for (const w of list) {
      this.write(w, expiredLine(this.store.compactedRevision, this.store.resourceVersion));
      this.remove(w);
      w.res.end();
    }
    return list.length;
  }

  /** Cuts streams: `end` finishes the chunked response cleanly, `destroy` resets the connection. */
  drop(mode: 'end' | 'destroy', filter?: (w: Watcher) => boolean): number {
    const list = this.all(filter);
    for (const w of list) {
      this.remove(w);
      if (mode === 'end') w.res.end();
      else w.res.destroy();
    }
    return list.length;
  }

  close(): void {
    this.unsubscribe();
    this.drop('destroy');
  }
}

export function eventLine(ev: StoreEvent, type: WatchEventType): string {
  return `{"type":"${type}","object":${entryJson(ev.entry)}}\n`;
}

export function expiredLine(oldest: number, requested: number): string {
  const status = statusBody(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
  return JSON.stringify({ type: 'ERROR', object: status }) + '\n';
}

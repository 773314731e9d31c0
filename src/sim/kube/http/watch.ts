import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../errors.js';
import type { ResourceType } from '../resources.js';
import { selectionFor } from '../selectors.js';
import { toTable } from '../tables/printers.js';
import type { KubeObject } from '../types.js';
import type { SimBackend } from './backend.js';
import { expiredLine, type Watcher } from './watch-hub.js';

/**
 * A watch stream: 200 chunked NDJSON. From resourceVersion unset/"0" it first sends ADDED for what exists; from
 * an older revision it replays history, or answers an in-stream ERROR 410 when that history is compacted.
 */
export function serveWatch(
  b: SimBackend,
  req: IncomingMessage,
  res: ServerResponse,
  t: ResourceType,
  namespace: string | undefined,
  q: URLSearchParams,
  table: boolean,
): void {
  if (t.virtual) throw badRequest('the server does not allow watching this resource');
  const match = selectionFor(t, q);
  const rvParam = q.get('resourceVersion');
  const sendInitial = q.get('sendInitialEvents') === 'true';
  const w: Watcher = {
    t,
    namespace: t.namespaced ? namespace : undefined,
    match,
    res,
    bookmarks: q.get('allowWatchBookmarks') === 'true',
  };
  if (table) {
    let first = true;
    w.asTable = (obj: KubeObject) => {
      const tab = toTable(t, [obj], b.clock.now(), {
        includeObject: q.get('includeObject') ?? undefined,
        resourceVersion: obj.metadata.resourceVersion,
        withColumns: first,
      });
      first = false;
      return tab;
    };
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  if (!rvParam || rvParam === '0' || sendInitial) {
    for (const entry of b.store.list(t, w.namespace)) {
      if (!match(entry.obj)) continue;
      b.hub.deliver(w, { rv: b.store.resourceVersion, type: 'ADDED', resource: t, entry });
    }
    if (sendInitial && w.bookmarks) b.hub.bookmark(w, { 'k8s.io/initial-events-end': 'true' });
  } else {
    const from = Number(rvParam);
    const events = Number.isFinite(from) ? b.store.eventsSince(t, from) : null;
    if (events === null) {
      res.end(expiredLine(b.store.compactedRevision, from));
      return;
    }
    for (const ev of events) b.hub.deliver(w, ev);
  }
  b.hub.add(w);

  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  const limitMs = timeout > 0 ? timeout * 1000 : 30 * 60 * 1000;
  w.timer = setTimeout(() => {
    b.hub.remove(w);
    res.end();
  }, limitMs);
  w.timer.unref();
  req.on('close', () => b.hub.remove(w));
}

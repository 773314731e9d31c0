import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, notFound } from '../errors.js';
import type { Pod } from '../types.js';
import type { LogLine, SimBackend } from './backend.js';

function format(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${new Date(line.at).toISOString().replace('Z', '000000Z')} ${line.text}\n` : `${line.text}\n`;
}

/** GET …/pods/NAME/log: container, tailLines, previous, timestamps, limitBytes, follow. */
export function podLogs(b: SimBackend, req: IncomingMessage, res: ServerResponse, namespace: string, name: string, q: URLSearchParams): void {
  const podType = b.registry.builtin('Pod');
  const pod = b.store.get(podType, namespace, name) as Pod | undefined;
  if (!pod) throw notFound('pods', '', name);
  const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  let container = q.get('container') ?? '';
  if (!container) {
    if (pod.spec.containers.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
    }
    container = pod.spec.containers[0]!.name;
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = q.get('previous') === 'true';
  const status = pod.status.containerStatuses?.find((c) => c.name === container);
  const waiting = status?.state?.waiting?.reason;
  if (!previous && (waiting === 'ContainerCreating' || waiting === 'PodInitializing' || !status)) {
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`);
  }
  const lines = b.podLog(pod, container, previous);
  if (lines === null) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  const tail = q.get('tailLines');
  let shown = tail !== null && Number(tail) >= 0 ? lines.slice(Math.max(0, lines.length - Number(tail))) : lines;
  const since = Number(q.get('sinceSeconds') ?? 0);
  if (since > 0) shown = shown.filter((l) => l.at >= b.clock.now() - since * 1000);
  const timestamps = q.get('timestamps') === 'true';
  let text = shown.map((l) => format(l, timestamps)).join('');
  const limitBytes = Number(q.get('limitBytes') ?? 0);
  if (limitBytes > 0) text = text.slice(0, limitBytes);

  if (q.get('follow') !== 'true' || previous) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.write(text);
  const uid = pod.metadata.uid;
  const stopLog = b.onLog((podUid, c, line) => {
    if (podUid === uid && c === container) res.write(format(line, timestamps));
  });
  const stopStore = b.store.subscribe((ev) => {
    if (ev.type === 'DELETED' && ev.entry.obj.metadata.uid === uid) res.end();
  });
  res.on('close', () => {
    stopLog();
    stopStore();
  });
  void req;
}

import type { LogLine } from '../http/backend.js';
import type { Pod } from '../types.js';

interface ContainerLog {
  current: LogLine[];
  previous: LogLine[] | null;
}

const MAX_LINES = 2000;

/** Container logs per pod uid: the current run and the previous (crashed) one, as kubelet keeps them. */
export class LogBook {
  private readonly logs = new Map<string, Map<string, ContainerLog>>();
  private readonly listeners = new Set<(podUid: string, container: string, line: LogLine) => void>();

  onLine(fn: (podUid: string, container: string, line: LogLine) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private log(uid: string, container: string): ContainerLog {
    let byContainer = this.logs.get(uid);
    if (!byContainer) this.logs.set(uid, (byContainer = new Map()));
    let l = byContainer.get(container);
    if (!l) byContainer.set(container, (l = { current: [], previous: null }));
    return l;
  }

  append(uid: string, container: string, at: number, text: string): void {
    const l = this.log(uid, container);
    const line = { at, text };
    l.current.push(line);
    if (l.current.length > MAX_LINES) l.current.splice(0, l.current.length - MAX_LINES);
    for (const fn of this.listeners) fn(uid, container, line);
  }

  /** The container restarted: its current log becomes the previous one. */
  rotate(uid: string, container: string): void {
    const l = this.log(uid, container);
    l.previous = l.current;
    l.current = [];
  }

  read(uid: string, container: string, previous: boolean): LogLine[] | null {
    const l = this.logs.get(uid)?.get(container);
    if (previous) return l?.previous ?? null;
    return l?.current ?? [];
  }

  forget(uid: string): void {
    this.logs.delete(uid);
  }
}

/** Start-up lines that look like the image's own (enough for `kubectl logs` to be believable). */
export function startupLines(pod: Pod, container: string, image: string): string[] {
  const name = image.split('/').pop()!.split(':')[0]!;
  const version = image.includes(':') ? image.split(':').pop()! : 'latest';
  return [
    `level=info msg="Starting ${name}" version=${version} pod=${pod.metadata.name}`,
    `level=info msg="Loaded configuration" container=${container}`,
    `level=info msg="Listening on :8080"`,
    `level=info msg="Ready to serve requests"`,
  ];
}

/** What a container prints when its node stops it (a reboot, a drain): the end of a clean run. */
export function shutdownLines(container: string): string[] {
  return [`level=info msg="Received signal, shutting down" signal=terminated container=${container}`, 'level=info msg="Shutdown complete"'];
}

/** What a crash-looping container prints before it exits (paperless-ngx's real failure mode: no database). */
export function crashLines(container: string, image: string): string[] {
  if (container.includes('paperless') || image.includes('paperless')) {
    return [
      '[init-start] paperless-ngx docker container starting...',
      '[init-db-wait] Waiting for postgresql to report ready',
      '[init-db-wait] Waiting for PostgreSQL to start...',
      'django.db.utils.OperationalError: connection to server at "postgres.databases.svc.cluster.local" (10.43.112.40), port 5432 failed: FATAL:  password authentication failed for user "paperless"',
      '[init-db-wait] Unable to connect to database, exiting',
    ];
  }
  return [
    `level=info msg="Starting ${container}"`,
    `level=error msg="failed to initialise" err="dial tcp 10.43.0.10:5432: connect: connection refused"`,
    `level=fatal msg="exiting" code=1`,
  ];
}

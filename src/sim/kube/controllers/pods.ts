import type { TimerId } from '../clock.js';
import type { StoreEvent } from '../store.js';
import type { Pod } from '../types.js';
import type { WorldContext } from './context.js';
import { crashLines, startupLines } from './logs.js';
import { iso, setCrashed, setRunning } from './pod-state.js';

/**
 * The kubelet's part: Pending pods start, crash-looping ones exit and back off, deleted ones terminate.
 * Which pods crash is decided by `shouldCrash` (the world's crash flags) when a pod is created.
 */
export class PodLifecycle {
  private readonly timers = new Map<string, TimerId>();
  private readonly crashing = new Set<string>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly shouldCrash: (pod: Pod) => boolean,
  ) {}

  private get podType() {
    return this.ctx.type('Pod');
  }

  isCrashing(uid: string): boolean {
    return this.crashing.has(uid);
  }

  onEvent(ev: StoreEvent): void {
    if (ev.resource.kind !== 'Pod' || ev.resource.group !== '') return;
    const pod = ev.entry.obj as Pod;
    const uid = pod.metadata.uid;
    if (ev.type === 'DELETED') {
      this.cancel(uid);
      this.crashing.delete(uid);
      this.ctx.logs.forget(uid);
      this.ctx.emit('pod-deleted', { namespace: pod.metadata.namespace!, name: pod.metadata.name });
      return;
    }
    if (ev.type === 'ADDED' && pod.status?.phase === 'Pending' && !pod.metadata.deletionTimestamp) {
      if (this.shouldCrash(pod)) this.crashing.add(uid);
      this.schedule(uid, this.ctx.timing.podStartMs, () => this.start(pod.metadata.namespace!, pod.metadata.name, uid));
    }
  }

  private schedule(uid: string, ms: number, fn: () => void): void {
    this.cancel(uid);
    this.timers.set(
      uid,
      this.ctx.clock.setTimer(ms, () => {
        this.timers.delete(uid);
        fn();
      }),
    );
  }

  private cancel(uid: string): void {
    const t = this.timers.get(uid);
    if (t !== undefined) this.ctx.clock.clearTimer(t);
    this.timers.delete(uid);
  }

  private current(ns: string, name: string, uid: string): Pod | undefined {
    const pod = this.ctx.store.get(this.podType, ns, name) as Pod | undefined;
    return pod && pod.metadata.uid === uid && !pod.metadata.deletionTimestamp ? pod : undefined;
  }

  private start(ns: string, name: string, uid: string): void {
    const pod = this.current(ns, name, uid);
    if (!pod) return;
    const crashing = this.crashing.has(uid);
    const now = this.ctx.clock.now();
    const updated = this.ctx.store.mutate(this.podType, ns, name, (d) => setRunning(d as Pod, now, !crashing)) as Pod;
    for (const c of updated.spec.containers) for (const line of startupLines(updated, c.name, c.image)) this.ctx.logs.append(uid, c.name, now, line);
    this.ctx.recordEvent(updated, 'Normal', 'Started', `Started container ${updated.spec.containers[0]!.name}`, 'kubelet');
    if (crashing) this.schedule(uid, this.ctx.timing.crashRunMs, () => this.crash(ns, name, uid));
  }

  private backoff(restarts: number): number {
    const { crashBackoffMs, crashBackoffMaxMs } = this.ctx.timing;
    return Math.min(crashBackoffMaxMs, crashBackoffMs * 2 ** Math.max(0, Math.min(restarts - 1, 20)));
  }

  private crash(ns: string, name: string, uid: string): void {
    const pod = this.current(ns, name, uid);
    if (!pod) return;
    const now = this.ctx.clock.now();
    const c = pod.spec.containers[0]!;
    // A restart already printed the crash output's first line; print the rest, not the first twice.
    const lines = crashLines(c.name, c.image);
    const printed = this.ctx.logs.read(uid, c.name, false)?.at(-1)?.text === lines[0] ? 1 : 0;
    for (const line of lines.slice(printed)) this.ctx.logs.append(uid, c.name, now, line);
    this.ctx.logs.rotate(uid, c.name);
    const restarts = (pod.status.containerStatuses?.[0]?.restartCount ?? 0) + 1;
    const wait = this.backoff(restarts);
    const updated = this.ctx.store.mutate(this.podType, ns, name, (d) => setCrashed(d as Pod, now, wait)) as Pod;
    this.ctx.recordEvent(updated, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${name}_${ns}(${uid})`, 'kubelet');
    this.schedule(uid, wait, () => this.restart(ns, name, uid));
  }

  private restart(ns: string, name: string, uid: string): void {
    const pod = this.current(ns, name, uid);
    if (!pod) return;
    if (!this.crashing.has(uid)) {
      this.start(ns, name, uid);
      return;
    }
    const now = this.ctx.clock.now();
    const updated = this.ctx.store.mutate(this.podType, ns, name, (d) => setRunning(d as Pod, now, false)) as Pod;
    const c = updated.spec.containers[0]!;
    this.ctx.logs.append(uid, c.name, now, crashLines(c.name, c.image)[0]!);
    this.schedule(uid, this.ctx.timing.crashRunMs, () => this.crash(ns, name, uid));
  }

  /** Makes a running pod start crash-looping (or keeps a seeded one cycling). */
  markCrashLooping(pod: Pod): void {
    const uid = pod.metadata.uid;
    this.crashing.add(uid);
    const waiting = pod.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff';
    const restarts = pod.status.containerStatuses?.[0]?.restartCount ?? 0;
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    if (waiting) this.schedule(uid, this.backoff(restarts), () => this.restart(ns, name, uid));
    else if (pod.status.phase === 'Running') this.schedule(uid, this.ctx.timing.crashRunMs, () => this.crash(ns, name, uid));
  }

  /** Stops a pod crashing: it becomes ready at its next restart. */
  heal(pod: Pod): void {
    this.crashing.delete(pod.metadata.uid);
  }

  /** Graceful deletion: Terminating for a while (or at once with grace 0), then gone. */
  requestDelete(pod: Pod, graceSeconds: number | undefined): Pod | undefined {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    const uid = pod.metadata.uid;
    const grace = graceSeconds ?? Number(pod.spec.terminationGracePeriodSeconds ?? 30);
    if (grace === 0 || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') {
      return this.ctx.store.remove(this.podType, ns, name) as Pod | undefined;
    }
    if (pod.metadata.deletionTimestamp) return pod;
    this.cancel(uid);
    const now = this.ctx.clock.now();
    const updated = this.ctx.store.mutate(this.podType, ns, name, (d) => {
      d.metadata.deletionTimestamp = iso(now + grace * 1000);
      d.metadata.deletionGracePeriodSeconds = grace;
    }) as Pod;
    this.ctx.recordEvent(updated, 'Normal', 'Killing', `Stopping container ${updated.spec.containers[0]!.name}`, 'kubelet');
    this.schedule(uid, Math.min(this.ctx.timing.podTerminateMs, grace * 1000), () => {
      const cur = this.ctx.store.get(this.podType, ns, name);
      if (cur && cur.metadata.uid === uid) this.ctx.store.remove(this.podType, ns, name);
    });
    return updated;
  }

  dispose(): void {
    for (const t of this.timers.values()) this.ctx.clock.clearTimer(t);
    this.timers.clear();
  }
}

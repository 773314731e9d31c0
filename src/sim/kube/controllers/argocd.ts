import type { TimerId } from '../clock.js';
import type { StoreEvent } from '../store.js';
import type { Json, KubeObject, Pod, Workload } from '../types.js';
import type { WorldContext } from './context.js';
import { isActive, iso } from './pod-state.js';
import type { PodLifecycle } from './pods.js';

export const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const CRASH_REASONS = new Set(['CrashLoopBackOff', 'Error', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'OOMKilled']);

interface AppJson extends KubeObject {
  spec: { source?: { repoURL?: string; path?: string; targetRevision?: string }; destination?: { namespace?: string }; syncPolicy?: Json };
  status?: Json;
  operation?: Json;
}

export function appSourcePath(app: KubeObject): string {
  return String((app as AppJson).spec?.source?.path ?? '');
}

/** A changed file touches an Application when it lies under the Application's source path. */
export function pathTouches(sourcePath: string, changed: string): boolean {
  const p = sourcePath.replace(/\/+$/, '');
  return !!p && (changed === p || changed.startsWith(`${p}/`));
}

/**
 * ArgoCD's application controller, reduced to what the console watches: OutOfSync after a commit under an
 * Application's path, automated or requested sync operations, the refresh annotation, and health derived
 * from the Application's pods (labelled app.kubernetes.io/instance in its destination namespace).
 */
export class ArgoController {
  head: string;
  private readonly pendingAuto = new Map<string, TimerId>();
  private readonly running = new Map<string, TimerId>();
  readonly breaksOnNextSync = new Set<string>();
  readonly healthOverride = new Map<string, string>();
  private historyId = new Map<string, number>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly pods: PodLifecycle,
    private readonly crashWorkloads: Set<string>,
    head: string,
  ) {
    this.head = head;
  }

  private get appType() {
    return this.ctx.registry.find('argoproj.io/v1alpha1', 'applications');
  }

  apps(): AppJson[] {
    const t = this.appType;
    return t ? this.ctx.store.list(t).map((e) => e.obj as AppJson) : [];
  }

  private app(name: string, namespace = 'argocd'): AppJson | undefined {
    const t = this.appType;
    return t ? (this.ctx.store.get(t, namespace, name) as AppJson | undefined) : undefined;
  }

  private update(app: AppJson, fn: (d: AppJson) => void): void {
    const t = this.appType;
    if (t) this.ctx.store.mutate(t, app.metadata.namespace, app.metadata.name, (d) => fn(d as AppJson));
  }

  onEvent(ev: StoreEvent): void {
    const { kind, group } = ev.resource;
    if (group === 'argoproj.io' && kind === 'Application' && ev.type !== 'DELETED') {
      const app = ev.entry.obj as AppJson;
      const key = `${app.metadata.namespace}/${app.metadata.name}`;
      if (app.metadata.annotations?.[REFRESH_ANNOTATION])
        this.ctx.store.defer(`argo-refresh:${key}`, () => this.refresh(app.metadata.namespace!, app.metadata.name));
      if (app.operation && !this.running.has(key))
        this.ctx.store.defer(`argo-op:${key}`, () => this.startOperation(app.metadata.namespace!, app.metadata.name));
    } else if (group === '' && kind === 'Pod') {
      const pod = ev.entry.obj as Pod;
      const instance = pod.metadata.labels?.[INSTANCE_LABEL];
      if (instance) this.ctx.store.defer(`argo-health:${instance}`, () => this.updateHealth(instance));
    }
  }

  /** Health from the app's pods: crashing → Degraded, starting → Progressing, else Healthy. */
  computeHealth(app: AppJson): string {
    const forced = this.healthOverride.get(app.metadata.name);
    if (forced) return forced;
    if (this.running.has(`${app.metadata.namespace}/${app.metadata.name}`)) return 'Progressing';
    const ns = app.spec.destination?.namespace;
    if (!ns) return 'Healthy';
    let progressing = false;
    for (const { obj } of this.ctx.store.list(this.ctx.type('Pod'), ns)) {
      const pod = obj as Pod;
      if (pod.metadata.labels?.[INSTANCE_LABEL] !== app.metadata.name || !isActive(pod)) continue;
      const st = pod.status.containerStatuses ?? [];
      if (this.pods.isCrashing(pod.metadata.uid) || st.some((c) => CRASH_REASONS.has(c.state.waiting?.reason ?? c.state.terminated?.reason ?? '')))
        return 'Degraded';
      if (pod.status.phase === 'Pending' || st.some((c) => !c.ready)) progressing = true;
    }
    return progressing ? 'Progressing' : 'Healthy';
  }

  updateHealth(name: string): void {
    for (const app of this.apps()) {
      if (app.metadata.name !== name) continue;
      const health = this.computeHealth(app);
      const cur = (app.status?.health as Json | undefined)?.status;
      if (cur === health) continue;
      this.update(app, (d) => {
        d.status ??= {};
        d.status.health = { status: health, lastTransitionTime: iso(this.ctx.clock.now()) };
      });
    }
  }

  refreshAllHealth(): void {
    for (const app of this.apps()) this.updateHealth(app.metadata.name);
  }

  private refresh(namespace: string, name: string): void {
    const app = this.app(name, namespace);
    if (!app?.metadata.annotations?.[REFRESH_ANNOTATION]) return;
    this.update(app, (d) => {
      delete d.metadata.annotations![REFRESH_ANNOTATION];
      d.status ??= {};
      d.status.reconciledAt = iso(this.ctx.clock.now());
    });
    const key = `${namespace}/${name}`;
    const timer = this.pendingAuto.get(key);
    if (timer !== undefined) {
      this.ctx.clock.clearTimer(timer);
      this.pendingAuto.delete(key);
      this.sync(namespace, name, this.head, { automated: true });
    }
  }

  /**
   * A new commit on the tracked branch: every Application of the repo now compares against it; those whose
   * path the commit touched go OutOfSync and, when automated, sync after `autoSyncDelayMs`.
   */
  repoCommit(revision: string, changedPaths: string[]): string[] {
    this.head = revision;
    const touched: string[] = [];
    const now = iso(this.ctx.clock.now());
    for (const app of this.apps()) {
      const path = appSourcePath(app);
      const hit = changedPaths.some((c) => pathTouches(path, c));
      this.update(app, (d) => {
        d.status ??= {};
        const sync = (d.status.sync as Json | undefined) ?? {};
        sync.revision = revision;
        if (hit) sync.status = 'OutOfSync';
        d.status.sync = sync;
        d.status.reconciledAt = now;
      });
      if (!hit) continue;
      touched.push(app.metadata.name);
      const key = `${app.metadata.namespace}/${app.metadata.name}`;
      if (app.spec.syncPolicy?.automated) {
        const prev = this.pendingAuto.get(key);
        if (prev !== undefined) this.ctx.clock.clearTimer(prev);
        const ns = app.metadata.namespace!;
        const name = app.metadata.name;
        this.pendingAuto.set(
          key,
          this.ctx.clock.setTimer(this.ctx.timing.autoSyncDelayMs, () => {
            this.pendingAuto.delete(key);
            this.sync(ns, name, this.head, { automated: true });
          }),
        );
      }
    }
    this.ctx.emit('commit', { revision, changedPaths, outOfSync: touched });
    return touched;
  }

  private startOperation(namespace: string, name: string): void {
    const app = this.app(name, namespace);
    const op = app?.operation;
    if (!app || !op || this.running.has(`${namespace}/${name}`)) return;
    const syncOp = (op.sync as Json | undefined) ?? {};
    this.sync(namespace, name, String(syncOp.revision ?? this.head), { operation: op });
  }

  /** Runs a sync: Running (health Progressing) for `syncDurationMs`, then Synced at `revision`. */
  sync(namespace: string, name: string, revision: string, how: { automated?: boolean; operation?: Json }): void {
    const app = this.app(name, namespace);
    if (!app) return;
    const key = `${namespace}/${name}`;
    if (this.running.has(key)) return;
    const startedAt = iso(this.ctx.clock.now());
    const operation: Json = how.operation ?? {
      initiatedBy: { automated: true },
      retry: { limit: 5 },
      sync: { revision, syncOptions: (app.spec.syncPolicy?.syncOptions as string[] | undefined) ?? [] },
    };
    this.running.set(key, -1);
    this.update(app, (d) => {
      d.operation = operation;
      d.status ??= {};
      d.status.operationState = { operation, phase: 'Running', message: 'one or more tasks are running', startedAt };
      d.status.health = { status: 'Progressing', lastTransitionTime: startedAt };
    });
    this.ctx.emit('sync-started', { name, revision });
    if (this.breaksOnNextSync.delete(name)) this.breakWorkloads(app, revision);
    this.running.set(
      key,
      this.ctx.clock.setTimer(this.ctx.timing.syncDurationMs, () => this.finish(namespace, name, revision, startedAt, operation)),
    );
  }

  private finish(namespace: string, name: string, revision: string, startedAt: string, operation: Json): void {
    this.running.delete(`${namespace}/${name}`);
    const app = this.app(name, namespace);
    if (!app) return;
    const now = iso(this.ctx.clock.now());
    const source = app.spec.source ?? {};
    const id = (this.historyId.get(name) ?? (app.status?.history as Json[] | undefined)?.length ?? 0) + 1;
    this.historyId.set(name, id);
    const health = this.computeHealth(app);
    this.update(app, (d) => {
      delete d.operation;
      d.status ??= {};
      d.status.sync = { status: 'Synced', revision, comparedTo: { source, destination: d.spec.destination } };
      d.status.operationState = {
        operation,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt,
        finishedAt: now,
        syncResult: { revision, source, resources: [] },
      };
      const history = ((d.status.history as Json[] | undefined) ?? []).slice(-9);
      history.push({ id, revision, deployStartedAt: startedAt, deployedAt: now, source, initiatedBy: operation.initiatedBy ?? { automated: true } });
      d.status.history = history;
      d.status.health = { status: health, lastTransitionTime: now };
      d.status.reconciledAt = now;
    });
    this.ctx.emit('sync-finished', { name, revision, health });
  }

  /** "Breaks on next sync": the app's workloads roll to pods that crash-loop, so the app ends Degraded. */
  private breakWorkloads(app: AppJson, revision: string): void {
    const ns = app.spec.destination?.namespace;
    if (!ns) {
      this.healthOverride.set(app.metadata.name, 'Degraded');
      return;
    }
    let any = false;
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      const t = this.ctx.type(kind, 'apps');
      for (const { obj } of this.ctx.store.list(t, ns)) {
        if (obj.metadata.labels?.[INSTANCE_LABEL] !== app.metadata.name) continue;
        any = true;
        this.crashWorkloads.add(`${kind}/${ns}/${obj.metadata.name}`);
        this.ctx.store.mutate(t, ns, obj.metadata.name, (d) => {
          const w = d as Workload;
          w.spec.template.metadata ??= {};
          w.spec.template.metadata.annotations = { ...(w.spec.template.metadata.annotations ?? {}), 'homelab.sim/revision': revision };
        });
      }
    }
    if (!any) this.healthOverride.set(app.metadata.name, 'Degraded');
  }

  dispose(): void {
    for (const t of this.pendingAuto.values()) this.ctx.clock.clearTimer(t);
    for (const t of this.running.values()) if (t >= 0) this.ctx.clock.clearTimer(t);
  }
}

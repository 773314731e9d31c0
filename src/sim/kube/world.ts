import { EventEmitter } from 'node:events';
import type { Clock } from './clock.js';
import { ArgoController, INSTANCE_LABEL, REFRESH_ANNOTATION } from './controllers/argocd.js';
import { CertManagerController } from './controllers/cert-manager.js';
import type { SimEvents, Timing, WorldContext } from './controllers/context.js';
import { makeEventRecorder } from './controllers/events.js';
import type { LogBook } from './controllers/logs.js';
import { Metrics } from './controllers/metrics.js';
import { isActive, iso } from './controllers/pod-state.js';
import { PodLifecycle } from './controllers/pods.js';
import { WorkloadControllers } from './controllers/workloads.js';
import { invalid } from './errors.js';
import type { DeleteOptions, LogLine } from './http/backend.js';
import type { ResourceRegistry, ResourceType } from './resources.js';
import type { ObjectStore } from './store.js';
import type { KubeObject, Pod, Workload } from './types.js';

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The simulated cluster's behaviour: controllers that react to writes and time, crash flags, the GitOps
 * hooks (repoCommit, breaks-on-next-sync) and the events the demo wires to the other simulators.
 */
export class World {
  readonly events = new EventEmitter();
  readonly logs: LogBook;
  readonly pods: PodLifecycle;
  readonly workloads: WorkloadControllers;
  readonly argo: ArgoController;
  readonly metrics: Metrics;
  readonly certManager: CertManagerController;
  /** `Kind/namespace/name` of workloads whose new pods crash-loop. */
  readonly crashWorkloads = new Set<string>();
  private readonly ctx: WorldContext;
  private readonly unsubscribe: () => void;

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: Clock,
    readonly timing: Timing,
    logs: LogBook,
    headRevision: string,
  ) {
    this.logs = logs;
    const recordEvent = makeEventRecorder(store, registry, clock);
    this.ctx = {
      store,
      registry,
      clock,
      timing,
      logs,
      emit: (event, payload) => {
        this.events.emit(event, payload);
      },
      type: (kind, group = '') => registry.builtin(kind, group),
      recordEvent,
    };
    this.pods = new PodLifecycle(this.ctx, (pod) => this.shouldCrash(pod));
    this.workloads = new WorkloadControllers(this.ctx, this.pods);
    this.argo = new ArgoController(this.ctx, this.pods, this.crashWorkloads, headRevision);
    this.metrics = new Metrics(store, registry, () => clock.now());
    this.certManager = new CertManagerController(this.ctx);
    this.unsubscribe = store.subscribe((ev) => {
      if (ev.resource.kind === 'CustomResourceDefinition') {
        store.defer('registry', () => registry.setCustom(store.list(registry.builtin('CustomResourceDefinition', 'apiextensions.k8s.io')).map((e) => e.obj)));
      }
      this.pods.onEvent(ev);
      this.workloads.onEvent(ev);
      this.argo.onEvent(ev);
      this.certManager.onEvent(ev);
    });
  }

  on<K extends keyof SimEvents>(event: K, fn: (payload: SimEvents[K]) => void): () => void {
    this.events.on(event, fn);
    return () => this.events.off(event, fn);
  }

  /** Starts the controllers on a freshly seeded store: statuses filled, seeded crash loops cycling. */
  start(crashLooping: Pod[]): void {
    this.workloads.reconcileAll();
    for (const p of crashLooping) {
      const cur = this.store.get(this.registry.builtin('Pod'), p.metadata.namespace, p.metadata.name) as Pod | undefined;
      if (cur) this.pods.markCrashLooping(cur);
    }
    this.argo.refreshAllHealth();
  }

  /** The top workload of a pod (Deployment for ReplicaSet pods) as `Kind/namespace/name`. */
  workloadOf(pod: KubeObject): string | null {
    let ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) return null;
    if (ref.kind === 'ReplicaSet') {
      const rs = this.store.get(this.registry.builtin('ReplicaSet', 'apps'), pod.metadata.namespace, ref.name);
      const up = rs?.metadata.ownerReferences?.find((r) => r.controller);
      if (up) ref = up;
    }
    return `${ref.kind}/${pod.metadata.namespace}/${ref.name}`;
  }

  private shouldCrash(pod: Pod): boolean {
    const w = this.workloadOf(pod);
    return w !== null && this.crashWorkloads.has(w);
  }

  /** Makes a workload's pods crash-loop, now and after restarts, until `healWorkload`. */
  crashWorkload(kind: string, namespace: string, name: string): void {
    this.crashWorkloads.add(`${kind}/${namespace}/${name}`);
    for (const { obj } of this.store.list(this.registry.builtin('Pod'), namespace)) {
      if (this.workloadOf(obj) === `${kind}/${namespace}/${name}` && isActive(obj as Pod)) this.pods.markCrashLooping(obj as Pod);
    }
  }

  healWorkload(kind: string, namespace: string, name: string): void {
    this.crashWorkloads.delete(`${kind}/${namespace}/${name}`);
    for (const { obj } of this.store.list(this.registry.builtin('Pod'), namespace)) {
      if (this.workloadOf(obj) === `${kind}/${namespace}/${name}`) this.pods.heal(obj as Pod);
    }
  }

  /** Marks one pod crash-looping (it heals when the pod is replaced). */
  crashPod(namespace: string, name: string): boolean {
    const pod = this.store.get(this.registry.builtin('Pod'), namespace, name) as Pod | undefined;
    if (!pod) return false;
    this.pods.markCrashLooping(pod);
    return true;
  }

  repoCommit(revision: string, changedPaths: string[]): string[] {
    return this.argo.repoCommit(revision, changedPaths);
  }

  setBreaksOnNextSync(app: string, breaks = true): void {
    if (breaks) this.argo.breaksOnNextSync.add(app);
    else this.argo.breaksOnNextSync.delete(app);
  }

  /** Forces an Application's health (e.g. Degraded while Ceph is HEALTH_ERR); null returns to pod-derived health. */
  setAppHealth(app: string, health: string | null): void {
    if (health) this.argo.healthOverride.set(app, health);
    else this.argo.healthOverride.delete(app);
    this.argo.updateHealth(app);
  }

  setNodeReady(name: string, ready: boolean): void {
    const t = this.registry.builtin('Node');
    this.store.mutate(t, undefined, name, (n) => {
      const conds = ((n.status as { conditions: Array<Record<string, string>> }).conditions ??= []);
      const c = conds.find((x) => x.type === 'Ready');
      const now = iso(this.clock.now());
      if (c && (c.status === 'True') !== ready) {
        c.status = ready ? 'True' : 'Unknown';
        c.reason = ready ? 'KubeletReady' : 'NodeStatusUnknown';
        c.message = ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.';
        c.lastTransitionTime = now;
      }
    });
  }

  setNodeLoad(name: string, load: { cpuPercent: number; memoryPercent: number } | null): void {
    if (load) this.metrics.load.set(name, load);
    else this.metrics.load.delete(name);
  }

  deleteObject(t: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions): KubeObject {
    const cur = this.store.get(t, namespace, name)!;
    if (opts.dryRun) return cur;
    if (t.kind === 'Pod' && t.group === '') return this.pods.requestDelete(cur as Pod, opts.gracePeriodSeconds) ?? cur;
    if (opts.propagationPolicy === 'Orphan') return this.store.remove(t, namespace, name) ?? cur;
    if (t.kind === 'Namespace' && t.group === '') {
      for (const rt of this.registry.all()) {
        if (!rt.namespaced || rt.virtual) continue;
        for (const { obj } of this.store.list(rt, name)) this.store.remove(rt, name, obj.metadata.name);
      }
    }
    if (t.kind === 'CustomResourceDefinition') {
      const spec = cur.spec as { group: string; names: { plural: string }; versions: Array<{ name: string; storage?: boolean }> };
      const served = this.registry.find(`${spec.group}/${spec.versions.find((v) => v.storage)?.name ?? spec.versions[0]?.name}`, spec.names.plural);
      if (served) for (const { obj } of this.store.list(served)) this.store.remove(served, obj.metadata.namespace, obj.metadata.name);
    }
    const gone = this.store.remove(t, namespace, name) ?? cur;
    this.collectDependents(cur.metadata.uid);
    return gone;
  }

  /** Background garbage collection of everything an object owned. */
  private collectDependents(uid: string): void {
    for (const d of this.store.dependents(uid)) {
      if (d.t.kind === 'Pod') this.pods.requestDelete(d.obj as Pod, undefined);
      else {
        this.store.remove(d.t, d.obj.metadata.namespace, d.obj.metadata.name);
        this.collectDependents(d.obj.metadata.uid);
      }
    }
  }

  validate(t: ResourceType, next: KubeObject, old: KubeObject | undefined): void {
    const name = next.metadata?.name ?? '';
    if (!old && name && (!DNS_1123.test(name) || name.length > 253)) {
      throw invalid(
        t.kind,
        t.group,
        name,
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      );
    }
    if (t.group === 'apps' && (t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'ReplicaSet')) {
      const r = (next as Workload).spec?.replicas;
      if (r !== undefined && (typeof r !== 'number' || !Number.isInteger(r) || r < 0)) {
        throw invalid(t.kind, t.group, name, 'spec.replicas', r, 'must be greater than or equal to 0');
      }
    }
    if (t.kind === 'Application' && t.group === 'argoproj.io') {
      const op = (next as { operation?: { sync?: unknown } }).operation;
      if (op !== undefined && (op === null || typeof op !== 'object')) throw invalid('Application', 'argoproj.io', name, 'operation', op, 'must be an object');
    }
  }

  virtualList(t: ResourceType, namespace?: string): KubeObject[] {
    return t.kind === 'NodeMetrics' ? this.metrics.nodes() : this.metrics.pods(namespace);
  }

  podLog(pod: Pod, container: string, previous: boolean): LogLine[] | null {
    // While a container waits in CrashLoopBackOff, kubelet serves the log of the instance that just died.
    const waiting = pod.status.containerStatuses?.find((c) => c.name === container)?.state.waiting?.reason === 'CrashLoopBackOff';
    if (!previous && waiting) return this.logs.read(pod.metadata.uid, container, true) ?? [];
    return this.logs.read(pod.metadata.uid, container, previous);
  }

  dispose(): void {
    this.unsubscribe();
    this.pods.dispose();
    this.argo.dispose();
  }
}

export { INSTANCE_LABEL, REFRESH_ANNOTATION };

import { randomSuffix, type StoreEvent } from '../store.js';
import type { Condition, Json, KubeObject, OwnerReference, Pod, Workload } from '../types.js';
import type { WorldContext } from './context.js';
import { isActive, isPodReady, iso, newPod, templateHash } from './pod-state.js';
import type { PodLifecycle } from './pods.js';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

function ownerRef(o: KubeObject): OwnerReference {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function controllerOf(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Node choice and pod IPs: spreads pods over Ready, schedulable nodes that match the pod's nodeSelector. */
export class Scheduler {
  private rr = 0;
  private readonly ipNext = new Map<string, number>();

  constructor(private readonly ctx: WorldContext) {}

  nodes(): KubeObject[] {
    return this.ctx.store.list(this.ctx.type('Node')).map((e) => e.obj);
  }

  nodeIP(node: KubeObject): string {
    const addrs = ((node.status as Json)?.addresses as Array<{ type: string; address: string }>) ?? [];
    return addrs.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
  }

  podIP(node: KubeObject, hostNetwork: boolean): string {
    if (hostNetwork) return this.nodeIP(node);
    const cidr = String((node.spec as Json)?.podCIDR ?? '10.42.0.0/24');
    const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
    const n = (this.ipNext.get(node.metadata.name) ?? 10) + 1;
    this.ipNext.set(node.metadata.name, n > 250 ? 11 : n);
    return `${base}.${n}`;
  }

  fits(node: KubeObject, selector: Record<string, string> | undefined): boolean {
    const labels = node.metadata.labels ?? {};
    return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
  }

  pick(spec: Pod['spec']): KubeObject | undefined {
    const all = this.nodes();
    if (spec.nodeName) return all.find((n) => n.metadata.name === spec.nodeName);
    const ok = all.filter((n) => {
      const st = n.status as Json;
      const ready = ((st?.conditions as Condition[]) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      return ready && !(n.spec as Json)?.unschedulable && this.fits(n, spec.nodeSelector);
    });
    if (ok.length === 0) return undefined;
    return ok[this.rr++ % ok.length];
  }
}

/**
 * Deployment → ReplicaSet → Pod, StatefulSet and DaemonSet controllers, simplified but with the real status
 * fields `kubectl rollout status` reads. A changed pod template (a rollout restart) rolls the pods.
 */
export class WorkloadControllers {
  readonly scheduler: Scheduler;

  constructor(
    private readonly ctx: WorldContext,
    private readonly pods: PodLifecycle,
  ) {
    this.scheduler = new Scheduler(ctx);
  }

  private t(kind: string) {
    return this.ctx.type(kind, kind === 'Pod' || kind === 'Node' ? '' : 'apps');
  }

  onEvent(ev: StoreEvent): void {
    const { kind, group } = ev.resource;
    const o = ev.entry.obj;
    const key = (k: string, x: KubeObject) => `${k}:${x.metadata.namespace}/${x.metadata.name}`;
    if (group === 'apps') {
      if (ev.type !== 'DELETED') {
        if (ev.type === 'MODIFIED' && ev.old) this.noticeRestart(o as Workload, ev.old as Workload);
        this.enqueue(kind, o);
      }
      const owner = controllerOf(o);
      if (owner && kind === 'ReplicaSet') this.enqueueOwner(owner, o.metadata.namespace);
      void key;
    } else if (group === '' && kind === 'Pod') {
      const owner = controllerOf(o);
      if (owner) this.enqueueOwner(owner, o.metadata.namespace);
    } else if (group === '' && kind === 'Node') {
      for (const e of this.ctx.store.list(this.t('DaemonSet'))) this.enqueue('DaemonSet', e.obj);
    }
  }

  private noticeRestart(next: Workload, old: Workload): void {
    const a = next.spec?.template?.metadata?.annotations?.[RESTARTED_AT];
    const b = old.spec?.template?.metadata?.annotations?.[RESTARTED_AT];
    if (a && a !== b && next.kind !== 'ReplicaSet') {
      this.ctx.emit('rollout-restart', { namespace: next.metadata.namespace!, kind: next.kind, name: next.metadata.name });
    }
  }

  private enqueueOwner(ref: OwnerReference, namespace: string | undefined): void {
    if (!['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(ref.kind)) return;
    const o = this.ctx.store.get(this.t(ref.kind), namespace, ref.name);
    if (o && o.metadata.uid === ref.uid) this.enqueue(ref.kind, o);
  }

  enqueue(kind: string, o: KubeObject): void {
    const ns = o.metadata.namespace!;
    const name = o.metadata.name;
    this.ctx.store.defer(`${kind}:${ns}/${name}`, () => {
      if (kind === 'Deployment') this.reconcileDeployment(ns, name);
      else if (kind === 'ReplicaSet') this.reconcileReplicaSet(ns, name);
      else if (kind === 'StatefulSet') this.reconcileStatefulSet(ns, name);
      else if (kind === 'DaemonSet') this.reconcileDaemonSet(ns, name);
    });
  }

  reconcileAll(): void {
    for (const kind of ['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet']) {
      for (const e of this.ctx.store.list(this.t(kind))) this.enqueue(kind, e.obj);
    }
  }

  private ownedPods(owner: KubeObject): Pod[] {
    return this.ctx.store
      .dependents(owner.metadata.uid)
      .filter((d) => d.t.kind === 'Pod')
      .map((d) => d.obj as Pod);
  }

  private setStatus(kind: string, o: KubeObject, status: Json): void {
    const cur = (o.status as Json | undefined) ?? {};
    const merged = { ...cur, ...status };
    if (same(cur, merged)) return;
    this.ctx.store.mutate(this.t(kind), o.metadata.namespace, o.metadata.name, (d) => {
      d.status = merged;
    });
  }

  private createPod(owner: Workload, name: string, extraLabels: Record<string, string>, nodeName?: string): void {
    const spec = nodeName ? { ...owner.spec.template.spec, nodeName } : owner.spec.template.spec;
    const node = this.scheduler.pick(spec);
    if (!node) return;
    const pod = newPod({
      namespace: owner.metadata.namespace!,
      name,
      template: owner.spec.template,
      labels: extraLabels,
      owner: ownerRef(owner),
      nodeName: node.metadata.name,
      hostIP: this.scheduler.nodeIP(node),
      podIP: this.scheduler.podIP(node, owner.spec.template.spec.hostNetwork === true),
      createdAt: this.ctx.clock.now(),
    });
    this.ctx.store.create(this.t('Pod'), pod);
  }

  reconcileReplicaSet(ns: string, name: string): void {
    const rs = this.ctx.store.get(this.t('ReplicaSet'), ns, name) as Workload | undefined;
    if (!rs || rs.metadata.deletionTimestamp) return;
    const desired = rs.spec.replicas ?? 1;
    const pods = this.ownedPods(rs);
    let active = pods.filter(isActive);
    if (active.length < desired) {
      for (let i = active.length; i < desired; i++) this.createPod(rs, `${name}-${randomSuffix()}`, {});
      active = this.ownedPods(rs).filter(isActive);
    } else if (active.length > desired) {
      const victims = [...active].sort(
        (a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp),
      );
      for (const p of victims.slice(0, active.length - desired)) this.pods.requestDelete(p, undefined);
      active = this.ownedPods(rs).filter(isActive);
    }
    const ready = active.filter(isPodReady).length;
    this.setStatus('ReplicaSet', rs, {
      replicas: active.length,
      fullyLabeledReplicas: active.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    });
  }

  reconcileDeployment(ns: string, name: string): void {
    const dep = this.ctx.store.get(this.t('Deployment'), ns, name) as Workload | undefined;
    if (!dep || dep.metadata.deletionTimestamp) return;
    const desired = dep.spec.replicas ?? 1;
    const hash = templateHash(dep.spec.template);
    const rss = this.ctx.store
      .dependents(dep.metadata.uid)
      .filter((d) => d.t.kind === 'ReplicaSet')
      .map((d) => d.obj as Workload);
    let current = rss.find((r) => r.metadata.labels?.['pod-template-hash'] === hash);
    const revisions = rss.map((r) => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
    if (!current) {
      const labels = { ...(dep.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const template = structuredClone(dep.spec.template);
      template.metadata = { ...(template.metadata ?? {}), labels };
      current = this.ctx.store.create(this.t('ReplicaSet'), {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels,
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + Math.ceil(desired * 0.25)),
            'deployment.kubernetes.io/revision': String(Math.max(0, ...revisions) + 1),
          },
          ownerReferences: [ownerRef(dep)],
        },
        spec: {
          replicas: desired,
          selector: { matchLabels: { ...(dep.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash } },
          template,
        },
        status: { replicas: 0, observedGeneration: 1 },
      }) as Workload;
    } else if ((current.spec.replicas ?? 1) !== desired) {
      current = this.ctx.store.mutate(this.t('ReplicaSet'), ns, current.metadata.name, (d) => {
        (d as Workload).spec.replicas = desired;
        d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(desired) };
      }) as Workload;
    }
    const olds = rss.filter((r) => r.metadata.uid !== current!.metadata.uid);
    const newReady = Number((current.status as Json | undefined)?.readyReplicas ?? 0);
    if (newReady >= desired) {
      for (const old of olds) {
        if ((old.spec.replicas ?? 1) !== 0) {
          this.ctx.store.mutate(this.t('ReplicaSet'), ns, old.metadata.name, (d) => {
            (d as Workload).spec.replicas = 0;
          });
        }
      }
    }
    const stat = (r: Workload, f: string) => Number((r.status as Json | undefined)?.[f] ?? 0);
    const all = [current, ...olds].map((r) => (this.ctx.store.get(this.t('ReplicaSet'), ns, r.metadata.name) as Workload | undefined) ?? r);
    const updated = stat(all[0]!, 'replicas');
    const replicas = all.reduce((n, r) => n + stat(r, 'replicas'), 0);
    const ready = all.reduce((n, r) => n + stat(r, 'readyReplicas'), 0);
    const available = all.reduce((n, r) => n + stat(r, 'availableReplicas'), 0);
    const complete = updated === desired && replicas === desired && available >= desired;
    const prevConds = ((dep.status as Json | undefined)?.conditions as Condition[] | undefined) ?? [];
    const now = iso(this.ctx.clock.now());
    const mk = (type: string, status: boolean, reason: string, message: string): Condition => {
      const old = prevConds.find((c) => c.type === type);
      const unchanged = old && old.status === (status ? 'True' : 'False') && old.reason === reason;
      return {
        type,
        status: status ? 'True' : 'False',
        lastUpdateTime: unchanged ? old.lastUpdateTime : now,
        lastTransitionTime: old && old.status === (status ? 'True' : 'False') ? old.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const rsName = current.metadata.name;
    this.setStatus('Deployment', dep, {
      observedGeneration: dep.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available) || undefined,
      conditions: [
        available >= desired
          ? mk('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : mk('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        complete
          ? mk('Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
          : mk('Progressing', true, 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    });
  }

  reconcileStatefulSet(ns: string, name: string): void {
    const sts = this.ctx.store.get(this.t('StatefulSet'), ns, name) as Workload | undefined;
    if (!sts || sts.metadata.deletionTimestamp) return;
    const desired = sts.spec.replicas ?? 1;
    const updateRevision = `${name}-${templateHash(sts.spec.template)}`;
    const byName = new Map(this.ownedPods(sts).map((p) => [p.metadata.name, p]));
    for (let i = 0; i < desired; i++) {
      const pn = `${name}-${i}`;
      if (!byName.has(pn) && !this.ctx.store.get(this.t('Pod'), ns, pn)) {
        this.createPod(sts, pn, {
          'controller-revision-hash': updateRevision,
          'statefulset.kubernetes.io/pod-name': pn,
          'apps.kubernetes.io/pod-index': String(i),
        });
      }
    }
    const pods = this.ownedPods(sts);
    const active = pods.filter(isActive);
    const ordinal = (p: Pod) => Number(p.metadata.name.slice(name.length + 1));
    for (const p of active
      .filter((x) => ordinal(x) >= desired)
      .sort((a, b) => ordinal(b) - ordinal(a))
      .slice(0, 1))
      this.pods.requestDelete(p, undefined);
    const inRange = active.filter((p) => ordinal(p) < desired);
    const allReady = inRange.length === desired && inRange.every(isPodReady);
    if (allReady) {
      const stale = inRange.filter((p) => p.metadata.labels?.['controller-revision-hash'] !== updateRevision).sort((a, b) => ordinal(b) - ordinal(a))[0];
      if (stale) this.pods.requestDelete(stale, undefined);
    }
    const fresh = this.ownedPods(sts).filter(isActive);
    const updated = fresh.filter((p) => p.metadata.labels?.['controller-revision-hash'] === updateRevision).length;
    const ready = fresh.filter(isPodReady).length;
    const prev = (sts.status as Json | undefined) ?? {};
    const currentRevision = updated === desired && ready === desired ? updateRevision : String(prev.currentRevision ?? updateRevision);
    this.setStatus('StatefulSet', sts, {
      observedGeneration: sts.metadata.generation,
      replicas: fresh.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: fresh.filter((p) => p.metadata.labels?.['controller-revision-hash'] === currentRevision).length,
      updatedReplicas: updated,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    });
  }

  reconcileDaemonSet(ns: string, name: string): void {
    const ds = this.ctx.store.get(this.t('DaemonSet'), ns, name) as Workload | undefined;
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = templateHash(ds.spec.template);
    const nodes = this.scheduler.nodes().filter((n) => this.scheduler.fits(n, ds.spec.template.spec.nodeSelector));
    const pods = this.ownedPods(ds);
    const labels = { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
    for (const node of nodes) {
      const onNode = pods.filter((p) => p.spec.nodeName === node.metadata.name);
      if (onNode.length === 0) this.createPod(ds, `${name}-${randomSuffix()}`, labels, node.metadata.name);
    }
    const maxUnavailable = Number((ds.spec.updateStrategy?.rollingUpdate as Json | undefined)?.maxUnavailable ?? 1) || 1;
    let current = this.ownedPods(ds);
    const unavailable = nodes.filter((n) => !current.some((p) => p.spec.nodeName === n.metadata.name && isActive(p) && isPodReady(p))).length;
    const stale = current.filter((p) => isActive(p) && p.metadata.labels?.['controller-revision-hash'] !== hash);
    for (const p of stale.slice(0, Math.max(0, maxUnavailable - unavailable))) this.pods.requestDelete(p, undefined);
    current = this.ownedPods(ds).filter(isActive);
    const onNodes = current.filter((p) => nodes.some((n) => n.metadata.name === p.spec.nodeName));
    const ready = onNodes.filter(isPodReady).length;
    this.setStatus('DaemonSet', ds, {
      observedGeneration: ds.metadata.generation,
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: new Set(onNodes.map((p) => p.spec.nodeName)).size,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: onNodes.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
      numberMisscheduled: 0,
      numberUnavailable: Math.max(0, nodes.length - ready) || undefined,
    });
  }
}

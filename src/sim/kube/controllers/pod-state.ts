import { createHash } from 'node:crypto';
import type { Condition, ContainerStatus, NewObject, OwnerReference, Pod, PodTemplate } from '../types.js';

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

const hex = (s: string, n = 64): string => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += createHash('sha256').update(`${s}:${i}`).digest('hex');
  return out.slice(0, n);
};

export function imageId(image: string): string {
  const repo = image.split(':')[0]!;
  const full = repo.includes('/') ? repo : `docker.io/library/${repo}`;
  return `${full}@sha256:${hex(image)}`;
}

function cond(type: string, status: boolean, at: string, reason?: string, message?: string): Condition {
  const c: Condition = { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: at };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function podConditions(pod: Pod, at: string, ready: boolean, started: boolean, completed = false): Condition[] {
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const notReady = completed ? 'PodCompleted' : 'ContainersNotReady';
  const msg = completed ? undefined : `containers with unready status: [${names}]`;
  return [
    cond('PodReadyToStartContainers', started, at),
    cond('Initialized', true, at, completed ? 'PodCompleted' : undefined),
    ready ? cond('Ready', true, at) : cond('Ready', false, at, notReady, msg),
    ready ? cond('ContainersReady', true, at) : cond('ContainersReady', false, at, notReady, msg),
    cond('PodScheduled', true, at),
  ];
}

function keepTransition(prev: Condition[] | undefined, next: Condition[]): Condition[] {
  return next.map((c) => {
    const old = prev?.find((p) => p.type === c.type);
    return old && old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
}

function baseStatus(c: { name: string; image: string }, podKey: string, restartCount: number): ContainerStatus {
  return {
    name: c.name,
    image: c.image,
    imageID: '',
    ready: false,
    started: false,
    restartCount,
    state: {},
    lastState: {},
  };
  void podKey;
}

export interface PodBuild {
  namespace: string;
  name: string;
  template: PodTemplate;
  labels?: Record<string, string>;
  owner?: OwnerReference;
  nodeName: string;
  hostIP: string;
  podIP: string;
  createdAt: number;
}

/** A freshly scheduled pod: Pending with its containers ContainerCreating. */
export function newPod(b: PodBuild): NewObject {
  const spec = structuredClone(b.template.spec);
  spec.nodeName = b.nodeName;
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.tolerations ??= [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
  ];
  const at = iso(b.createdAt);
  const labels = { ...(b.template.metadata?.labels ?? {}), ...(b.labels ?? {}) };
  const metadata: NewObject['metadata'] = { name: b.name, namespace: b.namespace, labels, creationTimestamp: at };
  if (b.template.metadata?.annotations) metadata.annotations = { ...b.template.metadata.annotations };
  if (b.owner) {
    metadata.ownerReferences = [b.owner];
    if (!b.name.match(/-\d+$/) || b.owner.kind !== 'StatefulSet') metadata.generateName = b.name.replace(/[^-]+$/, '');
  }
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: { phase: 'Pending' } } as unknown as Pod;
  pod.status = {
    phase: 'Pending',
    conditions: podConditions(pod, at, false, false),
    hostIP: b.hostIP,
    hostIPs: [{ ip: b.hostIP }],
    podIP: b.podIP,
    podIPs: [{ ip: b.podIP }],
    startTime: at,
    qosClass: spec.containers.some((c) => c.resources) ? 'Burstable' : 'BestEffort',
    containerStatuses: spec.containers.map((c) => ({
      ...baseStatus(c, b.name, 0),
      state: { waiting: { reason: 'ContainerCreating' } },
    })),
  };
  return pod as unknown as NewObject;
}

function containerId(pod: Pod, name: string, restart: number): string {
  return `containerd://${hex(`${pod.metadata.uid ?? pod.metadata.name}/${name}/${restart}`)}`;
}

/** Containers running; ready unless the pod is crash-looping (then running but not yet ready). */
export function setRunning(pod: Pod, now: number, ready = true): void {
  const at = iso(now);
  pod.status.phase = 'Running';
  pod.status.containerStatuses = pod.spec.containers.map((c) => {
    const prev = pod.status.containerStatuses?.find((s) => s.name === c.name);
    const restarts = prev?.restartCount ?? 0;
    return {
      ...baseStatus(c, pod.metadata.name, restarts),
      imageID: imageId(c.image),
      containerID: containerId(pod, c.name, restarts),
      ready,
      started: true,
      state: { running: { startedAt: at } },
      lastState: prev?.lastState ?? {},
    };
  });
  pod.status.conditions = keepTransition(pod.status.conditions, podConditions(pod, at, ready, true));
}

/** The first container exited with an error and waits in CrashLoopBackOff. */
export function setCrashed(pod: Pod, now: number, backoffMs: number, startedAt?: number): void {
  const at = iso(now);
  const statuses = pod.status.containerStatuses ?? [];
  pod.status.containerStatuses = pod.spec.containers.map((c, i) => {
    const prev = statuses.find((s) => s.name === c.name);
    if (i !== 0 && prev) return prev;
    const restarts = (prev?.restartCount ?? 0) + 1;
    const started = prev?.state.running?.startedAt ?? (startedAt ? iso(startedAt) : at);
    return {
      ...baseStatus(c, pod.metadata.name, restarts),
      imageID: imageId(c.image),
      containerID: containerId(pod, c.name, restarts),
      ready: false,
      started: false,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${backoffText(backoffMs)} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        },
      },
      lastState: {
        terminated: { exitCode: 1, reason: 'Error', startedAt: started, finishedAt: at, containerID: containerId(pod, c.name, restarts - 1) } as never,
      },
    };
  });
  pod.status.phase = 'Running';
  pod.status.conditions = keepTransition(pod.status.conditions, podConditions(pod, at, false, true));
}

/** A run-to-completion pod (a Job's) that finished. */
export function setCompleted(pod: Pod, startedAt: number, finishedAt: number): void {
  const at = iso(finishedAt);
  pod.status.phase = 'Succeeded';
  pod.status.containerStatuses = pod.spec.containers.map((c) => ({
    ...baseStatus(c, pod.metadata.name, 0),
    imageID: imageId(c.image),
    containerID: containerId(pod, c.name, 0),
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(startedAt), finishedAt: at } },
  }));
  pod.status.conditions = podConditions(pod, at, false, false, true);
}

export function backoffText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

export function isPodReady(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

export function isActive(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash like the controllers compute: FNV-1a of the template, safe-encoded. */
export function templateHash(template: unknown, collision = 0): string {
  const text = JSON.stringify(template) + (collision ? String(collision) : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h)
    .split('')
    .map((d) => SAFE[Number(d.charCodeAt(0)) % SAFE.length])
    .join('');
}

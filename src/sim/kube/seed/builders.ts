import type { ResourceRegistry, ResourceType } from '../resources.js';
import { randomSuffix, type ObjectStore } from '../store.js';
import type { Container, Json, KubeObject, NewObject, OwnerReference, Pod, PodTemplate, Workload } from '../types.js';
import { iso, newPod, setCompleted, setCrashed, setRunning, templateHash } from '../controllers/pod-state.js';
import type { LogBook } from '../controllers/logs.js';
import { crashLines, shutdownLines, startupLines } from '../controllers/logs.js';
import { eventName } from '../controllers/events.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic randomness so a seed always names its pods the same way. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NodeSeed {
  name: string;
  ip: string;
  controlPlane: boolean;
  ageDays: number;
  cpu: number;
  memoryGi: number;
  index: number;
}

export interface PodSeed {
  /** Hours since the pod started (its AGE). */
  ageHours?: number;
  restarts?: number;
  /** Minutes since the last restart ("5 (12m ago)"). */
  lastRestartMinutesAgo?: number;
  crashLooping?: boolean;
  node?: string;
}

export interface WorkloadSeed {
  namespace: string;
  name: string;
  /** The Application that manages it (app.kubernetes.io/instance). */
  instance?: string;
  containers: Array<{ name: string; image: string; env?: Array<{ name: string; value: string }> }>;
  replicas?: number;
  /** Labels that select the pods; default app.kubernetes.io/name=<name>. */
  selector?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  ageDays?: number;
  pods?: PodSeed[];
  /** Deployment revision (how many rollouts so far). */
  revision?: number;
}

/** Writes a consistent world straight into the store (controllers start afterwards and only fill statuses). */
export class SeedWriter {
  readonly rand: () => number;
  private rr = 0;
  private readonly ipNext = new Map<string, number>();
  readonly nodes: NodeSeed[] = [];
  /** Pods the world should keep crash-looping after start. */
  readonly crashLooping: Pod[] = [];

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly now: number,
    readonly logs: LogBook,
    seed = 42,
  ) {
    this.rand = mulberry32(seed);
  }

  t(kind: string, group = ''): ResourceType {
    return this.registry.builtin(kind, group);
  }

  ago(ms: number): string {
    return iso(this.now - ms);
  }

  namespace(name: string, ageDays: number, labels: Record<string, string> = {}): void {
    this.store.create(this.t('Namespace'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, creationTimestamp: this.ago(ageDays * DAY), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  node(n: NodeSeed): void {
    this.nodes.push(n);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/instance-type': 'k3s',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'k3s',
    };
    if (n.controlPlane) {
      labels['node-role.kubernetes.io/control-plane'] = 'true';
      labels['node-role.kubernetes.io/etcd'] = 'true';
      labels['node-role.kubernetes.io/master'] = 'true';
    }
    const memKi = n.memoryGi * 1024 * 1024;
    const at = this.ago(2 * HOUR);
    const created = this.ago(n.ageDays * DAY);
    this.store.create(this.t('Node'), {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        creationTimestamp: created,
        labels,
        annotations: {
          'k3s.io/hostname': n.name,
          'k3s.io/internal-ip': n.ip,
          'k3s.io/node-args': n.controlPlane ? '["server","--cluster-init","--disable","servicelb,traefik"]' : '["agent"]',
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: { podCIDR: `10.42.${n.index}.0/24`, podCIDRs: [`10.42.${n.index}.0/24`], providerID: `k3s://${n.name}` },
      status: {
        capacity: { cpu: String(n.cpu), 'ephemeral-storage': '479079112Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: '110' },
        allocatable: {
          cpu: String(n.cpu),
          'ephemeral-storage': '466044435519',
          'hugepages-1Gi': '0',
          'hugepages-2Mi': '0',
          memory: `${memKi - 200 * 1024}Ki`,
          pods: '110',
        },
        conditions: [
          {
            type: 'MemoryPressure',
            status: 'False',
            lastHeartbeatTime: at,
            lastTransitionTime: created,
            reason: 'KubeletHasSufficientMemory',
            message: 'kubelet has sufficient memory available',
          },
          {
            type: 'DiskPressure',
            status: 'False',
            lastHeartbeatTime: at,
            lastTransitionTime: created,
            reason: 'KubeletHasNoDiskPressure',
            message: 'kubelet has no disk pressure',
          },
          {
            type: 'PIDPressure',
            status: 'False',
            lastHeartbeatTime: at,
            lastTransitionTime: created,
            reason: 'KubeletHasSufficientPID',
            message: 'kubelet has sufficient PID available',
          },
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: at,
            lastTransitionTime: this.ago(11 * HOUR),
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: `${n.index.toString(16).padStart(8, '0')}-5b1e-4c1a-9d7e-3f2a8c6e${(n.index * 4097).toString(16).padStart(4, '0')}`,
          containerRuntimeVersion: 'containerd://2.1.5-k3s1.33',
          kernelVersion: '6.12.57+deb13-amd64',
          kubeProxyVersion: 'v1.33.6+k3s1',
          kubeletVersion: 'v1.33.6+k3s1',
          machineID: `${n.name.padEnd(8, '0').slice(0, 8)}${'9c1f3b7a2d4e6f80'.repeat(2)}`.slice(0, 32),
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 13 (trixie)',
          systemUUID: `4c4c4544-00${n.index}4-3510-8052-b${n.index}c04f4d3${n.index}32`,
        },
      },
    });
  }

  private pickNode(preferred?: string, selector?: Record<string, string>): NodeSeed {
    if (preferred) return this.nodes.find((n) => n.name === preferred) ?? this.nodes[0]!;
    const host = selector?.['kubernetes.io/hostname'];
    if (host) return this.nodes.find((n) => n.name === host) ?? this.nodes[0]!;
    const onlyCp = selector?.['node-role.kubernetes.io/control-plane'] === 'true';
    const pool = onlyCp ? this.nodes.filter((n) => n.controlPlane) : this.nodes;
    return pool[this.rr++ % pool.length]!;
  }

  private podIP(n: NodeSeed, hostNetwork: boolean): string {
    if (hostNetwork) return n.ip;
    const next = (this.ipNext.get(n.name) ?? 10) + 1;
    this.ipNext.set(n.name, next > 250 ? 11 : next);
    return `10.42.${n.index}.${next}`;
  }

  template(w: WorkloadSeed): PodTemplate {
    const labels: Record<string, string> = { ...(w.selector ?? { 'app.kubernetes.io/name': w.name }) };
    if (w.instance) labels['app.kubernetes.io/instance'] = w.instance;
    const containers: Container[] = w.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '10m', memory: '64Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ...(c.env ? { env: c.env } : {}),
    }));
    const spec: Pod['spec'] = { containers, restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst' };
    if (w.nodeSelector) spec.nodeSelector = w.nodeSelector;
    if (w.hostNetwork) spec.hostNetwork = true;
    return { metadata: { labels }, spec };
  }

  private workloadMeta(w: WorkloadSeed, extra: Json = {}): NewObject['metadata'] {
    const labels: Record<string, string> = { 'app.kubernetes.io/name': w.name };
    if (w.instance) labels['app.kubernetes.io/instance'] = w.instance;
    return { name: w.name, namespace: w.namespace, labels, creationTimestamp: this.ago((w.ageDays ?? 120) * DAY), ...extra };
  }

  private ownerRef(o: KubeObject): OwnerReference {
    return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
  }

  /** A running (or crash-looping) pod with the given age, restarts and last restart. */
  pod(owner: KubeObject, template: PodTemplate, name: string, extraLabels: Record<string, string>, hostNetwork: boolean, ps: PodSeed = {}): Pod {
    const node = this.pickNode(ps.node ?? template.spec.nodeName, template.spec.nodeSelector);
    const ageMs = (ps.ageHours ?? 10 + Math.floor(this.rand() * 2)) * HOUR + Math.floor(this.rand() * 50) * 60_000;
    const created = this.now - ageMs;
    const input = newPod({
      namespace: owner.metadata.namespace!,
      name,
      template,
      labels: extraLabels,
      owner: this.ownerRef(owner),
      nodeName: node.name,
      hostIP: node.ip,
      podIP: this.podIP(node, hostNetwork),
      createdAt: created,
    });
    const draft = input as unknown as Pod;
    setRunning(draft, created + 4000, true);
    const restarts = ps.restarts ?? 0;
    if (restarts > 0) {
      const last = this.now - (ps.lastRestartMinutesAgo ?? 60 * 10) * 60_000;
      for (const c of draft.status.containerStatuses ?? []) {
        c.restartCount = restarts;
        c.lastState = {
          terminated: {
            exitCode: ps.crashLooping ? 1 : 255,
            reason: ps.crashLooping ? 'Error' : 'Unknown',
            startedAt: iso(last - 3_600_000),
            finishedAt: iso(last),
          },
        };
        c.state = { running: { startedAt: iso(last + 2000) } };
      }
    }
    if (ps.crashLooping) {
      const c0 = draft.status.containerStatuses![0]!;
      c0.restartCount = restarts - 1;
      c0.state = {};
      setCrashed(draft, this.now - (ps.lastRestartMinutesAgo ?? 1) * 60_000, 300_000, this.now - (ps.lastRestartMinutesAgo ?? 1) * 60_000 - 9000);
    }
    const pod = this.store.create(this.t('Pod'), input) as Pod;
    const uid = pod.metadata.uid;
    for (const [i, c] of pod.spec.containers.entries()) {
      // A restarted container still has its previous instance's log on the node (kubectl logs --previous).
      if (restarts > 0 && !(ps.crashLooping && i === 0)) {
        const last = this.now - (ps.lastRestartMinutesAgo ?? 60 * 10) * 60_000;
        for (const line of startupLines(pod, c.name, c.image)) this.logs.append(uid, c.name, last - 3_600_000, line);
        for (const line of shutdownLines(c.name)) this.logs.append(uid, c.name, last, line);
        this.logs.rotate(uid, c.name);
      }
      const startedAt = restarts > 0 ? this.now - (ps.lastRestartMinutesAgo ?? 60 * 10) * 60_000 + 3000 : created + 5000;
      for (const line of startupLines(pod, c.name, c.image)) this.logs.append(uid, c.name, startedAt, line);
    }
    if (ps.crashLooping) {
      const c0 = pod.spec.containers[0]!;
      for (const line of crashLines(c0.name, c0.image)) this.logs.append(pod.metadata.uid, c0.name, this.now - 60_000, line);
      this.logs.rotate(pod.metadata.uid, c0.name);
      this.crashLooping.push(pod);
      this.backOffEvent(pod, restarts);
    }
    return pod;
  }

  /** The kubelet's aggregated BackOff warning a crash-looping pod has collected. */
  private backOffEvent(pod: Pod, restarts: number): void {
    const c0 = pod.spec.containers[0]!.name;
    this.store.create(this.t('Event'), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(pod, 'BackOff'), namespace: pod.metadata.namespace, creationTimestamp: this.ago(restarts * 4 * 60_000) },
      involvedObject: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        fieldPath: `spec.containers{${c0}}`,
      },
      reason: 'BackOff',
      message: `Back-off restarting failed container ${c0} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      source: { component: 'kubelet', host: pod.spec.nodeName },
      firstTimestamp: this.ago(restarts * 4 * 60_000),
      lastTimestamp: this.ago(60_000),
      count: restarts * 5 + 3,
      type: 'Warning',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: pod.spec.nodeName,
    });
  }

  deployment(w: WorkloadSeed): Workload {
    const template = this.template(w);
    const replicas = w.replicas ?? 1;
    const selector = { matchLabels: { ...(w.selector ?? { 'app.kubernetes.io/name': w.name }) } };
    if (w.instance && !w.selector) selector.matchLabels['app.kubernetes.io/instance'] = w.instance;
    const dep = this.store.create(this.t('Deployment', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this.workloadMeta(w, { annotations: { 'deployment.kubernetes.io/revision': String(w.revision ?? 1) } }),
      spec: {
        replicas,
        selector,
        template,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {},
    }) as Workload;
    const hash = templateHash(template);
    const rsLabels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    const rsTemplate = structuredClone(template);
    rsTemplate.metadata = { labels: rsLabels };
    const rs = this.store.create(this.t('ReplicaSet', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${w.name}-${hash}`,
        namespace: w.namespace,
        labels: rsLabels,
        creationTimestamp: this.ago(((w.pods?.[0]?.ageHours ?? 11) + 0.1) * HOUR),
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          'deployment.kubernetes.io/revision': String(w.revision ?? 1),
        },
        ownerReferences: [this.ownerRef(dep)],
      },
      spec: { replicas, selector: { matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } }, template: rsTemplate },
      status: {},
    });
    for (let i = 0; i < replicas; i++) this.pod(rs, rsTemplate, `${rs.metadata.name}-${randomSuffix(5, this.rand)}`, {}, !!w.hostNetwork, w.pods?.[i]);
    return dep;
  }

  statefulSet(w: WorkloadSeed): Workload {
    const template = this.template(w);
    const replicas = w.replicas ?? 1;
    const sts = this.store.create(this.t('StatefulSet', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: this.workloadMeta(w),
      spec: {
        replicas,
        selector: { matchLabels: { ...(template.metadata?.labels ?? {}) } },
        serviceName: w.name,
        template,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
      status: {},
    }) as Workload;
    const rev = `${w.name}-${templateHash(template)}`;
    for (let i = 0; i < replicas; i++) {
      const name = `${w.name}-${i}`;
      this.pod(
        sts,
        template,
        name,
        { 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
        false,
        w.pods?.[i],
      );
    }
    return sts;
  }

  daemonSet(w: WorkloadSeed): Workload {
    const template = this.template(w);
    const ds = this.store.create(this.t('DaemonSet', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { ...this.workloadMeta(w), annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: {
        selector: { matchLabels: { ...(template.metadata?.labels ?? {}) } },
        template,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        revisionHistoryLimit: 10,
      },
      status: {},
    }) as Workload;
    const hash = templateHash(template);
    const targets = this.nodes.filter((n) => {
      const labels = this.store.get(this.t('Node'), undefined, n.name)?.metadata.labels ?? {};
      return Object.entries(w.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
    });
    targets.forEach((n, i) => {
      const ps = { ...(w.pods?.[i] ?? w.pods?.[0] ?? {}), node: n.name };
      this.pod(
        ds,
        template,
        `${w.name}-${randomSuffix(5, this.rand)}`,
        { 'controller-revision-hash': hash, 'pod-template-generation': '1' },
        !!w.hostNetwork,
        ps,
      );
    });
    return ds;
  }

  /** A finished Job and its Completed pod (osd-prepare, renovate runs). */
  completedJob(namespace: string, name: string, image: string, ageHours: number, node?: string): void {
    const job = this.store.create(this.t('Job', 'batch'), {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace, creationTimestamp: this.ago(ageHours * HOUR), labels: { 'job-name': name } },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, template: { spec: { containers: [{ name: 'main', image }], restartPolicy: 'Never' } } },
      status: {
        succeeded: 1,
        startTime: this.ago(ageHours * HOUR),
        completionTime: this.ago(ageHours * HOUR - 40_000),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    });
    const n = this.pickNode(node);
    const template: PodTemplate = {
      metadata: { labels: { 'job-name': name, 'batch.kubernetes.io/job-name': name } },
      spec: { containers: [{ name: 'main', image }], restartPolicy: 'Never' },
    };
    const input = newPod({
      namespace,
      name: `${name}-${randomSuffix(5, this.rand)}`,
      template,
      owner: this.ownerRef(job),
      nodeName: n.name,
      hostIP: n.ip,
      podIP: this.podIP(n, false),
      createdAt: this.now - ageHours * HOUR,
    });
    setCompleted(input as unknown as Pod, this.now - ageHours * HOUR + 3000, this.now - ageHours * HOUR + 38_000);
    this.store.create(this.t('Pod'), input);
  }

  /**
   * A Job that hit its backoff limit and whose pods are gone (the node they ran on was drained
   * since): only the Job's Failed condition is left, which kube-state-metrics turns into
   * KubeJobFailed until the Job is deleted.
   */
  failedJob(namespace: string, name: string, image: string, ageHours: number): void {
    this.store.create(this.t('Job', 'batch'), {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace, creationTimestamp: this.ago(ageHours * HOUR), labels: { 'job-name': name } },
      spec: { completions: 1, parallelism: 1, backoffLimit: 2, template: { spec: { containers: [{ name: 'main', image }], restartPolicy: 'Never' } } },
      status: {
        failed: 3,
        startTime: this.ago(ageHours * HOUR),
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: this.ago(ageHours * HOUR - 300_000),
          },
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: this.ago(ageHours * HOUR - 300_000),
          },
        ],
      },
    });
  }

  object(t: ResourceType, obj: NewObject): KubeObject {
    return this.store.create(t, obj);
  }
}

export { DAY, HOUR };

import { describe, expect, it } from 'vitest';
import { projectApplication, projectCertificate, projectExternalSecret, projectSecretStore } from '../../../src/domain/health/project-crds.js';
import { projectNode, projectNodeMetrics, withUsage } from '../../../src/domain/health/project-node.js';
import { projectPod } from '../../../src/domain/health/project-pod.js';
import { parseQuantity } from '../../../src/domain/health/quantity.js';

const meta = { name: 'paperless-ngx-7d9f-abcde', namespace: 'paperless', uid: 'u-1', creationTimestamp: '2026-11-26T08:00:00Z' };
const running = { running: { startedAt: '2026-11-26T08:00:05Z' } };

describe('projectPod says what kubectl get pods says', () => {
  it('Running 2/2 with the restart count and the last restart time', () => {
    const v = projectPod({
      metadata: { ...meta, ownerReferences: [{ kind: 'ReplicaSet', name: 'paperless-ngx-7d9f', controller: true }] },
      spec: { nodeName: 'onyx', containers: [{ name: 'app' }, { name: 'redis' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 3, state: running, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-26T09:00:00Z' } } },
          { name: 'redis', ready: true, restartCount: 0, state: running },
        ],
      },
    });
    expect(v).toMatchObject({
      displayStatus: 'Running',
      ready: '2/2',
      restarts: 3,
      nodeName: 'onyx',
      ownerKind: 'ReplicaSet',
      ownerName: 'paperless-ngx-7d9f',
      lastRestartAt: '2026-11-26T09:00:00Z',
    });
  });

  it('CrashLoopBackOff comes from the waiting reason, with its message', () => {
    const v = projectPod({
      metadata: meta,
      spec: { containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 14,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
          },
        ],
      },
    });
    expect(v).toMatchObject({ displayStatus: 'CrashLoopBackOff', ready: '0/1', restarts: 14, message: 'back-off 5m0s restarting failed container' });
  });

  it('Completed, Error, Init:0/2, Init:ImagePullBackOff, Terminating, Evicted, ExitCode', () => {
    const term = (t: object) => ({
      metadata: meta,
      spec: { containers: [{ name: 'a' }] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: t } }] },
    });
    expect(projectPod(term({ reason: 'Completed', exitCode: 0 })).displayStatus).toBe('Completed');
    expect(projectPod(term({ reason: 'Error', exitCode: 1 })).displayStatus).toBe('Error');
    expect(projectPod(term({ exitCode: 137 })).displayStatus).toBe('ExitCode:137');
    expect(projectPod(term({ signal: 9 })).displayStatus).toBe('Signal:9');

    const init = (state: object) => ({
      metadata: meta,
      spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'i1', state }],
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    });
    expect(projectPod(init({ running: {} })).displayStatus).toBe('Init:0/2');
    expect(projectPod(init({ waiting: { reason: 'ImagePullBackOff' } })).displayStatus).toBe('Init:ImagePullBackOff');
    expect(projectPod(init({ terminated: { reason: 'Error', exitCode: 2 } })).displayStatus).toBe('Init:Error');

    expect(
      projectPod({ metadata: { ...meta, deletionTimestamp: '2026-11-26T10:00:00Z' }, spec: { containers: [] }, status: { phase: 'Running' } }).displayStatus,
    ).toBe('Terminating');
    expect(projectPod({ metadata: meta, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', reason: 'Evicted' } }).displayStatus).toBe('Evicted');
    expect(projectPod({ metadata: meta, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } }).displayStatus).toBe('Pending');
    expect(
      projectPod({
        metadata: meta,
        spec: { containers: [{ name: 'a' }] },
        status: { phase: 'Pending', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }] },
      }).displayStatus,
    ).toBe('ContainerCreating');
  });

  it('a sidecar (restartable init container) counts toward READY and does not block Running', () => {
    const v = projectPod({
      metadata: meta,
      spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        initContainerStatuses: [{ name: 'proxy', started: true, ready: true, restartCount: 1, state: running }],
        containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }],
      },
    });
    expect(v).toMatchObject({ displayStatus: 'Running', ready: '2/2', restarts: 1 });
  });
});

describe('projectNode and metrics', () => {
  const raw = {
    metadata: {
      name: 'onyx',
      uid: 'n1',
      labels: { 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/os': 'linux' },
      creationTimestamp: new Date('2025-01-01T00:00:00Z'),
    },
    spec: { unschedulable: true },
    status: {
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'MemoryPressure', status: 'False' },
        { type: 'DiskPressure', status: 'True' },
      ],
      addresses: [
        { type: 'InternalIP', address: '127.0.20.14' },
        { type: 'Hostname', address: 'onyx' },
      ],
      nodeInfo: { kubeletVersion: 'v1.33.6+k3s1' },
      allocatable: { cpu: '4', memory: '16Gi' },
    },
  };
  it('projects conditions, roles, IP, and Date timestamps from the typed API', () => {
    expect(projectNode(raw)).toMatchObject({
      name: 'onyx',
      ready: true,
      pressures: ['DiskPressure'],
      unschedulable: true,
      roles: ['worker'],
      internalIP: '127.0.20.14',
      createdAt: '2025-01-01T00:00:00.000Z',
      allocatableMillicores: 4000,
      allocatableMemoryBytes: 16 * 2 ** 30,
    });
  });
  it('percentages are usage / allocatable like kubectl top nodes', () => {
    const usage = projectNodeMetrics({ metadata: { name: 'onyx' }, usage: { cpu: '1000000000n', memory: '4194304Ki' } } as never);
    expect(usage).toEqual({ name: 'onyx', millicores: 1000, memoryBytes: 4 * 2 ** 30 });
    expect(withUsage(projectNode(raw), usage)).toMatchObject({ cpuPercent: 25, memoryPercent: 25 });
  });
  it('parses quantities', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(parseQuantity('lots')).toBeNull();
  });
});

describe('CR projections', () => {
  it('Application: sync, health, revision, source paths, operation phase', () => {
    expect(
      projectApplication({
        metadata: { name: 'home-assistant', namespace: 'argocd' },
        spec: { source: { repoURL: 'http://127.0.0.1/ops/homelab.git', path: 'kubernetes/apps/home-assistant' } },
        status: { sync: { status: 'OutOfSync', revision: 'abc123' }, health: { status: 'Healthy' }, operationState: { phase: 'Succeeded' } },
      }),
    ).toEqual({
      namespace: 'argocd',
      name: 'home-assistant',
      syncStatus: 'OutOfSync',
      healthStatus: 'Healthy',
      revision: 'abc123',
      sourcePaths: ['kubernetes/apps/home-assistant'],
      repoURL: 'http://127.0.0.1/ops/homelab.git',
      operationPhase: 'Succeeded',
    });
    expect(projectApplication({ metadata: { name: 'x', namespace: 'argocd' } })).toMatchObject({
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      revision: null,
    });
  });
  it('Certificate, ExternalSecret and ClusterSecretStore read their Ready condition', () => {
    const ready = (status: string, reason: string) => ({
      metadata: { name: 'n', namespace: 'ns' },
      status: { conditions: [{ type: 'Ready', status, reason }], notAfter: '2027-01-01T00:00:00Z' },
    });
    expect(projectCertificate(ready('True', 'Ready'))).toEqual({ namespace: 'ns', name: 'n', ready: true, reason: 'Ready', notAfter: '2027-01-01T00:00:00Z' });
    expect(projectExternalSecret(ready('False', 'SecretSyncedError'))).toEqual({ namespace: 'ns', name: 'n', ready: false, reason: 'SecretSyncedError' });
    expect(projectSecretStore({ metadata: { name: 'global-secrets' } })).toEqual({ name: 'global-secrets', ready: null, reason: null });
  });
});

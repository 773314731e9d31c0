import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, REFRESH_ANNOTATION, type KubeObject, type Pod } from '../../../src/sim/kube/index.js';
import { kubeConfigFor, podStatus, startSim } from './helpers.js';

const T = DEFAULT_TIMING;
const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const restartBody = (at: string) => ({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });

const appStatus = (app: KubeObject | undefined) => {
  const s = app?.status as { sync?: { status?: string; revision?: string }; health?: { status?: string }; operationState?: { phase?: string } } | undefined;
  return { sync: s?.sync?.status, revision: s?.sync?.revision, health: s?.health?.status, phase: s?.operationState?.phase };
};

const podsOf = (pods: KubeObject[], prefix: string) => pods.filter((p) => p.metadata.name.startsWith(prefix)) as Pod[];

describe('controllers on a manual clock', () => {
  it('rollout restart: new ReplicaSet hash, pods Pending → Running, old pods terminate, paperless heals', async () => {
    const sim = await startSim({ clock: 'manual' });
    const restarts: unknown[] = [];
    sim.on('rollout-restart', (e) => restarts.push(e));
    const apps = kubeConfigFor(sim).makeApiClient(AppsV1Api);
    const oldPod = podsOf(sim.list('pods', 'paperless'), 'paperless-ngx-')[0]!;
    expect(podStatus(oldPod)).toBe('CrashLoopBackOff');
    expect(appStatus(sim.get('applications', 'argocd', 'paperless')).health).toBe('Degraded');

    await apps.patchNamespacedDeployment({ namespace: 'paperless', name: 'paperless-ngx', body: restartBody('2026-11-26T10:00:00Z') }, strategic);
    expect(restarts).toEqual([{ namespace: 'paperless', kind: 'Deployment', name: 'paperless-ngx' }]);
    const rss = sim.list('replicasets', 'paperless').filter((r) => r.metadata.name.startsWith('paperless-ngx-'));
    expect(rss).toHaveLength(2);
    const fresh = podsOf(sim.list('pods', 'paperless'), 'paperless-ngx-').find((p) => p.metadata.uid !== oldPod.metadata.uid)!;
    expect(fresh.status.phase).toBe('Pending');
    expect(fresh.metadata.labels?.['pod-template-hash']).not.toBe(oldPod.metadata.labels?.['pod-template-hash']);
    const dep = sim.get('deployments', 'paperless', 'paperless-ngx')!;
    expect(dep.metadata.generation).toBe(2);
    expect(appStatus(sim.get('applications', 'argocd', 'paperless')).health).not.toBe('Healthy');

    sim.step(T.podStartMs);
    const running = sim.get('pods', 'paperless', fresh.metadata.name) as Pod;
    expect(running.status.phase).toBe('Running');
    expect(running.status.containerStatuses?.[0]?.ready).toBe(true);
    expect((sim.get('pods', 'paperless', oldPod.metadata.name) as Pod | undefined)?.metadata.deletionTimestamp).toBeDefined();
    sim.step(T.podTerminateMs);
    expect(sim.get('pods', 'paperless', oldPod.metadata.name)).toBeUndefined();
    const status = sim.get('deployments', 'paperless', 'paperless-ngx')!.status as Record<string, number>;
    expect(status).toMatchObject({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect(appStatus(sim.get('applications', 'argocd', 'paperless')).health).toBe('Healthy');
  });

  it('a crash-looping pod cycles restarts with CrashLoopBackOff and a doubling back-off', async () => {
    const sim = await startSim({ clock: 'manual' });
    sim.world.crashPod('databases', 'redis-0');
    sim.step(T.crashRunMs);
    let pod = sim.get('pods', 'databases', 'redis-0') as Pod;
    expect(podStatus(pod)).toBe('CrashLoopBackOff');
    expect(pod.status.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(pod.status.containerStatuses?.[0]?.state.waiting?.message).toMatch(/^back-off 10s restarting failed container=redis/);
    sim.step(T.crashBackoffMs);
    pod = sim.get('pods', 'databases', 'redis-0') as Pod;
    expect(pod.status.containerStatuses?.[0]?.state.running).toBeDefined();
    expect(pod.status.containerStatuses?.[0]?.ready).toBe(false);
    sim.step(T.crashRunMs);
    pod = sim.get('pods', 'databases', 'redis-0') as Pod;
    expect(pod.status.containerStatuses?.[0]?.restartCount).toBe(2);
    expect(pod.status.containerStatuses?.[0]?.state.waiting?.message).toMatch(/^back-off 20s/);
    expect(appStatus(sim.get('applications', 'argocd', 'redis')).health).toBe('Degraded');
  });

  it('logs --previous answers for every container that has restarted, as the kubelet keeps the last instance', async () => {
    const sim = await startSim({ clock: 'manual' });
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const restarted = (sim.list('pods') as Pod[]).flatMap((p) =>
      (p.status.containerStatuses ?? [])
        .filter((c) => c.restartCount > 0)
        .map((c) => ({ namespace: p.metadata.namespace!, name: p.metadata.name, container: c.name })),
    );
    // Seeded restarts: host-network daemons (cilium, kube-vip, csi) and the crash-looping paperless-ngx.
    expect(restarted.length).toBeGreaterThan(20);
    for (const r of restarted) {
      const text = await core.readNamespacedPodLog({ ...r, previous: true });
      expect(text, `${r.namespace}/${r.name}/${r.container}`).toMatch(/\S/);
    }
    const never = (sim.list('pods', 'jellyfin') as Pod[])[0]!;
    await expect(core.readNamespacedPodLog({ namespace: 'jellyfin', name: never.metadata.name, previous: true })).rejects.toMatchObject({ code: 400 });
  });

  it('a crash loop the kubelet started serves the crashed instance with --previous, each line once', async () => {
    const sim = await startSim({ clock: 'manual' });
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    sim.world.crashPod('databases', 'redis-0');
    sim.step(T.crashRunMs);
    sim.step(T.crashBackoffMs);
    sim.step(T.crashRunMs);
    const pod = sim.get('pods', 'databases', 'redis-0') as Pod;
    expect(podStatus(pod)).toBe('CrashLoopBackOff');
    expect(pod.status.containerStatuses?.[0]?.restartCount).toBe(2);
    const previous = (await core.readNamespacedPodLog({ namespace: 'databases', name: 'redis-0', previous: true })).trim().split('\n');
    expect(previous.at(-1)).toMatch(/level=fatal msg="exiting"/);
    expect(new Set(previous).size).toBe(previous.length);
  });

  it('repoCommit: touched Applications go OutOfSync, then sync automatically at the new revision', async () => {
    const sim = await startSim({ clock: 'manual' });
    const rev = 'b'.repeat(40);
    const touched = sim.repoCommit(rev, ['kubernetes/core/cert-manager/values.yaml', 'kubernetes/monitoring/grafana/Chart.yaml', 'README.md']);
    expect(touched.sort()).toEqual(['cert-manager', 'grafana']);
    expect(appStatus(sim.get('applications', 'argocd', 'cert-manager'))).toMatchObject({ sync: 'OutOfSync', revision: rev });
    expect(appStatus(sim.get('applications', 'argocd', 'jellyfin'))).toMatchObject({ sync: 'Synced', revision: rev });
    sim.step(T.autoSyncDelayMs);
    expect(appStatus(sim.get('applications', 'argocd', 'cert-manager'))).toMatchObject({ phase: 'Running', health: 'Progressing' });
    sim.step(T.syncDurationMs);
    expect(appStatus(sim.get('applications', 'argocd', 'cert-manager'))).toEqual({ sync: 'Synced', revision: rev, health: 'Healthy', phase: 'Succeeded' });
    const history = (sim.get('applications', 'argocd', 'grafana')!.status as { history: Array<{ revision: string }> }).history;
    expect(history.at(-1)?.revision).toBe(rev);
  });

  it('the refresh annotation syncs a pending Application at once and is removed', async () => {
    const sim = await startSim({ clock: 'manual' });
    const custom = kubeConfigFor(sim).makeApiClient(CustomObjectsApi);
    const rev = 'c'.repeat(40);
    sim.repoCommit(rev, ['kubernetes/platform/cloudflared/values.yaml']);
    await custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argocd',
        plural: 'applications',
        name: 'cloudflared',
        body: { metadata: { annotations: { [REFRESH_ANNOTATION]: 'normal' } } },
      },
      merge,
    );
    const app = sim.get('applications', 'argocd', 'cloudflared')!;
    expect(app.metadata.annotations?.[REFRESH_ANNOTATION]).toBeUndefined();
    expect(appStatus(app).phase).toBe('Running');
    sim.step(T.syncDurationMs);
    expect(appStatus(sim.get('applications', 'argocd', 'cloudflared'))).toMatchObject({ sync: 'Synced', revision: rev, health: 'Healthy' });
  });

  it('an operation sync brings the drifted home-assistant Application to Synced + Healthy at its target revision', async () => {
    const sim = await startSim({ clock: 'manual' });
    const custom = kubeConfigFor(sim).makeApiClient(CustomObjectsApi);
    const target = 'd'.repeat(40);
    expect(appStatus(sim.get('applications', 'argocd', 'home-assistant')).sync).toBe('OutOfSync');
    await custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argocd',
        plural: 'applications',
        name: 'home-assistant',
        body: { operation: { initiatedBy: { username: 'homelab-console' }, sync: { revision: target } } },
      },
      merge,
    );
    expect(appStatus(sim.get('applications', 'argocd', 'home-assistant')).phase).toBe('Running');
    sim.step(T.syncDurationMs);
    const app = sim.get('applications', 'argocd', 'home-assistant')!;
    expect(appStatus(app)).toEqual({ sync: 'Synced', revision: target, health: 'Healthy', phase: 'Succeeded' });
    expect(app.operation).toBeUndefined();
    // Automated (without self-heal): a later commit under its path syncs it again by itself.
    sim.repoCommit('e'.repeat(40), ['kubernetes/apps/home-assistant/values.yaml']);
    sim.step(T.autoSyncDelayMs + T.syncDurationMs);
    expect(appStatus(sim.get('applications', 'argocd', 'home-assistant'))).toMatchObject({ sync: 'Synced', revision: 'e'.repeat(40) });
    // A manual Application stays OutOfSync after a commit until someone syncs it.
    await custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argocd',
        plural: 'applications',
        name: 'home-assistant',
        body: { spec: { syncPolicy: { automated: null } } },
      },
      merge,
    );
    sim.repoCommit('9'.repeat(40), ['kubernetes/apps/home-assistant/values.yaml']);
    sim.step(T.autoSyncDelayMs + T.syncDurationMs);
    expect(appStatus(sim.get('applications', 'argocd', 'home-assistant')).sync).toBe('OutOfSync');
  });

  it('an Application flagged to break on its next sync ends Degraded with crash-looping pods', async () => {
    const sim = await startSim({ clock: 'manual' });
    sim.world.setBreaksOnNextSync('postgres');
    const rev = 'f'.repeat(40);
    sim.repoCommit(rev, ['kubernetes/database/postgres/values.yaml']);
    sim.step(T.autoSyncDelayMs);
    sim.step(T.syncDurationMs);
    sim.step(T.podTerminateMs + T.podStartMs + T.crashRunMs);
    expect(appStatus(sim.get('applications', 'argocd', 'postgres'))).toMatchObject({ sync: 'Synced', revision: rev, health: 'Degraded' });
    expect(podStatus(sim.get('pods', 'databases', 'postgres-0') as Pod)).toBe('CrashLoopBackOff');
  });

  it('statefulset and daemonset restarts replace pods (daemonset one node at a time)', async () => {
    const sim = await startSim({ clock: 'manual' });
    const apps = kubeConfigFor(sim).makeApiClient(AppsV1Api);
    const before = sim.get('pods', 'databases', 'postgres-0')!;
    await apps.patchNamespacedStatefulSet({ namespace: 'databases', name: 'postgres', body: restartBody('2026-11-26T11:00:00Z') }, strategic);
    sim.step(T.podTerminateMs);
    sim.step(T.podStartMs);
    const after = sim.get('pods', 'databases', 'postgres-0')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    const sts = sim.get('statefulsets', 'databases', 'postgres')!.status as Record<string, unknown>;
    expect(sts.currentRevision).toBe(sts.updateRevision);
    expect(sts.readyReplicas).toBe(1);

    await apps.patchNamespacedDaemonSet({ namespace: 'kube-system', name: 'kube-vip', body: restartBody('2026-11-26T11:00:00Z') }, strategic);
    const terminating = () => sim.list('pods', 'kube-system').filter((p) => p.metadata.name.startsWith('kube-vip-') && p.metadata.deletionTimestamp).length;
    expect(terminating()).toBe(1);
    for (let i = 0; i < 3; i++) sim.step(T.podTerminateMs + T.podStartMs);
    const ds = sim.get('daemonsets', 'kube-system', 'kube-vip')!.status as Record<string, number>;
    expect(ds).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 });
  });
});

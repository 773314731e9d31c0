import { describe, expect, it } from 'vitest';
import { KubeApiError, KubeInputError, KubeTimeoutError, ReadOnlyError } from '../../../src/services/kube/errors.js';
import type { KubeHttp } from '../../../src/services/kube/http.js';
import { createKubeWriter, type WriteMode } from '../../../src/services/kube/writer.js';
import type { ActionContext } from '../../../src/services/kube/actions/context.js';
import { restartRollout, rolloutStatusOf, waitForRollout } from '../../../src/services/kube/actions/rollout.js';
import { deletePod, tailLogs } from '../../../src/services/kube/actions/pods.js';
import { scaleWorkload } from '../../../src/services/kube/actions/scale.js';
import { refreshApplication, syncApplication, waitForApplication } from '../../../src/services/kube/actions/argocd.js';
import { execInPod, exitCodeOfStatus } from '../../../src/services/kube/actions/exec.js';

/** Records every request; GETs answer from a queue per path (last answer repeats). */
function stubHttp(answers: Record<string, unknown[]> = {}) {
  const sent: Array<{ method: string; path: string; body: unknown; contentType: string }> = [];
  const gets: Array<{ path: string; query: unknown }> = [];
  const next = (path: string) => {
    const q = answers[path];
    if (!q || q.length === 0) throw new KubeApiError(`GET ${path}: 404 NotFound`, 404, 'NotFound');
    const v = q.length > 1 ? q.shift() : q[0];
    if (v instanceof Error) throw v;
    return v;
  };
  const http = {
    get: async (path: string, query?: unknown) => {
      gets.push({ path, query });
      return next(path);
    },
    getText: async (path: string, query?: unknown) => {
      gets.push({ path, query });
      return String(next(path));
    },
    send: async (method: string, path: string, body: unknown, contentType: string) => {
      sent.push({ method, path, body, contentType });
      return {};
    },
  } as unknown as KubeHttp;
  return { http, sent, gets };
}

const ctxOf = (http: KubeHttp, mode: WriteMode = { readOnly: false, dryRun: false }): ActionContext => ({
  http,
  writer: createKubeWriter(http, mode),
  pollMs: 5,
});
const DEPLOY = '/apis/apps/v1/namespaces/paperless/deployments/paperless-ngx';
const deployment = (gen: number, observed: number, st: object) => ({
  metadata: { name: 'paperless-ngx', generation: gen },
  spec: { replicas: 2 },
  status: { observedGeneration: observed, ...st },
});

describe('the one write path: read-only refuses, dry-run returns what would be sent', () => {
  it('read-only: restart, scale, delete, sync and a mutating exec are refused and nothing is sent', async () => {
    const { http, sent } = stubHttp();
    const ctx = ctxOf(http, { readOnly: true, dryRun: false });
    await expect(restartRollout(ctx, { kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx' })).rejects.toThrow(ReadOnlyError);
    await expect(scaleWorkload(ctx, { kind: 'statefulset', namespace: 'databases', name: 'postgres', replicas: 0 })).rejects.toThrow(
      /read-only mode: refused to scale statefulset databases\/postgres to 0/,
    );
    await expect(deletePod(ctx, { namespace: 'paperless', name: 'paperless-ngx-abc' })).rejects.toThrow(ReadOnlyError);
    await expect(syncApplication(ctx, { name: 'home-assistant' })).rejects.toThrow(ReadOnlyError);
    await expect(
      execInPod(ctx, { namespace: 'rook-ceph', target: 'deploy/rook-ceph-tools', command: ['ceph', 'osd', 'unset', 'noout'], mutating: true }),
    ).rejects.toThrow(ReadOnlyError);
    expect(sent).toEqual([]);
  });

  it('dry-run: the exact PATCH a rollout restart would send, and no wait', async () => {
    const { http, sent } = stubHttp();
    const r = await restartRollout(ctxOf(http, { readOnly: false, dryRun: true }), {
      kind: 'deployment',
      namespace: 'paperless',
      name: 'paperless-ngx',
      now: () => new Date('2026-11-26T10:00:00Z'),
    });
    expect(r).toEqual({
      dryRun: true,
      restartedAt: '2026-11-26T10:00:00.000Z',
      rollout: null,
      request: {
        method: 'PATCH',
        path: DEPLOY,
        body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T10:00:00.000Z' } } } } },
      },
    });
    expect(sent).toEqual([]);
  });
});

describe('actions', () => {
  it('rollout restart sends a merge patch and waits until the rollout is complete', async () => {
    const { http, sent } = stubHttp({
      [DEPLOY]: [
        deployment(3, 2, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }),
        deployment(3, 3, { replicas: 3, updatedReplicas: 1, availableReplicas: 2 }),
        deployment(3, 3, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 }),
        deployment(3, 3, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }),
      ],
    });
    const r = await restartRollout(ctxOf(http), { kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'PATCH', path: DEPLOY, contentType: 'application/merge-patch+json' });
    expect(r.rollout).toEqual({ done: true, message: 'deployment "paperless-ngx" successfully rolled out' });
  });

  it('a rollout that never finishes times out naming where it stood', async () => {
    const { http } = stubHttp({ [DEPLOY]: [deployment(1, 1, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 })] });
    const err = await waitForRollout(ctxOf(http), { kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx' }, { timeoutMs: 30 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KubeTimeoutError);
    expect((err as Error).message).toMatch(/1 of 2 updated replicas are available/);
  });

  it('rollout status rules for statefulsets and daemonsets', () => {
    expect(
      rolloutStatusOf('statefulset', {
        metadata: { generation: 1 },
        spec: { replicas: 1 },
        status: { observedGeneration: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
      }).done,
    ).toBe(false);
    expect(
      rolloutStatusOf('statefulset', {
        metadata: { generation: 1 },
        spec: { replicas: 1 },
        status: { observedGeneration: 1, readyReplicas: 1, currentRevision: 'b', updateRevision: 'b' },
      }).done,
    ).toBe(true);
    expect(
      rolloutStatusOf('daemonset', {
        metadata: { name: 'cilium', generation: 2 },
        status: { observedGeneration: 2, desiredNumberScheduled: 10, updatedNumberScheduled: 10, numberAvailable: 9 },
      }).message,
    ).toBe('Waiting for daemon set "cilium" rollout to finish: 9 of 10 updated pods are available...');
  });

  it('validates inputs before anything is sent', async () => {
    const { http, sent } = stubHttp();
    const ctx = ctxOf(http);
    await expect(restartRollout(ctx, { kind: 'deployment', namespace: 'Paperless', name: 'x' })).rejects.toThrow(KubeInputError);
    await expect(restartRollout(ctx, { kind: 'cronjob' as never, namespace: 'paperless', name: 'x' })).rejects.toThrow(/deployment, statefulset or daemonset/);
    await expect(scaleWorkload(ctx, { kind: 'deployment', namespace: 'paperless', name: 'x', replicas: -1 })).rejects.toThrow(
      /replicas must be a whole number/,
    );
    await expect(scaleWorkload(ctx, { kind: 'deployment', namespace: 'paperless', name: 'x', replicas: 1.5 })).rejects.toThrow(KubeInputError);
    await expect(tailLogs(ctx, { namespace: 'paperless', pod: 'p', tailLines: 0 })).rejects.toThrow(KubeInputError);
    await expect(syncApplication(ctx, { name: 'paperless', revision: 'abc; rm -rf /' })).rejects.toThrow(KubeInputError);
    await expect(execInPod(ctx, { namespace: 'rook-ceph', target: 'deploy/rook-ceph-tools', command: [] })).rejects.toThrow(KubeInputError);
    expect(sent).toEqual([]);
  });

  it('scale waits for the ready count; delete pod waits until it is gone', async () => {
    const STS = '/apis/apps/v1/namespaces/databases/statefulsets/postgres';
    const { http, sent } = stubHttp({ [STS]: [{ status: { replicas: 1, readyReplicas: 1 } }, { status: { replicas: 0, readyReplicas: 0 } }] });
    const r = await scaleWorkload(ctxOf(http), { kind: 'statefulset', namespace: 'databases', name: 'postgres', replicas: 0 });
    expect(r).toMatchObject({ dryRun: false, replicas: 0, readyReplicas: 0 });
    expect(sent[0]?.body).toEqual({ spec: { replicas: 0 } });

    const POD = '/api/v1/namespaces/paperless/pods/paperless-ngx-abc';
    const gone = stubHttp({ [POD]: [{ metadata: {} }, new KubeApiError('gone', 404)] });
    expect(await deletePod(ctxOf(gone.http), { namespace: 'paperless', name: 'paperless-ngx-abc', wait: true })).toMatchObject({ gone: true });
    expect(gone.sent[0]).toMatchObject({ method: 'DELETE', path: POD });
  });

  it('logs: --tail and --previous become tailLines and previous', async () => {
    const { http, gets } = stubHttp({ '/api/v1/namespaces/paperless/pods/p/log': ['line 1\nline 2\n'] });
    expect(await tailLogs(ctxOf(http), { namespace: 'paperless', pod: 'p', tailLines: 50, previous: true })).toBe('line 1\nline 2\n');
    expect(gets[0]?.query).toEqual({ tailLines: 50, previous: true, container: undefined });
  });

  it('ArgoCD: refresh annotates, sync sets the operation, and the wait needs Synced+Healthy at the revision', async () => {
    const APP = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/home-assistant';
    const app = (sync: string, health: string, revision: string) => ({
      metadata: { name: 'home-assistant', namespace: 'argocd' },
      status: { sync: { status: sync, revision }, health: { status: health } },
    });
    const { http, sent } = stubHttp({
      [APP]: [
        app('OutOfSync', 'Healthy', 'aaaa111'),
        app('Synced', 'Healthy', 'aaaa111'),
        app('Synced', 'Progressing', 'bbbb222'),
        app('Synced', 'Healthy', 'bbbb222'),
      ],
    });
    const ctx = ctxOf(http);
    await refreshApplication(ctx, { name: 'home-assistant' });
    await syncApplication(ctx, { name: 'home-assistant', revision: 'bbbb222' });
    expect(sent.map((s) => s.body)).toEqual([
      { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } },
      { operation: { initiatedBy: { username: 'homelab-console' }, sync: { syncStrategy: { hook: {} }, revision: 'bbbb222' } } },
    ]);
    const done = await waitForApplication(ctx, { name: 'home-assistant', revision: 'bbbb' });
    expect(done).toMatchObject({ syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'bbbb222' });
  });

  it('exec exit codes come from the v1 Status', () => {
    expect(exitCodeOfStatus({ status: 'Success' })).toBe(0);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } })).toBe(3);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'InternalError', message: 'container not found' })).toBeNull();
  });
});

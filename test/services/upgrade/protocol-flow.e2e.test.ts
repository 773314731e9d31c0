/**
 * PR #47 (postgres v17 → v18, a database major) through the database protocol, end to end: the
 * simulated Gitea and API server wired as in the demo, the real cluster watcher and grader, the
 * merge loop with the upgrade runner as its guard, and a REAL PostgreSQL behind the postgres pod's
 * exec (pg_dumpall/psql run against it). Skips, saying why, without PostgreSQL — unless
 * HOMELAB_REQUIRE_REAL=1 (CI), then fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { startHealthGrader } from '../../../src/services/health/grader.js';
import { Journal } from '../../../src/services/journal/journal.js';
import { startClusterWatcher, type ClusterWatcher } from '../../../src/services/kube/cluster-watcher.js';
import { KubeHttp } from '../../../src/services/kube/http.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { createKubeWriter } from '../../../src/services/kube/writer.js';
import { healthStoreGate, kubeAppControl, storeAppControl } from '../../../src/services/renovate/adapters.js';
import { MergeLoop } from '../../../src/services/renovate/merge-loop.js';
import { protocolRecorder } from '../../../src/services/upgrade/recorder.js';
import { UpgradeRunner } from '../../../src/services/upgrade/runner.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { builtinExec, FAST_TIMING, KubeSim, localDatabaseExec, routeExec } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { requireRealServers } from '../../support/shared.js';
import { postgresMissing, startPostgres, type RealPostgres } from '../../support/real-db.js';
import { waitFor } from '../../support/wait.js';

const why = postgresMissing();
if (why && requireRealServers) {
  describe('database protocol with real PostgreSQL (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has PostgreSQL', () => expect.fail(why));
  });
}

const BODY = `# Maintenance\n\n## Change Log\n\n| Time | Action | Result |\n|------|--------|--------|\n`;

describe.skipIf(why !== null)(`PR #47 through the database protocol${why ? ` (skipped: ${why})` : ''}`, { timeout: 180_000 }, () => {
  let pg: RealPostgres;
  let gitea: GiteaSim;
  let kube: KubeSim;
  let client: GiteaClient;
  let watcher: ClusterWatcher;
  let grader: { stop(): void };
  let stores: Stores;
  let loop: MergeLoop;
  let runner: UpgradeRunner;
  let dir: string;
  let httpRef: KubeHttp;
  const http = () => httpRef;
  let now = 0;
  let offset = 0;
  /** The postgres pod's dump may be swapped for a corrupted one per test. */
  let corrupt: ((out: Buffer) => Buffer) | null = null;

  beforeAll(async () => {
    pg = await startPostgres();
    await pg.psql('create table documents (id int primary key, title text); insert into documents select g, md5(g::text) from generate_series(1, 1234) g;');
    dir = mkdtempSync(path.join(os.tmpdir(), 'hc-protocol-'));
    const pgExec = localDatabaseExec({ engine: 'postgresql', port: pg.port }, builtinExec);
    gitea = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: BODY }) });
    await gitea.start();
    const main = gitea.world.git.resolve('main')!.sha;
    kube = await KubeSim.start({
      seed: 'healthy',
      timing: FAST_TIMING,
      revision: main,
      repoURL: `${gitea.url}/ops/homelab.git`,
      exec: routeExec([
        {
          match: (ns, pod) => ns === 'databases' && pod === 'postgres-0',
          handler: async (...a) => {
            const r = await pgExec(...a);
            return corrupt && a[3][0] === 'pg_dumpall' ? { ...r, stdout: corrupt(Buffer.from(r.stdout)) } : r;
          },
        },
      ]),
    });
    gitea.world.events.on('branch-changed', (e) => {
      if (e.branch === 'main') kube.world.repoCommit(e.sha, e.files);
    });
    client = new GiteaClient({ baseUrl: gitea.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
    stores = createStores();
    stores.issue.setState({ number: 42, editMode: 'content-version' });
    const target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
    watcher = await startClusterWatcher({ target, store: stores.cluster, flushMs: 100 });
    grader = startHealthGrader({
      cluster: stores.cluster,
      ceph: stores.ceph,
      health: stores.health,
      cephInput: () => ({ health: 'HEALTH_OK', checks: [] }),
      tickMs: 200,
    });
    const http = new KubeHttp(target);
    httpRef = http;
    const ctx = { http, writer: createKubeWriter(http, { readOnly: false, dryRun: false }), pollMs: 50 };
    const apps = storeAppControl(stores.cluster, (app) => kubeAppControl(ctx).refresh(app));
    // A clock the test can move forward (the stabilisation window), sleeping for real otherwise.
    const clock = { now: () => Date.now() + offset, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 200))) };
    now = clock.now();
    runner = new UpgradeRunner({
      gitea: client,
      apps,
      kube: () => ctx,
      store: stores.upgrade,
      recorder: protocolRecorder(client, stores.issue, new Journal(path.join(dir, 'journal.jsonl'))),
      functional: {
        applications: () => stores.cluster.getState().applications,
        externalSecrets: () => stores.cluster.getState().externalSecrets,
        ceph: () => ({ health: 'HEALTH_OK', checks: [] }),
      },
      backupDir: path.join(dir, 'backups'),
      crdDir: path.join(dir, 'crds'),
      scratch: { postgresql: { engine: 'postgresql', host: '127.0.0.1', port: pg.port, user: 'postgres' } },
      protocol: { stabiliseMs: 10 * 60_000 },
      clock,
      pollMs: 100,
      podWaitMs: 30_000,
    });
    loop = new MergeLoop({
      gitea: client,
      apps,
      gate: healthStoreGate(stores.health, { settleMs: 1_000 }),
      queue: stores.queue,
      pollMs: 100,
      refreshAfterMs: 2_000,
      syncTimeoutMs: 30_000,
      degradedGraceMs: 2_000,
      guard: runner,
    });
    await waitFor(() => stores.health.getState().gate?.overall === 'GREEN', { what: 'a GREEN gate', timeoutMs: 30_000 });
    await loop.refreshQueue();
  }, 120_000);

  afterAll(async () => {
    grader?.stop();
    watcher?.stop();
    await client?.close();
    await kube?.stop();
    await gitea?.stop();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const stepOf = (id: string) => stores.upgrade.getState().runs[47]!.steps.find((s) => s.id === id)!;
  const plan = (pr: number) => loop.planMerge(pr);
  const next = (pr: number) => runner.next(pr, stores.queue.getState().prs);

  it('refuses the merge until the protocol has run, out of order needs a typed reason', async () => {
    // The console's protocol key asks for the reason first.
    expect(await next(47)).toMatchObject({ kind: 'reason', prompt: expect.stringMatching(/^PR #47 out of order: PR #43 .* comes first: why take it now\?/) });
    expect(await next(43)).toMatchObject({ kind: 'none', message: expect.stringMatching(/no protocol, it merges through the loop/) });
    const p = await plan(47);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.reason).toMatch(/out of order: PR #43 \(non-major, order 1\) comes first — type a reason to take PR #47 now/);
    expect(p.reason).toMatch(/database protocol \(CRITICAL\): not started — prepare it first/);
    expect(await runner.setOrderReason(47, 'short')).toMatch(/at least 10 characters/);
    expect(await runner.setOrderReason(47, 'postgres 17 EOL: the database upgrade goes first')).toBeNull();
    const again = await plan(47);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.reason).not.toMatch(/out of order/);
    expect(await next(47)).toMatchObject({ kind: 'prepare' });
  });

  it('pre-flight: breaking changes, dependency check, database pod, dependents, rollback plan', async () => {
    const run = await runner.prepare(47);
    expect(run.protocol).toMatchObject({ upgradeClass: 'database', risk: 'CRITICAL' });
    expect(stepOf('breaking-changes')).toMatchObject({ status: 'done' });
    expect(stepOf('dependency-check')).toMatchObject({ status: 'done', detail: 'databases/postgres-0' });
    expect(stepOf('db-identify').status).toBe('done');
    expect(stepOf('db-dependents')).toMatchObject({ status: 'done', detail: 'deployment/nextcloud/nextcloud, deployment/paperless/paperless-ngx' });
    expect(run.notes.join('\n')).toMatch(/Rollback plan:\n- \*\*Current version\*\*: postgres 17\.6-bookworm \(now\) → 18\.1-bookworm/);
    const p = await plan(47);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(/database protocol: \d+ step\(s\) before the merge not verified: Assessment questions answered/);
    expect(await next(47)).toMatchObject({
      kind: 'answer',
      question: 'api-crd',
      prompt: expect.stringMatching(/^PR #47 \(1\/5\) Are there API\/CRD schema changes\?/),
    });
  });

  it('a corrupted or an empty dump is refused with the reason, and the merge stays blocked by it', async () => {
    for (const q of runner.unansweredQuestions(47))
      expect(await runner.answer(47, q.id, q.id === 'data-migration' ? 'yes: PG 18 cannot start on a 17 data directory, dump/restore' : 'no')).toBeNull();
    expect(await next(47)).toMatchObject({ kind: 'backup' });
    try {
      corrupt = (b) => b.subarray(0, Math.floor(b.length * 0.6));
      const cut = await runner.act(47, { kind: 'backup' });
      expect(cut).toEqual({
        ok: false,
        reason: expect.stringMatching(/^backup refused, the merge stays blocked: does not end with "-- PostgreSQL database cluster dump complete"/),
      });
      expect(stepOf('db-verify')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/the dump is cut short/) });
      let p = await plan(47);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason).toMatch(/Backup verified \(non-empty, complete dump, restore where configured\) — FAILED: does not end with/);
      // The console offers the backup again, saying why.
      expect(await next(47)).toMatchObject({ kind: 'backup', prompt: expect.stringMatching(/^the last backup was refused \(does not end with/) });

      corrupt = () => Buffer.alloc(0);
      const empty = await runner.act(47, { kind: 'backup' });
      expect(empty).toEqual({ ok: false, reason: 'backup refused, the merge stays blocked: the backup is empty (0 bytes)' });
      p = await plan(47);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason).toMatch(/Full backup streamed off the pod to a local file — FAILED: the backup is empty \(0 bytes\)/);
      expect(stores.upgrade.getState().runs[47]!.backup).toBeNull();
    } finally {
      corrupt = null;
    }
    const body = gitea.world.issues.get(42)!.body;
    expect(body).toMatch(/Backup verified .* FAILED: does not end with/);
    expect(body).toMatch(/Full backup streamed off the pod .* FAILED: the backup is empty \(0 bytes\)/);
  });

  it('backup of the real PostgreSQL taken, verified and restore-checked; dependents scaled to 0 one by one', async () => {
    expect(stepOf('assessment').status).toBe('done');
    const progress: number[] = [];
    const report = await runner.backup(47, (b) => progress.push(b));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(readFileSync(report.file!, 'utf8')).toContain('COPY public.documents (id, title) FROM stdin;');
    expect(report.restore!.source.counts['postgres.public.documents']).toBe(1234);
    expect(stepOf('db-verify')).toMatchObject({ status: 'done' });
    expect(stepOf('db-verify').detail).toMatch(/1234 rows in the database, 1234 after the restore/);
    expect(stepOf('db-recovery').status).toBe('done');
    expect(stepOf('rollback-plan').status).toBe('done');
    expect(await next(47)).toMatchObject({ kind: 'scale-down' });
    const sd = runner.planScaleDown(47, false);
    expect(sd.ok).toBe(true);
    if (!sd.ok) return;
    expect(sd.request).toMatchObject({ action: 'scale-down', challenge: '47', binding: { kind: 'pr', id: '47' } });
    expect(sd.request.command).toBe(
      'kubectl scale deployment/nextcloud -n nextcloud --replicas=0; kubectl scale deployment/paperless-ngx -n paperless --replicas=0',
    );
    expect(await runner.runScaleDown(sd.request, '4')).toEqual({ ok: false, reason: 'type 47 to confirm' });
    const down = await runner.runScaleDown(sd.request, '47');
    expect(down).toMatchObject({ ok: true, message: 'PR #47: 2 dependent(s) at 0' });
    expect(await next(47)).toMatchObject({ kind: 'merge' });
    const deploy = kube.world.store.get(kube.world.registry.builtin('Deployment', 'apps'), 'paperless', 'paperless-ngx') as unknown as {
      spec: { replicas: number };
    };
    expect(deploy.spec.replicas).toBe(0);
  });

  it('merge → Gates 1 and 2 → dependents back one at a time → validation → the stabilisation window refuses the next major', async () => {
    loop.acknowledgeChecklist(47, gitea.world.issues.get(47)!.pull!.headSha);
    const p = await plan(47);
    expect(p.ok, p.ok ? '' : p.reason).toBe(true);
    if (!p.ok) return;
    const r = await loop.runMerge(p.request, '47');
    expect(r, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    for (const id of ['merge', 'gate-1', 'gate-2', 'scale-up', 'post-validation']) expect(stepOf(id).status, `${id}: ${stepOf(id).detail}`).toBe('done');
    expect(stepOf('scale-up').detail).toBe('deployment/nextcloud/nextcloud 1/1 ready, deployment/paperless/paperless-ngx 1/1 ready');
    expect(stepOf('window').status).toBe('running');
    const w = stores.upgrade.getState().window!;
    expect(w.pr).toBe(47);

    // A second major during the window is refused with the time left.
    const second = await plan(44);
    expect(second.ok).toBe(false);
    if (!second.ok)
      expect(second.reason).toMatch(
        /stabilisation window after PR #47 \(chore\(deps\): update postgres docker tag to v18\): (9|10) min( \d+ s)? left — the next major waits for it/,
      );

    // Reverting the database major now needs the operator to type that the old version may meet migrated data.
    const rb = await loop.planRollback(47);
    expect(rb.ok).toBe(true);
    if (rb.ok) {
      expect(rb.request.challenge).toBe('revert 47 data');
      expect(rb.request.notes.join('\n')).toMatch(/restore first from the verified backup .*postgres-0/);
      expect(await loop.runRollback(rb.request, '47')).toEqual({ ok: false, reason: 'type revert 47 data to confirm' });
    }

    // The window passes with no restarts: Gate 3 done, and 44 is no longer held by it.
    offset += 10 * 60_000 + 1_000;
    await runner.checkWindow();
    expect(stepOf('window').status).toBe('done');
    expect(stores.upgrade.getState().runs[47]!.finished).toBe('passed');
    const after = await plan(44);
    if (!after.ok) expect(after.reason).not.toMatch(/stabilisation window/);
  });

  it('a monitoring major: its CRDs snapshotted before the merge and diffed after (the PR changes a CRD in the simulator)', async () => {
    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    const crd = (versions: string[]) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'prometheuses.monitoring.coreos.com', labels: { 'app.kubernetes.io/instance': 'kube-prometheus-stack' } },
      spec: {
        group: 'monitoring.coreos.com',
        scope: 'Namespaced',
        names: { kind: 'Prometheus', plural: 'prometheuses', singular: 'prometheus', listKind: 'PrometheusList' },
        versions: versions.map((v, i) => ({
          name: v,
          served: true,
          storage: i === versions.length - 1,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        })),
      },
    });
    await http().send('POST', crdPath, crd(['v1']), 'application/json');
    // The chart upgrade the PR brings adds a CRD version when it is applied.
    gitea.world.events.on('merged', (e) => {
      if (e.number !== 44) return;
      void http()
        .get<{ metadata: { resourceVersion: string } }>(`${crdPath}/prometheuses.monitoring.coreos.com`)
        .then((cur) =>
          http().send(
            'PUT',
            `${crdPath}/prometheuses.monitoring.coreos.com`,
            { ...crd(['v1', 'v2alpha1']), metadata: { ...crd([]).metadata, resourceVersion: cur.metadata.resourceVersion } },
            'application/json',
          ),
        );
    });
    expect(await runner.setOrderReason(44, 'operator wants the new alert rules before the bundle')).toBeNull();
    await runner.prepare(44);
    const step44 = (id: string) => stores.upgrade.getState().runs[44]!.steps.find((s) => s.id === id)!;
    expect(step44('crd-snapshot').status).toBe('done');
    expect(step44('crd-snapshot').detail).toMatch(/^1 CRD\(s\) of kube-prometheus-stack/);
    for (const q of runner.unansweredQuestions(44)) await runner.answer(44, q.id, 'no');
    loop.acknowledgeChecklist(44, gitea.world.issues.get(44)!.pull!.headSha);
    const p = await plan(44);
    expect(p.ok, p.ok ? '' : p.reason).toBe(true);
    if (!p.ok) return;
    const r = await loop.runMerge(p.request, '44');
    expect(r, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    expect(step44('crd-diff')).toMatchObject({ status: 'done', detail: '1 CRD(s) changed: changed prometheuses.monitoring.coreos.com' });
    const diff = readFileSync(runner.crdFile(44, 'diff'), 'utf8');
    expect(diff).toContain('changed: prometheuses.monitoring.coreos.com');
    expect(diff).toContain('+ spec.versions[1].name: "v2alpha1"');
    expect(stores.upgrade.getState().runs[44]!.notes.join('\n')).toContain('+ spec.versions[1].name: "v2alpha1"');
    expect(existsSync(runner.crdFile(44, 'before'))).toBe(true);
  });

  it("every stage is in #42's Change Log and the journal", async () => {
    const body = gitea.world.issues.get(42)!.body;
    for (const text of [
      'database protocol started',
      'Breaking changes read',
      'Dependency check',
      'Full backup streamed off the pod',
      'Backup verified',
      'Recovery procedure written',
      'scaled deployment/paperless/paperless-ngx to 0',
      'scaled deployment/paperless/paperless-ngx back to 1',
      'Gate 1',
      'Gate 2',
      'Post-upgrade validation',
      'Stabilisation window',
      'taken out of the merge order',
    ])
      expect(body, text).toContain(text);
    expect(body).toContain('PR #47 taken out of the merge order');
    const journal = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"event":"upgrade-stage"');
    expect(journal).toContain('Recovery Procedure for PostgreSQL');
    expect(existsSync(path.join(dir, 'backups'))).toBe(true);
    void now;
  });
});

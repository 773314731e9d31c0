import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoSession } from '../../../src/cli/session-factory.js';
import { SUMMARY_MARKER } from '../../../src/domain/closure/summary.js';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import type { ConsoleSession } from '../../../src/services/engine/console-session.js';
import type { Journal } from '../../../src/services/journal/journal.js';
import type { DemoWorld } from '../../../src/sim/demo/world.js';
import { FAST_TIMING, LATENT_FAILED_JOB } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

// The end of the workflow on the live wiring: the console's session against the demo simulators
// (Gitea over HTTP, the kube API server through the real client), as `homelab-console demo` builds it.
// A healthy cluster with the demo's latent problems: a certificate cert-manager failed to renew and
// a failed backup Job Alertmanager fires KubeJobFailed for.

let stores: Stores;
let session: ConsoleSession;
let world: DemoWorld;
let journal: Journal;
let close: () => Promise<void>;

beforeAll(async () => {
  stores = createStores();
  ({ session, world, journal, close } = await buildDemoSession({
    stores,
    mode: 'WRITE',
    issue: null,
    thresholds: DEFAULT_THRESHOLDS,
    world: { cephState: 'healthy', kubeState: 'healthy', latent: true, timing: FAST_TIMING },
    pollMs: 400,
  }));
  await session.start();
  // The latent problems are graded from the start: the expiring certificate and the alert make Platform YELLOW.
  await waitFor(
    () => {
      const platform = stores.health.getState().gate?.layers.platform;
      const names = platform?.offenders.map((o) => o.name) ?? [];
      return platform?.status === 'YELLOW' && names.includes('alertmanager-tls') && names.includes('KubeJobFailed') && stores.issue.getState().document;
    },
    { what: 'Platform YELLOW with the certificate and the alert, and the issue', timeoutMs: 30_000 },
  );
}, 60_000);

afterAll(async () => {
  await close?.();
});

const sim = () => world.gitea.world.issues.get(42)!;
/** A person saves the body in the web UI (compare-and-swap on its content version). */
const humanSave = (body: string) => world.gitea.world.saveBody(42, body, 'alice', sim().contentVersion);
const events = (name: string) =>
  journal
    .read()
    .entries.filter((e) => e.type === 'event' && e.event === name)
    .map((e) => (e as { detail: string }).detail);
const giteaOps = async () =>
  ((await (await fetch(`${world.giteaUrl}/_sim/stats`)).json()) as { writes: { byOperation: Record<string, number> } }).writes.byOperation;

describe('final recon, findings → items, closure, on the demo simulators', () => {
  it('runs the final recon by itself once every item is done, and proposes the alert and the expiring certificate as G1 and G2 (worst first, then by key)', async () => {
    expect(stores.recon.getState().seq).toBe(0);
    // The operator (or the step engine) ticks the last items: every top-level item is done.
    humanSave(sim().body.replace(/^- \[ \]/gm, '- [x]'));
    await waitFor(() => stores.recon.getState().phase === 'done' && stores.recon.getState().trigger === 'final', {
      what: 'the final recon',
      timeoutMs: 20_000,
    });
    const r = stores.recon.getState();
    expect(r.overall).toBe('YELLOW');
    expect(r.findings.map((f) => f.key)).toContain('Certificate/monitoring/alertmanager-tls');
    const p = r.proposals.find((x) => x.finding.key === 'Certificate/monitoring/alertmanager-tls');
    expect(p).toMatchObject({ id: 'G2', priority: 'P2', layer: 'Platform' });
    expect(p!.remedy.commands.join('\n')).toContain('kubectl patch certificate -n monitoring alertmanager-tls --subresource=status');
    const alert = r.proposals.find((x) => x.finding.key === 'Alert/databases/KubeJobFailed');
    expect(alert).toMatchObject({ id: 'G1', priority: 'P2', layer: 'Platform' });
    expect(alert!.remedy.goal).toContain('https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubejobfailed');
    expect(alert!.remedy.commands).toContain(`kubectl delete job -n databases ${LATENT_FAILED_JOB}`);
    expect(events('recon').some((d) => /^Final recon YELLOW: \d+ findings?, 2 not covered by an open item \(G1, G2\)/.test(d))).toBe(true);
    // The verdict is a Change Log row of the issue.
    await waitFor(() => /Final recon YELLOW/.test(sim().body), { what: 'the recon row in the Change Log' });
  }, 40_000);

  it('refuses closure while Platform is YELLOW, naming the alert, and writes nothing', async () => {
    const before = sim().body;
    const r = await session.prepareClosure();
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/platform YELLOW: Alert databases\/KubeJobFailed/) });
    expect(stores.closure.getState().phase).toBe('refused');
    expect(sim().body).toBe(before);
    expect(sim().state).toBe('open');
    expect(events('closure').at(-1)).toMatch(/^refused: .*platform YELLOW/);
  }, 30_000);

  it('adds the chosen proposal through the conflict-safe edit, keeping a concurrent human edit; it takes the next free ID (H1 after their G1)', async () => {
    // A person adds their own G1 while the picker is open: ours must not take its ID or lose it.
    const mine = '- [ ] **G1 P2 Apps**: Check the paperless OCR queue by hand';
    const withMine = sim().body.replace(/(## Action Items[^\n]*\n)/i, `$1\n${mine}\n`);
    expect(withMine).not.toBe(sim().body);
    humanSave(withMine);
    // The certificate (G2) only: the alert stays a proposal.
    const r = await session.addReconItems(['G2']);
    expect(r).toMatchObject({ ok: true, message: 'added H1 to #42' });
    const body = sim().body;
    expect(body).toContain(mine);
    expect(body).toMatch(/### Recon findings \(\d{4}-\d{2}-\d{2}\)/);
    expect(body).toMatch(/- \[ \] \*\*H1 P2 Platform\*\*: .*alertmanager-tls/);
    expect(body).toContain('Recon: added H1');
    expect(events('recon-items-added').at(-1)).toBe('added H1 to #42');
    await waitFor(() => stores.issue.getState().document?.items.some((i) => i.id === 'H1') === true, { what: 'H1 in the console' });
    expect(stores.recon.getState().proposals.map((p) => p.id)).toEqual(['G1']);
  }, 30_000);

  it('proposes related issues with reasons, holds back the Do NOT close list, closes #30 with a resolution note and logs it', async () => {
    const loaded = await session.loadRelated();
    expect(loaded).toMatchObject({ ok: true });
    const r = stores.related.getState();
    const p30 = r.proposals.find((p) => p.number === 30)!;
    expect(p30).toMatchObject({ action: 'close', selected: true, isPull: false });
    expect(p30.reasons.join(' ')).toMatch(/names .*ceph.*, which an item fixed/);
    expect(r.proposals.find((p) => p.number === 31)).toMatchObject({ selected: false, hold: 'a feature request, separate work' });
    expect(r.selected).toContain(30);
    expect(r.selected).not.toContain(31);
    expect(r.selected).not.toContain(4);

    // Not selected: refused before any dialog.
    expect(await session.planRelated(31)).toMatchObject({ ok: false, reason: expect.stringMatching(/#31 is not selected \(a feature request/) });

    const plan = await session.planRelated(30);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request).toMatchObject({ action: 'close', challenge: '30', destructive: true });
    expect(await session.runRelated(plan.request, '31')).toMatchObject({ ok: false });
    expect(world.gitea.world.issues.get(30)!.state).toBe('open');

    expect(await session.runRelated(plan.request, '30')).toMatchObject({ ok: true });
    const i30 = world.gitea.world.issues.get(30)!;
    expect(i30.state).toBe('closed');
    expect(i30.body).toMatch(/^## Resolution\nResolved as part of maintenance issue #42 on \d{4}-\d{2}-\d{2}: names .*ceph/);
    expect(sim().body).toMatch(
      /## PR\/Issue Actions\n\n\| Type \| Number \| Title \| Action \| Timestamp \| Notes \|\n\|[-|]+\n\| Issue \| #30 \| Ceph: slow ops and stalled reads on osd\.3 and osd\.7 \| Closed \| \d{4}-\d{2}-\d{2} \d{2}:\d{2} \| names/,
    );
    expect(stores.related.getState().done[30]).toEqual({ ok: true, text: 'Closed' });
    expect(events('related').at(-1)).toMatch(/^Closed #30 \(names /);

    // The Dependency Dashboard is never closed, even when the operator selects it.
    if (stores.related.getState().proposals.some((p) => p.number === 4)) {
      session.toggleRelated(4);
      const dash = await session.planRelated(4);
      if (dash.ok) expect(await session.runRelated(dash.request, '4')).toMatchObject({ ok: false, reason: expect.stringMatching(/Dependency Dashboard/) });
    }
    expect(world.gitea.world.issues.get(4)!.state).toBe('open');
  }, 30_000);

  it('closes once the items are done and the recon is GREEN: preview, typed number, body/title/state, no comment', async () => {
    // The renewal ran (the H1 remedy), the failed Job was removed (the alert's remedy, not added
    // here) and the operator's G1 was done by hand.
    const certs = world.kube!.type('certificates');
    world.kube!.store.mutate(certs, 'monitoring', 'alertmanager-tls', (c) => {
      (c.status as Record<string, unknown>).notAfter = new Date(Date.now() + 90 * 86_400_000).toISOString();
    });
    world.kube!.deleteObject(world.kube!.type('jobs'), 'databases', LATENT_FAILED_JOB, { dryRun: false });
    humanSave(sim().body.replace(/^- \[ \]/gm, '- [x]'));
    await waitFor(() => stores.recon.getState().trigger === 'final' && stores.recon.getState().overall === 'GREEN', {
      what: 'a GREEN final recon',
      timeoutMs: 20_000,
    });

    const prepared = await session.prepareClosure();
    expect(prepared).toMatchObject({ ok: true });
    const c = stores.closure.getState();
    expect(c.phase).toBe('ready');
    expect(c.title).toMatch(/^\[RESOLVED\] /);
    expect(c.body!.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(c.body).toMatch(/## Final Infrastructure State/);
    expect(c.body).toMatch(/Certificates\*\*: 9\/9 Valid/);
    expect(session.addClosureLesson('cert-manager renewals need an alert of their own')).toMatchObject({ ok: true });
    expect(stores.closure.getState().body).toContain('1. cert-manager renewals need an alert of their own');

    // A wrong number writes nothing.
    const untouched = sim().body;
    expect(await session.confirmClosure('41')).toMatchObject({ ok: false, reason: expect.stringMatching(/type 42/) });
    expect(sim().body).toBe(untouched);

    const done = await session.confirmClosure('42');
    expect(done).toMatchObject({ ok: true });
    const issue = sim();
    expect(issue.state).toBe('closed');
    expect(issue.title).toMatch(/^\[RESOLVED\] /);
    expect(issue.body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(issue.body.split(SUMMARY_MARKER)).toHaveLength(2);
    expect(issue.body).toContain('cert-manager renewals need an alert of their own');
    expect(issue.body).toContain('Closure: summary written, issue closed as [RESOLVED]');
    expect(stores.closure.getState().phase).toBe('closed');
    expect(events('closure').at(-1)).toMatch(/^done: #42 \[RESOLVED\] .*\(body written, title written, state written\)$/);
    expect(issue.body).toMatch(/### Issues Closed\n.*\n.*\n\| #30 \| Ceph: slow ops/);
    expect(Object.keys(await giteaOps()).filter((op) => /comment/i.test(op))).toEqual([]);
  }, 40_000);
});

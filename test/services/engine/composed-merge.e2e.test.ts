import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { buildDemoSession } from '../../../src/cli/session-factory.js';
import type { ConsoleSession } from '../../../src/services/engine/console-session.js';
import type { DemoWorld } from '../../../src/sim/demo/world.js';
import { FAST_TIMING } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

// The live wiring (the demo world's three simulators, the session as `demo` builds it) running
// an item whose Commands wrap a merge in other commands — `reads && curl …/merge && reads` — the
// shape that used to run as plain bash past the whole protocol.

let stores: Stores;
let session: ConsoleSession;
let world: DemoWorld;
let close: () => Promise<void>;

const COMPOUND =
  `kubectl get nodes && curl -s -X POST "$GITEA_URL/api/v1/repos/ops/homelab/pulls/45/merge" -H "Authorization: token $GITEA_TOKEN" ` +
  `-H "Content-Type: application/json" -d '{"Do":"merge","delete_branch_after_merge":true}' && kubectl get applications -n argocd cert-manager`;

beforeEach(async () => {
  stores = createStores();
  ({ session, world, close } = await buildDemoSession({
    stores,
    mode: 'WRITE',
    issue: null,
    thresholds: DEFAULT_THRESHOLDS,
    world: { cephState: 'healthy', kubeState: 'healthy', timing: FAST_TIMING },
    pollMs: 500,
  }));
  await session.start();
  await waitFor(() => stores.health.getState().gate?.overall === 'GREEN' && stores.issue.getState().document, {
    what: 'a GREEN gate and the issue',
    timeoutMs: 30_000,
  });
  // A human rewrote D3's Commands into the compound form.
  const issue = world.gitea.world.issues.get(42)!;
  const start = issue.body.indexOf('**D3 ');
  const label = issue.body.indexOf('**Commands**:', start) + '**Commands**:'.length;
  const fence = issue.body.indexOf('```bash', label);
  const end = issue.body.indexOf('```', fence + 7) + 3;
  world.gitea.world.saveBody(42, `${issue.body.slice(0, label)} \`${COMPOUND}\`${issue.body.slice(end)}`, 'admin');
  await session.refresh('issue');
  await waitFor(() => stores.issue.getState().document?.items.find((i) => i.id === 'D3')?.commands === COMPOUND, { what: 'the edited D3' });
}, 60_000);

afterEach(async () => {
  await close?.();
});

const d3 = () => stores.issue.getState().document!.items.find((i) => i.id === 'D3')!;
const app = (name: string) => stores.cluster.getState().applications.find((a) => a.name === name);

describe('a compound merge item runs through the merge loop on the simulators', () => {
  it('is refused while a layer is not GREEN, then runs the reads, merges the checked head, waits for ArgoCD, gates and ticks', async () => {
    // Not GREEN: Ceph's noout flag is a HEALTH_WARN.
    world.ceph.state.flags.add('noout');
    await session.refresh('ceph');
    await session.refresh('health');
    await waitFor(() => stores.health.getState().gate?.overall !== 'GREEN', { what: 'a non-GREEN gate' });
    const writesBefore = world.writes().gitea;
    const refused = await session.planStep({ id: 'D3', line: d3().line });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/PR #45.*GREEN/) });
    expect(world.writes().gitea).toBe(writesBefore);
    expect(world.gitea.world.issues.get(45)!.pull!.merged).toBe(false);

    world.ceph.state.flags.delete('noout');
    await session.refresh('ceph');
    await session.refresh('health');
    await waitFor(() => stores.health.getState().gate?.overall === 'GREEN', { what: 'GREEN again', timeoutMs: 20_000 });

    const plan = await session.planStep({ id: 'D3', line: d3().line });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.action).toBe('run-step');
    expect(plan.request.command).toMatch(
      /^kubectl get nodes\n⇒ merge PR #45 through the Renovate merge loop.*\nkubectl get applications -n argocd cert-manager$/,
    );
    expect(plan.request.notes[0]).toMatch(/merges PR #45 through the Renovate merge loop/);
    const headSha = world.gitea.world.issues.get(45)!.pull!.headSha;
    expect(plan.request.notes.join('\n')).toContain(`head ${headSha.slice(0, 7)}`);
    // cert-manager is core (HIGH): the typed challenge is the PR number.
    expect(plan.request.challenge).toBe('45');
    expect(await session.runStep(plan.request, 'nope')).toMatchObject({ ok: false, reason: expect.stringMatching(/type 45/) });

    const result = await session.runStep(plan.request, '45');
    expect(result, JSON.stringify(stores.step.getState().current)).toMatchObject({ ok: true });
    const pull = world.gitea.world.issues.get(45)!.pull!;
    expect(pull.merged).toBe(true);
    expect(app('cert-manager')).toMatchObject({ revision: pull.mergeCommitSha, syncStatus: 'Synced', healthStatus: 'Healthy' });
    const out = stores.step.getState().output.join('\n');
    // The reads ran as written, before and after the merge; the merge went through the loop.
    expect(out).toMatch(
      /▶ kubectl get nodes[^]*NAME\s+STATUS[^]*▶ merge PR #45 through the Renovate merge loop[^]*✓ PR #45 merged[^]*▶ kubectl get applications[^]*cert-manager/,
    );
    expect(stores.queue.getState().loop).toMatchObject({ pr: 45, phase: 'done' });
    // The loop recorded the merge without ticking; the step ticks D3 once the operator passes it.
    await session.refresh('issue');
    expect(d3().checked).toBe(false);
    expect(await session.judgeStep('pass')).toMatchObject({ ok: true });
    await session.refresh('issue');
    expect(d3().checked).toBe(true);
  }, 120_000);
});

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import type { GiteaSimStats } from '../../src/sim/gitea/introspect.js';
import { FAST_TIMING } from '../../src/sim/kube/index.js';
import { sandboxMissing, skipSsh, startSandbox, stopSandbox } from '../services/ssh/sandbox.js';
import { binPath, ensureBundle } from '../support/bundle.js';
import { TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

// Issue #12, Done-when line 1 end to end: an item whose Commands are the compound form
// `ssh controller "…pre-snapshot…" && curl -X POST …/pulls/N/merge && ssh controller "…post-check…"`,
// worked in the LIVE console (no --demo) against the simulators, with the ssh parts going to a
// real sshd (../shared/ssh-sandbox's controller) through the operator's own ssh client.

beforeAll(ensureBundle, 180_000);

const why = !hasTmux() ? 'tmux not installed' : sandboxMissing;
const skip = (!hasTmux() && !process.env.HOMELAB_REQUIRE_REAL) || skipSsh;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const MERGE_OP = 'POST /repos/{owner}/{repo}/pulls/{index}/merge';

async function giteaWrites(url: string): Promise<GiteaSimStats['writes']> {
  const r = await fetch(`${url}/_sim/stats`);
  if (!r.ok) throw new Error(`/_sim/stats: HTTP ${r.status}`);
  return ((await r.json()) as GiteaSimStats).writes;
}

/** Rows of the Change Log table (header and separator excluded). */
function changeLogRows(body: string): string[] {
  return (body.split(/^## Change Log\s*$/m)[1] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
}

describe.skipIf(skip)(`a compound ssh && merge && ssh item in the live console, real tmux and real sshd${why ? ` (${why})` : ''}`, () => {
  it('refused while RED (saying why, nothing sent, no read run); once GREEN: the pre-snapshot over ssh, the merge through the loop, ArgoCD at the merge revision, the gate, the post-check over ssh, and the pass ticks D3', async () => {
    const sandbox = startSandbox(1);
    cleanup.push(() => stopSandbox(sandbox));
    const world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy', timing: FAST_TIMING });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-compound-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));

    // The operator's `ssh controller` reaches the sandbox's controller: OpenSSH reads ~/.ssh/config
    // from the passwd entry, not $HOME, so the sandbox's client config comes in through a wrapper
    // first on PATH (the real /usr/bin/ssh, the real sshd; only the config is the test's).
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${path.join(sandbox.dir, 'ssh_config')}' "$@"\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);

    // The controller reads the cluster with kubectl (the simulator's API server is on loopback).
    const kubectl = `KUBECONFIG=${world.kubeconfigPath} kubectl get application -n argocd cert-manager`;
    const snapshot = path.join(tmp, 'cert-manager-app-pre-pr45.yaml');
    const compound =
      `ssh controller "${kubectl} -o yaml > ${snapshot}" && ` +
      `curl -s -X POST "$GITEA_URL/api/v1/repos/ops/homelab/pulls/45/merge" -H "Authorization: token $GITEA_TOKEN" -H "Content-Type: application/json" -d '{"Do":"merge","delete_branch_after_merge":true}' && ` +
      `ssh controller "${kubectl} -o jsonpath='post-check revision={.status.sync.revision} {.status.sync.status}/{.status.health.status}'"`;
    // A human wrote D3's Commands in the compound form.
    const issue = world.gitea.world.issues.get(42)!;
    const start = issue.body.indexOf('**D3 ');
    const label = issue.body.indexOf('**Commands**:', start) + '**Commands**:'.length;
    const fence = issue.body.indexOf('```bash', label);
    const end = issue.body.indexOf('```', fence + 7) + 3;
    world.gitea.world.saveBody(42, `${issue.body.slice(0, label)} \`${compound}\`${issue.body.slice(end)}`, 'admin');
    const bodyBefore = world.gitea.world.issues.get(42)!.body;
    const revisionBefore = (): string | undefined => {
      const t = world.kube!.world.registry.find('argoproj.io/v1alpha1', 'applications')!;
      return (world.kube!.world.store.get(t, 'argocd', 'cert-manager') as { status?: { sync?: { revision?: string } } } | undefined)?.status?.sync?.revision;
    };
    const oldRevision = revisionBefore();
    expect(oldRevision).toBeTruthy();

    // RED: a failed mgr module is a HEALTH_ERR (MGR_MODULE_ERROR).
    world.ceph.state.mgr.failedModules = [{ module: 'prometheus', error: 'not all arguments converted during string formatting' }];

    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      env: liveConsoleEnv(world, tmp),
      // The pane's shell start-up rewrites PATH (tmux -e PATH does not survive it): set it on the console's own command line.
      command: ['env', `PATH=${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, process.execPath, binPath],
    });
    cleanup.push(() => c.kill());
    await c.waitFor(/Overall\s+\S+ RED/, 60_000);
    c.keys('/');
    c.type('cert-manager v1.19');
    c.keys('Enter');
    await c.waitFor(/\/cert-manager v1\.19 \(1\)/);
    c.keys('Enter');
    await c.waitFor('D3  [Renovate] Merge PR #45');
    const statsRed = await giteaWrites(world.giteaUrl);

    // While RED: refused, with the reason, before anything runs.
    c.keys('s');
    await c.waitFor(/D3 merges PR #45, which cannot merge now: .*GREEN/, 20_000);
    expect(c.capture()).toMatch(/MGR_MODULE_ERROR/);
    expect(c.capture()).not.toContain('> OK <');
    expect(world.gitea.world.issues.get(45)!.pull!.merged).toBe(false);
    expect(existsSync(snapshot)).toBe(false);
    const statsRefused = await giteaWrites(world.giteaUrl);
    expect(statsRefused.byOperation[MERGE_OP] ?? 0).toBe(0);
    expect(statsRefused.received).toBe(statsRed.received);

    // The mgr fails over; the gate turns GREEN (r asks every source again instead of waiting for the next poll).
    world.ceph.restartMgr();
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('r');
    await c.waitFor(/Overall\s+\S+ GREEN/, 60_000);
    c.keys('Enter');
    await c.waitFor('D3  [Renovate] Merge PR #45');

    c.keys('s');
    // The dialog (the step line says 'Type 45' a frame before the dialog is drawn).
    const dialog = await c.waitFor(/merges PR #45 through the Renovate merge loop[\s\S]*> Cancel </, 20_000);
    expect(dialog).toContain('Type 45 to confirm');
    expect(dialog).toMatch(/merges PR #45 through the Renovate merge loop/);
    expect(dialog).toContain('ssh controller');
    // Nothing ran on confirming's way: no snapshot, nothing merged.
    expect(existsSync(snapshot)).toBe(false);
    c.type('45');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');

    const judged = await c.waitFor(/step awaiting-judgement/, 120_000);
    const pull = world.gitea.world.issues.get(45)!.pull!;
    expect(pull.merged).toBe(true);
    expect(pull.mergeCommitSha).toBeTruthy();
    // The pre-snapshot ran on the controller before the merge: it holds the revision before it.
    const snap = readFileSync(snapshot, 'utf8');
    expect(snap).toMatch(/kind: Application/);
    expect(snap).toContain(`revision: ${oldRevision}`);
    expect(snap).not.toContain(pull.mergeCommitSha!);
    // The post-check ran after ArgoCD synced the merge revision (checked in the journal below).
    expect(judged).toContain('post-check revision=');
    const stats = await giteaWrites(world.giteaUrl);
    expect(stats.byOperation[MERGE_OP]).toBe(1);
    // Not ticked before the operator judges it.
    expect(world.gitea.world.issues.get(42)!.body).toMatch(/^- \[ \] \*\*D3 /m);

    c.keys('p');
    await c.waitFor('pass D3, note (optional):');
    c.keys('Enter');
    await c.waitFor(/step passed: ticked/, 20_000);
    const body = world.gitea.world.issues.get(42)!.body;
    expect(body).toMatch(/^- \[x\] \*\*D3 /m);
    const rows = changeLogRows(body).filter((r) => !changeLogRows(bodyBefore).includes(r));
    expect(rows.some((r) => /\| D3: /.test(r))).toBe(true);

    // The journal: the step's intent, the loop's own merge intent and passed outcome inside it, then
    // the step's outcome whose output ends with the post-check at the merge revision, and the verdict.
    const journal = new Journal(path.join(tmp, 'state', 'homelab-console', 'journal.jsonl')).read().entries;
    const step = journal.find((e) => e.type === 'intent' && e.itemId === 'D3');
    const merge = journal.find((e) => e.type === 'intent' && e.kind === 'merge' && /^Merge PR #45/.test(e.title));
    expect(step).toMatchObject({ kind: 'merge' });
    expect(merge).toMatchObject({ commandText: expect.stringContaining(`"head_commit_id":"${pull.headSha}"`) });
    const outcome = (id: string | null) => journal.find((e) => e.type === 'outcome' && e.stepId === id);
    expect(outcome(merge!.stepId)).toMatchObject({
      status: 'passed',
      message: expect.stringMatching(/PR #45 merged .*cert-manager Synced\+Healthy; all layers GREEN/),
    });
    expect(outcome(step!.stepId)).toMatchObject({ outputTail: expect.arrayContaining([`post-check revision=${pull.mergeCommitSha} Synced/Healthy`]) });
    expect(journal.some((e) => e.type === 'event' && e.stepId === step!.stepId && e.event === 'judged' && e.detail === 'pass')).toBe(true);
    expect(journal.indexOf(merge!)).toBeGreaterThan(journal.indexOf(step!));
  }, 240_000);
});

/**
 * `recon` and `close` headless against the simulators, started the way an operator would: the
 * kube simulator's kubeconfig, Ceph through rook-ceph-tools, Gitea over HTTP with GITEA_* env.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SUMMARY_MARKER } from '../../src/domain/closure/summary.js';
import { analyseCached } from '../../src/domain/issue/parse.js';
import { runClosurePlan } from '../../src/services/closure/close-issue.js';
import { GiteaClient } from '../../src/services/gitea/client.js';
import { CephSimulator } from '../../src/sim/ceph/index.js';
import { GiteaSim } from '../../src/sim/gitea/index.js';
import { DEMO_TOKENS, seedDemoWorld } from '../../src/sim/gitea/seed.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec } from '../../src/sim/kube/index.js';
import { readSeedText } from '../../src/sim/seed/read-seed.js';
import { runCli } from '../support/cli.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

const seedBody = readSeedText('maintenance-body.md');
/** The seed runbook worked to the end: every item ticked with a completion note. */
const workedBody = seedBody.replace(/^- \[ \] (\*\*[A-Z]\d+ .*)$/gm, '- [x] $1 *(completed 2026-11-26 09:00 UTC — ok)*');

async function world(state: 'healthy' | 'degraded', body: string) {
  const ceph = new CephSimulator({ state });
  const kube = await KubeSim.start({
    seed: state,
    timing: FAST_TIMING,
    bookmarkIntervalMs: 0,
    exec: routeExec([{ match: isRookCephTools, handler: async (_n, _p, _c, argv) => ceph.exec(argv) }]),
  });
  stops.push(() => kube.stop());
  const gitea = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: body }) });
  await gitea.start();
  stops.push(() => gitea.stop());
  const env = { KUBECONFIG: kube.kubeconfigPath, GITEA_URL: gitea.url, GITEA_TOKEN: DEMO_TOKENS.admin, GITEA_REPO: 'ops/homelab', TZ: 'UTC' };
  return { kube, gitea, env, issue: () => gitea.world.issues.get(42)! };
}

describe('close', () => {
  it('--dry-run with open items exits 1 naming them, and writes nothing', async () => {
    const w = await world('healthy', seedBody);
    const r = await runCli(['close', '--issue', '42', '--dry-run'], w.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('#42: closure is not allowed yet; still standing:');
    expect(r.stdout).toContain('  - open item A1: Preflight access check');
    expect(w.issue().body).toBe(seedBody);
  });

  it('--dry-run with every item done but a RED layer exits 1 naming the layer and its worst offender', async () => {
    const w = await world('degraded', workedBody);
    const r = await runCli(['close', '--issue', '42', '--dry-run'], w.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}- apps RED: Pod paperless\/paperless-ngx-\S+ CrashLoopBackOff$/m);
    expect(r.stdout).toMatch(/^ {2}- system RED: /m);
    expect(r.stdout).not.toContain('open item');
    expect(w.issue().state).toBe('open');
  });

  it('GREEN and all done: --dry-run prints the title and body; killed between title and state, --confirm 42 finishes with one summary', async () => {
    const w = await world('healthy', workedBody);
    const dry = await runCli(['close', '--issue', '42', '--dry-run', '--lesson', 'Archive crashes before restarting OSDs'], w.env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe('title: [RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(dry.stdout).toContain(`${SUMMARY_MARKER}\n# RESOLVED - All Layers GREEN\n`);
    expect(dry.stdout).toMatch(/\| \*\*Metal\*\* \| GREEN \| 10\/10 nodes Ready/);
    expect(dry.stdout).toContain('1. Archive crashes before restarting OSDs');
    expect(dry.stdout).toContain('**Final Status**: RESOLVED');
    expect(w.issue().body).toBe(workedBody);

    const wrong = await runCli(['close', '--issue', '42', '--confirm', '41'], w.env);
    expect(wrong.code).toBe(2);
    expect(w.issue().body).toBe(workedBody);

    // The first run dies after the title write (a crash, Ctrl-C): body and title are written, the state is not.
    const client = new GiteaClient({ baseUrl: w.gitea.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' } });
    stops.push(() => client.close());
    const killed = new Error('killed');
    await expect(
      runClosurePlan(client, {
        number: 42,
        summary: () => `${SUMMARY_MARKER}\n# RESOLVED - All Layers GREEN\n\n## Resolution Summary\n`,
        fill: { status: 'RESOLVED', closedBy: 'test', tickCriteria: true },
        log: { stamp: { at: new Date('2026-11-26T12:00:00Z'), timeZone: 'UTC' }, action: 'Closure', result: 'GREEN' },
        mode: 'content-version',
        afterStep: (s) => {
          if (s === 'title') throw killed;
        },
      }),
    ).rejects.toBe(killed);
    expect(w.issue().title).toBe('[RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(w.issue().state).toBe('open');

    const again = await runCli(['close', '--issue', '42', '--confirm', '42'], w.env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('#42: closure finished (body already, title already, state written)\n');
    const done = w.issue();
    expect(done.state).toBe('closed');
    expect(done.title).toBe('[RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(done.body.split(SUMMARY_MARKER)).toHaveLength(2);
    expect(done.body.startsWith(SUMMARY_MARKER)).toBe(true);
    // The killed run's Change Log row, and no second one from the re-run.
    expect(done.body.match(/\| Closure \|/g) ?? []).toHaveLength(1);
    // Still the same runbook underneath: every item parses back, ticked.
    const doc = analyseCached(done.body).document;
    expect(doc.items.map((i) => i.id)).toEqual(analyseCached(seedBody).document.items.map((i) => i.id));
    expect(doc.items.every((i) => i.checked)).toBe(true);

    const third = await runCli(['close', '--issue', '42', '--confirm', '42'], w.env);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('already closed');
    expect(w.issue().body).toBe(done.body);
  });

  it('a full --confirm run writes body, title and state in that order, with one Change Log row and no comment', async () => {
    const w = await world('healthy', workedBody);
    const r = await runCli(['close', '--issue', '42', '--confirm', '42'], w.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('#42: [RESOLVED] [Maintenance] 2026-11-26 - Homelab — closed (body written, title written, state written)\n');
    const done = w.issue();
    expect(done.state).toBe('closed');
    expect(done.body.startsWith(`${SUMMARY_MARKER}\n# RESOLVED - All Layers GREEN`)).toBe(true);
    expect(done.body).toContain('**Closed By**: homelab-console');
    expect(done.body).not.toContain('**Closed Date**: PENDING');
    expect(done.body).toMatch(/^- \[x\] All action items completed or explicitly deferred$/m);
    const doc = analyseCached(done.body).document;
    expect(doc.changeLog!.rows.filter((row) => row.some((c) => c.includes('Closure')))).toHaveLength(1);
    expect(doc.items).toHaveLength(analyseCached(seedBody).document.items.length);
    expect(w.gitea.world.issues.get(4)!.state).toBe('open');
  });
});

describe('recon', () => {
  it('GREEN homelab: exit 0 with no findings; --issue proposes nothing', async () => {
    const w = await world('healthy', workedBody);
    const r = await runCli(['recon', '--json', '--issue', '42'], w.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { overall: string; findings: unknown[]; proposals: unknown[] };
    expect(json.overall).toBe('GREEN');
    expect(json.findings).toEqual([]);
    expect(json.proposals).toEqual([]);
  });

  it('degraded: findings with remedies; those no open item covers are proposed, added with --add, and parse back', async () => {
    const w = await world('degraded', workedBody);
    const r = await runCli(['recon', '--json', '--issue', '42'], w.env);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as {
      findings: Array<{ kind: string; name: string; owner?: { name: string } }>;
      proposals: Array<{ id: string; priority: string; title: string; commands: string[] }>;
    };
    const pod = json.findings.find((f) => f.kind === 'Pod')!;
    expect(pod.owner).toEqual({ kind: 'Deployment', name: 'paperless-ngx' });
    // Every item is ticked, so nothing covers the findings: each becomes a G item.
    expect(json.proposals.map((p) => p.id)).toEqual(json.findings.map((_f, i) => `G${i + 1}`));
    const crash = json.proposals.find((p) => p.title.startsWith('Fix crash-looping Deployment paperless/paperless-ngx'))!;
    expect(crash.priority).toBe('P0');
    expect(crash.commands).toContain(`kubectl logs -n paperless ${pod.name} --previous --all-containers --tail=200`);
    expect(crash.commands).toContain('kubectl rollout restart deployment/paperless-ngx -n paperless');

    const add = await runCli(['recon', '--issue', '42', '--add', `G1,${crash.id}`], w.env);
    expect(add.code).toBe(2);
    expect(add.stdout).toContain(`added G1, ${crash.id}`.replace(`G1, G1`, 'G1'));
    const body = w.issue().body;
    expect(body).toMatch(/^### Recon findings \(\d{4}-\d{2}-\d{2}\)$/m);
    const doc = analyseCached(body).document;
    const added = doc.items.filter((i) => i.group?.startsWith('Recon findings'));
    expect(added.map((i) => i.id)).toEqual([...new Set(['G1', crash.id])].sort());
    for (const i of added) {
      expect(i.checked).toBe(false);
      expect(i.goal && i.commands && i.expected && i.ifFails && i.rollback).toBeTruthy();
    }
    expect(doc.changeLog!.rows.some((row) => row.some((c) => c.includes('Recon: added')))).toBe(true);
    // The new items cover their findings now: a second recon does not propose them again.
    const again = JSON.parse((await runCli(['recon', '--json', '--issue', '42'], w.env)).stdout) as { proposals: Array<{ finding: string }> };
    expect(again.proposals.length).toBe(json.proposals.length - added.length);
  });
});

/**
 * PR #47 (postgres v17 → v18, a database major) worked from the live console in real tmux, as an
 * operator starts it against the demo simulators: the merge key alone is refused, then u walks the
 * database protocol — the out-of-order reason, the pre-flight, the five assessment answers, the
 * backup of a REAL PostgreSQL (behind postgres-0's exec) verified and restored into a scratch
 * PostgreSQL, the dependents scaled to 0 (confirmed), the merge, Gates 1–2, the dependents back one
 * at a time and the stabilisation countdown (30 s here), during which a second major is refused with
 * the time left. Each stage is asserted in #42's Change Log
 * as the Gitea simulator holds it, and in the journal. Skips with the reason without tmux or
 * PostgreSQL, unless HOMELAB_REQUIRE_REAL=1 (CI), then fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { builtinExec, FAST_TIMING, localDatabaseExec } from '../../src/sim/kube/index.js';
import { ensureBundle } from '../support/bundle.js';
import { postgresMissing, startPostgres } from '../support/real-db.js';
import { requireRealServers } from '../support/shared.js';
import { waitFor } from '../support/wait.js';
import { TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

const why = !hasTmux() ? 'tmux not installed' : postgresMissing();
if (why && requireRealServers) {
  describe('database protocol in the live console (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has tmux and PostgreSQL', () => expect.fail(why));
  });
}

beforeAll(async () => {
  if (!why) await ensureBundle();
}, 180_000);

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.skipIf(why !== null)(`PR #47 through the database protocol from the live console${why ? ` (skipped: ${why})` : ''}`, () => {
  it('only through the protocol: pre-flight, verified backup, dependents down and back one by one, gates, the countdown; every stage in the Change Log', async () => {
    const [pg, scratch] = await Promise.all([startPostgres(), startPostgres()]);
    cleanup.push(() => Promise.all([pg.stop(), scratch.stop()]).then(() => undefined));
    await pg.psql("create table documents (id int primary key, title text); insert into documents select g, 'doc ' || g from generate_series(1, 4321) g;");

    const world = await DemoWorld.start({
      cephState: 'healthy',
      kubeState: 'healthy',
      breaks: false,
      timing: FAST_TIMING,
      execRoutes: [
        { match: (ns, pod) => ns === 'databases' && pod === 'postgres-0', handler: localDatabaseExec({ engine: 'postgresql', port: pg.port }, builtinExec) },
      ],
    });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-dbproto-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
    const config = path.join(tmp, 'config.yaml');
    writeFileSync(
      config,
      ['upgrade:', '  stabiliseMinutes: 0.5', '  scratch:', `    postgresql: { host: 127.0.0.1, port: ${scratch.port}, user: postgres }`, ''].join('\n'),
    );
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 200,
      rows: 70,
      env: { ...liveConsoleEnv(world, tmp), HOMELAB_CONSOLE_CONFIG: config },
    });
    cleanup.push(() => c.kill());

    const body = () => world.gitea.world.issues.get(42)!.body;
    const log = () => body().split(/^## Change Log\s*$/m)[1] ?? '';
    // `action | result` in a pattern skips the table's User column between them.
    const row = (re: RegExp, what: string) => {
      const cells = new RegExp(re.source.replaceAll(' \\| ', ' \\| [^|\\n]*? \\| '));
      return waitFor(() => cells.test(log()), { what: `the Change Log row: ${what}\n${log().slice(-3000)}`, timeoutMs: 60_000 });
    };
    const replicas = (ns: string, name: string) =>
      (world.kube!.world.store.get(world.kube!.world.registry.builtin('Deployment', 'apps'), ns, name) as unknown as { spec: { replicas: number } }).spec
        .replicas;

    await c.waitFor(/GREEN/, 90_000);
    c.keys('4');
    c.keys('/');
    c.type('postgres');
    c.keys('Enter');
    await c.waitFor(/\/postgres \(\d\)[\s\S]*>\d+ #47 /, 20_000);
    c.keys('Enter');
    await c.waitFor('PR #47 (open)', 20_000);
    await c.waitFor('merges only through its protocol: u starts the pre-flight');

    // The merge key alone is refused: the protocol has not run, and #47 is out of order.
    c.keys('m');
    await c.waitFor(/merge PR #47: refused, nothing was done/, 30_000);
    expect(world.gitea.world.issues.get(47)!.pull!.merged).toBe(false);

    // Out of order: a typed reason first (too short is asked again), recorded.
    c.keys('u');
    await c.waitFor(/PR #47 out of order: PR #\d+ .* comes first: why take it now\?/, 30_000);
    c.type('short');
    c.keys('Enter');
    await c.waitFor(/at least 10 characters\) for taking this PR out of order; asked again/, 20_000);
    c.type('postgres 17 goes EOL first');
    c.keys('Enter');
    await row(/PR #47 taken out of the merge order \| reason: postgres 17 goes EOL first/, 'the order reason');

    // Pre-flight: breaking changes, dependency check, the database pod, its dependents, the rollback plan.
    await c.waitFor(/next: start the database protocol of PR #47: pre-flight \(u\)/, 20_000);
    c.keys('u');
    await c.waitFor(/pre-flight of PR #47: \d+ of \d+ steps verified/, 60_000);
    await c.waitFor(/√ done +Dependents found .*: deployment\/nextcloud\/nextcloud, deployment\/paperless\/paperless-ngx/);
    await row(/database protocol started \(risk CRITICAL/, 'protocol started');
    await row(/database protocol, prepare: Breaking changes read .* \| verified:/, 'breaking changes');
    await row(/database protocol, prepare: Dependency check.* \| verified: databases\/postgres-0/, 'dependency check');
    await row(/database protocol, prepare: Dependents found .* \| verified: deployment\/nextcloud\/nextcloud/, 'dependents');

    // The five assessment questions, each asked in turn in the hint line.
    await c.waitFor(/answer the assessment next \(u\)/, 20_000);
    c.keys('u');
    await c.waitFor(/PR #47 \(1\/5\) Are there API\/CRD schema changes\?/, 20_000);
    for (let i = 1; i <= 5; i++) {
      const screen = await c.waitFor(new RegExp(`PR #47 \\(${i}/5\\) `), 20_000);
      c.type(/data migration/.test(screen) ? 'yes: PG 18 cannot start on a 17 data directory' : 'no');
      c.keys('Enter');
    }
    await row(/database protocol, prepare: Assessment questions answered .* \| verified: all five answered/, 'assessment');
    await c.waitFor(/next: take the full backup of PR #47's database and verify it \(u\)/, 20_000);

    // The backup: a real pg_dumpall streamed off the pod, verified, restored into the scratch server.
    c.keys('u');
    await c.waitFor(/PR #47: backup verified: .*\.sql \(/, 90_000);
    await row(/database protocol, prepare: Full backup streamed off the pod .* \| verified: .*\.sql/, 'backup');
    await row(/database protocol, prepare: Backup verified .* \| verified: .*4321 rows in the database, 4321 after the restore/, 'backup verified');
    await row(/database protocol, prepare: Recovery procedure written/, 'recovery procedure');
    expect((await scratch.psql('select count(*) from documents')).trim()).toBe('4321');
    expect(world.gitea.world.issues.get(47)!.pull!.merged).toBe(false);

    // Dependents scaled to 0, one at a time, confirmed in the dialog with the exact commands.
    c.keys('u');
    await c.waitFor('Type 47 to confirm', 30_000);
    expect(c.capture()).toMatch(/kubectl scale deployment\/nextcloud -n nextcloud --replicas=0/);
    c.type('47');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await row(/scaled deployment\/nextcloud\/nextcloud to 0 \| confirmed: 0 replicas ready/, 'nextcloud down');
    await row(/scaled deployment\/paperless\/paperless-ngx to 0 \| confirmed: 0 replicas ready/, 'paperless down');
    await row(/database protocol, execute: Dependents scaled to 0, each confirmed \| verified:/, 'scale-down');
    expect(replicas('paperless', 'paperless-ngx')).toBe(0);

    // Now, and only now, the merge: through the loop, then the protocol's gates after it.
    await c.waitFor(/PR #47: 2 dependent\(s\) at 0/, 20_000);
    c.keys('m');
    await c.waitFor('Type 47 to confirm', 30_000);
    c.type('47');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await waitFor(() => world.gitea.world.issues.get(47)!.pull!.merged, { what: 'PR #47 merged', timeoutMs: 60_000 });
    await row(/database protocol, validate: Gate 1.* \| verified: 1 pod\(s\) Running and ready/, 'gate 1');
    await row(/database protocol, validate: Gate 2.* \| verified: \d+ Applications Synced\/Healthy/, 'gate 2');
    await row(/scaled deployment\/nextcloud\/nextcloud back to 1 \| confirmed: 1\/1 ready/, 'nextcloud back');
    await row(/scaled deployment\/paperless\/paperless-ngx back to 1 \| confirmed: 1\/1 ready/, 'paperless back');
    // One at a time: nextcloud's row is written before paperless's.
    expect(log().indexOf('nextcloud/nextcloud back to 1')).toBeLessThan(log().indexOf('paperless/paperless-ngx back to 1'));
    await row(/database protocol, validate: Post-upgrade validation .* \| verified:/, 'post-upgrade validation');

    // Gate 3: the countdown on screen; a second major meanwhile is refused with the time left; then the window passes.
    await c.waitFor(/Gate 3 stabilisation window: 0:\d\d left; no new alerts, no restarts/, 60_000);
    // One key at a time, each seen to land (Esc and a key right after it would read as Alt+key).
    c.keys('Escape');
    await c.waitFor(/4 Renovate queue .*\/postgres/, 20_000);
    c.keys('Escape');
    await c.waitForGone('/postgres', 20_000);
    c.keys('/');
    c.type('prometheus');
    c.keys('Enter');
    await c.waitFor(/>\d+ #44 /, 20_000);
    c.keys('m');
    await c.waitFor(
      /merge PR #44: refused, nothing was done: stabilisation window after PR #47 \(chore\(deps\): update postgres docker tag to v18\): \d+ s left — the next major waits/,
      30_000,
    );
    expect(world.gitea.world.issues.get(44)!.pull!.merged).toBe(false);
    await row(/database protocol, stabilise: Stabilisation window.* \| verified: stable for 30 s: no new alerts, no restarts/, 'the window');
    expect(replicas('paperless', 'paperless-ngx')).toBe(1);

    const journal = path.join(tmp, 'state', 'homelab-console', 'journal.jsonl');
    expect(existsSync(journal)).toBe(true);
    const text = readFileSync(journal, 'utf8');
    expect(text).toContain('"event":"upgrade-stage"');
    expect(text).toContain('Recovery Procedure for PostgreSQL');
    expect(text).toMatch(/PR #47: database protocol, stabilise: Stabilisation window/);
  }, 400_000);
});

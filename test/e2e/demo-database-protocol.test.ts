/**
 * Issue #15's first Done-when, in the demo itself: `homelab-console demo --healthy --stabilise 20`
 * in real tmux, GREEN from the start, PR #47 (postgres v18, a database major) refused by the merge
 * key alone and then walked with u through every stage of the database protocol — the order
 * reason, the pre-flight, the five answers, the backup of the demo's postgres pod (a pg_dumpall of
 * the simulator's seeded rows) verified, the dependents scaled to 0 and back one at a time, the
 * merge, Gates 1–2, the post-upgrade validation and the 20-second stabilisation countdown — with
 * every stage's row read from #42's Change Log in the demo's own Gitea simulator (over its HTTP
 * API, at the address the PR detail links) and the backup file read from the demo's state dir.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/sim/gitea/index.js';
import { seedPgCluster } from '../../src/sim/postgres/cluster.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { TmuxConsole, hasTmux } from './tmux.js';

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;

beforeAll(async () => {
  if (!skip) await ensureBundle();
}, 180_000);

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.skipIf(skip)(`PR #47 through the database protocol in the demo${skip ? ' (skipped: tmux not installed)' : ''}`, () => {
  it('demo --healthy: only through the protocol, the backup of the seeded rows verified, dependents down and back, gates, the countdown; every stage in #42', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-demo-db-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));
    const c = TmuxConsole.start(['demo', '--healthy', '--stabilise', '20'], {
      columns: 200,
      rows: 70,
      // The demo's journal, backups and CRD snapshots go to a temp dir of its own: here, under tmp.
      env: { HOME: tmp, XDG_STATE_HOME: path.join(tmp, 'state'), TMPDIR: tmp, NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache') },
    });
    cleanup.push(() => c.kill());

    // The demo's state dir (journal, backups) under tmp.
    const demoDir = () => readdirSync(tmp).find((d) => d.startsWith('homelab-console-demo-'));
    const journal = () => {
      const d = demoDir();
      const f = d ? path.join(tmp, d, 'journal.jsonl') : null;
      return f && existsSync(f) ? readFileSync(f, 'utf8') : '';
    };
    // The demo's Gitea simulator: the PR detail links the PR on it.
    let gitea: string | null = null;
    const body = async () => {
      const res = await fetch(`${gitea}/api/v1/repos/ops/homelab/issues/42`, { headers: { Authorization: `token ${DEMO_TOKENS.admin}` } });
      return ((await res.json()) as { body: string }).body;
    };
    let last = '';
    const log = async () => (last = (await body()).split(/^## Change Log\s*$/m)[1] ?? '');
    // `action | result` in a pattern skips the table's User column between them.
    const row = (re: RegExp, what: string) => {
      const cells = new RegExp(re.source.replaceAll(' \\| ', ' \\| [^|\\n]*? \\| '));
      return waitFor(async () => cells.test(await log()), { what: `the Change Log row: ${what}`, timeoutMs: 60_000 }).catch((err: Error) => {
        throw new Error(`${err.message}\n${last.slice(-3000)}\n--- screen ---\n${c.capture()}`, { cause: err });
      });
    };

    // Healthy from the start: no runbook to work before a merge may go.
    await c.waitFor(/Overall +\S+ GREEN/, 120_000);
    c.keys('4');
    c.keys('/');
    c.type('postgres');
    c.keys('Enter');
    await c.waitFor(/\/postgres \(\d\)[\s\S]*>\d+ #47 /, 30_000);
    c.keys('Enter');
    gitea = /(http:\/\/127\.0\.0\.1:\d+)\/ops\/homelab\/pulls\/47/.exec(await c.waitFor(/http:\/\/127\.0\.0\.1:\d+\/ops\/homelab\/pulls\/47/, 30_000))![1]!;
    await c.waitFor('PR #47 (open)', 30_000);
    await c.waitFor('merges only through its protocol: u starts the pre-flight', 30_000);

    // The merge key alone is refused: the protocol has not run.
    c.keys('m');
    await c.waitFor(/merge PR #47: refused, nothing was done/, 30_000);

    // Out of order: a typed reason, recorded.
    c.keys('u');
    await c.waitFor(/PR #47 out of order: PR #\d+ .* comes first: why take it now\?/, 30_000);
    c.type('postgres 17 goes EOL first');
    // Enter only once the text is seen in the prompt (a key typed before the prompt takes input is lost under load).
    await c.waitFor('why take it now? (at least 10 characters) postgres 17 goes EOL first', 20_000);
    c.keys('Enter');
    await row(/PR #47 taken out of the merge order \| reason: postgres 17 goes EOL first/, 'the order reason');

    // Pre-flight.
    await c.waitFor(/next: start the database protocol of PR #47: pre-flight \(u\)/, 30_000);
    c.keys('u');
    await c.waitFor(/pre-flight of PR #47: \d+ of \d+ steps verified/, 60_000);
    await row(/database protocol started \(risk CRITICAL/, 'protocol started');
    await row(/database protocol, prepare: Breaking changes read .* \| verified:/, 'breaking changes');
    await row(/database protocol, prepare: Dependency check.* \| verified: databases\/postgres-0/, 'dependency check');
    await row(
      /database protocol, prepare: Dependents found .* \| verified: deployment\/nextcloud\/nextcloud, deployment\/paperless\/paperless-ngx/,
      'dependents',
    );

    // The five assessment answers.
    await c.waitFor(/answer the assessment next \(u\)/, 30_000);
    c.keys('u');
    for (let i = 1; i <= 5; i++) {
      const screen = await c.waitFor(new RegExp(`PR #47 \\(${i}/5\\) `), 30_000);
      const typed = /data migration/.test(screen) ? 'yes: PG 18 cannot start on a 17 data directory' : 'no';
      c.type(typed);
      await c.waitFor(`yes: …/no/unknown: ${typed}`, 20_000);
      c.keys('Enter');
    }
    await row(/database protocol, prepare: Assessment questions answered .* \| verified: all five answered/, 'assessment');

    // The backup: the demo pod's pg_dumpall of its seeded rows, streamed to the demo's state dir and verified by its ends.
    await c.waitFor(/next: take the full backup of PR #47's database and verify it \(u\)/, 30_000);
    c.keys('u');
    const done = await c.waitFor(/PR #47: backup verified: .*\.sql \(/, 90_000);
    expect(done).not.toMatch(/refused/);
    await row(
      /database protocol, prepare: Database pod\(s\) and current version identified \| verified: databases\/postgres-0: postgresql 17\.7 — psql \(PostgreSQL\) 17\.7/,
      'version',
    );
    await row(/database protocol, prepare: Full backup streamed off the pod .* \| verified: .*databases_postgres-0_postgresql_\d{8}_\d{6}\.sql/, 'backup');
    await row(/database protocol, prepare: Backup verified .* \| verified: .*ends with "PostgreSQL database cluster dump complete"/, 'backup verified');
    await row(/database protocol, prepare: Recovery procedure written/, 'recovery procedure');
    await row(/database protocol, prepare: Rollback plan written .* \| verified: written into the issue/, 'rollback plan');
    const backups = path.join(tmp, demoDir()!, 'backups');
    const dump = readFileSync(
      path.join(
        backups,
        readdirSync(backups).find((f) => f.endsWith('.sql'))!,
      ),
      'utf8',
    );
    // Every seeded row is in the file, as COPY data of its table.
    for (const t of seedPgCluster().databases.flatMap((d) => d.tables)) {
      const copy = dump.split(`COPY public.${t.name} (`)[1]!.split('\n\\.\n')[0]!.split('\n').slice(1);
      expect(copy, t.name).toHaveLength(t.rows.length);
    }

    // Dependents scaled to 0, one at a time, confirmed with the PR number typed.
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

    // Now the merge, through the loop, and the stages after it.
    await c.waitFor(/PR #47: 2 dependent\(s\) at 0/, 30_000);
    c.keys('m');
    await c.waitFor('Type 47 to confirm', 30_000);
    c.type('47');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await row(/database protocol, execute: PR merged at the checked head.* \| verified: merged [0-9a-f]{7}/, 'merge');
    await row(/database protocol, validate: Gate 1.* \| verified: 1 pod\(s\) Running and ready/, 'gate 1');
    await row(/database protocol, validate: Gate 2.* \| verified: \d+ Applications Synced\/Healthy/, 'gate 2');
    await row(/scaled deployment\/nextcloud\/nextcloud back to 1 \| confirmed: 1\/1 ready/, 'nextcloud back');
    await row(/scaled deployment\/paperless\/paperless-ngx back to 1 \| confirmed: 1\/1 ready/, 'paperless back');
    expect(last.indexOf('nextcloud/nextcloud back to 1')).toBeLessThan(last.indexOf('paperless/paperless-ngx back to 1'));
    await row(/database protocol, validate: Dependents scaled back up one at a time.* \| verified:/, 'scale-up');
    await row(/database protocol, validate: Post-upgrade validation .* \| verified:/, 'post-upgrade validation');

    // Gate 3: the short countdown on screen, then the window passes and the protocol is complete.
    await c.waitFor(/Gate 3 stabilisation window: 0:\d\d left; no new alerts, no restarts/, 60_000);
    await row(/database protocol, stabilise: Stabilisation window \(20 s\).* \| verified: stable for 20 s: no new alerts, no restarts/, 'the window');
    await c.waitFor(/√ done +Stabilisation window/, 30_000);
    expect(journal()).toContain('"event":"upgrade-stage"');
  }, 420_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasShared, repoRoot } from '../support/shared.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const SEED = path.join(repoRoot, 'src', 'sim', 'seed', 'maintenance-body.md');
const FIX = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'issues', name);
const AT = ['--at', '2026-11-26T20:30:00Z', '--tz', 'America/Chicago'];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'homelab-console'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '200', HOMELAB_CONSOLE_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure the user can act on: exit 2, exactly one line on stderr, nothing on stdout, no stack. */
function expectOneLineError(r: ReturnType<typeof cli>, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('plan', () => {
  it('prints a table of pending items with the next one marked', () => {
    const r = cli('plan', '--issue-file', SEED);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('[Maintenance] 2026-11-26 - Homelab');
    expect(lines[1]).toContain('Overall Status: RED');
    expect(lines[1]).toContain('17 of 17 items pending');
    expect(r.stdout).toMatch(/^\s+ID\s+PRI\s+SEVERITY\s+LAYER\s+GROUP\s+LINE\s+TITLE$/m);
    expect(r.stdout).toMatch(/^▶\s+A1\s+P0\s+CRITICAL\s+All\s+Phase A: Preflight\s+66\s+Preflight access check$/m);
    expect(r.stdout).toMatch(/^!\s+F1\s+P0\s+CRITICAL\s+All\s+Final Validation\s+\d+\s+Universal validation gate$/m);
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'C1', 'C2', 'C3', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'E1'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${id}\\s`, 'm'));
    expect(r.stdout).toContain('▶ next: A1 (line 66)');
  });

  it('prints the documented JSON contract', () => {
    const r = cli('plan', '--issue-file', SEED, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['title', 'overallStatus', 'lastUpdated', 'items', 'next', 'warnings']);
    expect(json).toMatchObject({
      title: '[Maintenance] 2026-11-26 - Homelab',
      overallStatus: 'RED',
      lastUpdated: '2026-11-26 07:40 UTC',
      next: 'A1',
      warnings: [],
    });
    expect(json.items).toHaveLength(17);
    const c1 = json.items.find((i: { id: string }) => i.id === 'C1');
    expect(c1).toMatchObject({
      id: 'C1',
      priority: 'P1',
      severity: 'HIGH',
      layer: 'Storage',
      title: 'Purge dead osd.8 (destructive)',
      checked: false,
      group: 'High (P1)',
      outOfOrder: false,
    });
    expect(c1.commands.split('\n')).toEqual([
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph osd tree',
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph osd out 8',
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph osd purge 8 --yes-i-really-mean-it',
    ]);
    expect(readFileSync(SEED, 'utf8').split('\n')[c1.line - 1]).toBe('- [ ] **C1 P1 Storage**: Purge dead osd.8 (destructive)');
    for (const item of json.items) {
      expect(Object.keys(item).slice(0, 14)).toEqual([
        'id',
        'priority',
        'severity',
        'layer',
        'title',
        'checked',
        'group',
        'line',
        'goal',
        'commands',
        'expected',
        'ifFails',
        'rollback',
        'outOfOrder',
      ]);
    }
  });

  it('says per item how it will run: typed, merge (with its PRs), runbook or manual', () => {
    const json = JSON.parse(cli('plan', '--issue-file', SEED, '--json').stdout);
    const step = (id: string) => json.items.find((i: { id: string }) => i.id === id).step;
    expect(step('C1')).toEqual({ kind: 'typed', prs: [], destructive: true, interactive: false });
    expect(step('D3')).toEqual({ kind: 'merge', prs: [45], destructive: false, interactive: false });
    for (const item of json.items) expect(['typed', 'merge', 'runbook', 'manual']).toContain(item.step.kind);
  });

  it('narrows to the operator’s focus', () => {
    const r = cli('plan', '--issue-file', SEED, '--json', '--focus', 'Platform,P2');
    const json = JSON.parse(r.stdout);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['D1', 'D2', 'D3', 'D6']);
    expect(json.next).toBe('D1');
    const byId = JSON.parse(cli('plan', '--issue-file', SEED, '--json', '--focus', 'c2', '--focus', 'E1').stdout);
    expect(byId.items.map((i: { id: string }) => i.id)).toEqual(['C2', 'E1']);
  });

  it.skipIf(!hasShared)('reads a real corpus body', () => {
    const json = JSON.parse(cli('plan', '--issue-file', corpusPath('issues', '2026-03-07-maintenance-body-issue71.md'), '--json').stdout);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['A1', 'C3', 'C1', 'C4', 'C2', 'D1', 'D2', 'D3', 'D4', 'D5', 'F1']);
    expect(json.next).toBe('A1');
  });

  it('warns in both outputs when every checkbox sits in a fence', () => {
    const json = JSON.parse(cli('plan', '--issue-file', FIX('fenced-only.md'), '--json').stdout);
    expect(json.items).toEqual([]);
    expect(json.next).toBeNull();
    expect(json.warnings).toEqual(['all 2 checkboxes sit inside code fences, so there are no action items']);
    expect(cli('plan', '--issue-file', FIX('fenced-only.md')).stdout).toContain('warning: all 2 checkboxes sit inside code fences');
  });

  it('refuses bad input with one line and exit 2', () => {
    expectOneLineError(cli('plan', '--issue-file', '/nonexistent/body.md'), /^homelab-console: plan: cannot read \/nonexistent\/body.md: no such file$/m);
    expectOneLineError(cli('plan'), /plan: --issue-file FILE.* is required/);
    expectOneLineError(cli('plan', '--issue-file', SEED, '--focus', 'Z9'), /no action item with ID 'Z9'/);
    expectOneLineError(cli('plan', '--issue-file', SEED, '--bogus'), /plan: Unknown option '--bogus'/);
    const dir = mkdtempSync(path.join(tmpdir(), 'hc-plan-'));
    const prose = path.join(dir, 'prose.md');
    writeFileSync(prose, '# Notes\n\nNothing to do here.\n');
    expectOneLineError(cli('plan', '--issue-file', prose), /is not a maintenance body/);
    expectOneLineError(cli('plan', '--issue-file', dir), /is a directory/);
  });

  it('prints its usage with --help', () => {
    const r = cli('plan', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: homelab-console plan --issue-file FILE/);
  });
});

describe('edit', () => {
  it('ticks, logs, sets status and Last Updated; every other byte is the input’s', () => {
    const src = readFileSync(SEED, 'utf8');
    const r = cli('edit', '--issue-file', SEED, '--tick', 'B1', '--note', '3 crashes archived', '--status', 'yellow', '--log', 'Archived Ceph crashes', ...AT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const want = src
      .replace('| **Overall Status** | 🔴 RED |', '| **Overall Status** | 🟡 YELLOW |')
      .replace('| **Last Updated** | 2026-11-26 07:40 UTC |', '| **Last Updated** | 2026-11-26 14:30 CST |')
      .replace(
        '- [ ] **B1 P0 Storage**: Archive Ceph crash reports\n',
        '- [x] **B1 P0 Storage**: Archive Ceph crash reports *(completed 2026-11-26 14:30 CST — 3 crashes archived)*\n',
      )
      .replace('| - | No actions yet | - | - |', '| 2026-11-26 14:30 CST | Archived Ceph crashes | homelab-console | 3 crashes archived |');
    expect(r.stdout).toBe(want);
  });

  it('keeps CRLF, trailing spaces and a missing final newline', () => {
    for (const name of ['crlf.md', 'trailing-spaces.md', 'no-final-newline.md']) {
      const src = readFileSync(FIX(name), 'utf8');
      const r = cli('edit', '--issue-file', FIX(name), '--tick', 'A1', ...AT);
      expect(r.code, name).toBe(0);
      const a = src.split('\n');
      const b = r.stdout.split('\n');
      expect(b).toHaveLength(a.length);
      const changed = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
      expect(changed.map(([x]) => x?.replace(/\s+$/, ''))).toEqual(['| **Last Updated** | 2026-05-08T14:00:00Z |', '- [ ] **A1 P0 Storage**: Archive crashes']);
      for (const [x, y] of changed) expect(y?.match(/\s*$/)?.[0]).toBe(x?.match(/\s*$/)?.[0]);
      expect(r.stdout.endsWith('\n')).toBe(src.endsWith('\n'));
    }
  });

  it('unticks and removes the completion note', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hc-edit-'));
    const file = path.join(dir, 'body.md');
    const src = readFileSync(FIX('changelog-wrappers.md'), 'utf8');
    writeFileSync(file, cli('edit', '--issue-file', FIX('changelog-wrappers.md'), '--tick', 'A1', '--note', 'ok', ...AT).stdout);
    const r = cli('edit', '--issue-file', file, '--untick', 'A1', '--at', '2026-05-08T14:00:00Z');
    expect(r.stdout).toBe(src);
  });

  it('--untick ID --note marks it rolled back with a row; --defer ID --note leaves it open, marked deferred, with a row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hc-edit-'));
    const file = path.join(dir, 'body.md');
    writeFileSync(file, cli('edit', '--issue-file', SEED, '--tick', 'C2', '--note', 'noout unset', ...AT).stdout);
    const back = cli('edit', '--issue-file', file, '--untick', 'C2', '--note', 'osd.8 replacement needs noout', '--tz', 'UTC', '--at', '2026-11-27T08:05:00Z');
    expect(back.code).toBe(0);
    const c2 = back.stdout.split('\n').find((l) => l.includes('**C2 '))!;
    expect(c2).toBe('- [ ] **C2 P1 Storage**: Unset the noout flag *(rolled back 2026-11-27 08:05 UTC — osd.8 replacement needs noout)*');
    expect(back.stdout).toMatch(/\| Rollback C2: Unset the noout flag \| homelab-console \| rolled back — osd\.8 replacement needs noout \|/);
    writeFileSync(file, back.stdout);
    const d = cli('edit', '--issue-file', file, '--defer', 'D5', '--note', 'merge after the backup', '--tz', 'UTC', '--at', '2026-11-27T08:10:00Z');
    expect(d.code).toBe(0);
    expect(d.stdout.split('\n').find((l) => l.includes('**D5 '))).toMatch(/^- \[ \] .*\*\(deferred 2026-11-27 — merge after the backup\)\*$/);
    expect(d.stdout).toMatch(/\| Defer D5: .* \| deferred — merge after the backup \|/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--defer', 'D5'), /--defer needs --note REASON/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--defer', 'D5', '--tick', 'D5', '--note', 'x'), /give one of --tick, --untick or --defer/);
  });

  it('refuses bad input with one line and exit 2', () => {
    expectOneLineError(cli('edit', '--issue-file', SEED, '--tick', 'Z9'), /no action item with ID 'Z9' in .*maintenance-body\.md \(IDs: A1, B1, B2/);
    expectOneLineError(cli('edit', '--issue-file', '/nonexistent/body.md', '--tick', 'A1'), /cannot read \/nonexistent\/body\.md: no such file/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--tick', 'A1', '--status', 'PURPLE'), /--status takes GREEN, YELLOW or RED/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--status', 'GREEN', '--note', 'x'), /--note goes with --tick, --untick or --defer/);
    expectOneLineError(cli('edit', '--issue-file', SEED), /nothing to do/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--tick', 'A1', '--at', 'yesterday'), /--at takes an ISO time/);
    expectOneLineError(cli('edit', '--issue-file', SEED, '--tick', 'A1', '--tz', 'Mars/Olympus'), /unknown time zone 'Mars\/Olympus'/);
    expectOneLineError(cli('edit', '--issue-file', FIX('header-forms.md'), '--log', 'x'), /has no Change Log table/);
    expectOneLineError(cli('edit', '--issue-file', FIX('unbalanced-fence.md'), '--status', 'GREEN'), /has no Overall Status field/);
  });
});

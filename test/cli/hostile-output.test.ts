import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { runCli } from '../support/cli.js';
import { ACTIVE, HIDDEN_COMMAND, HOSTILE_BODY, HOSTILE_TITLE } from '../support/hostile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bodyFile = path.join(dir, 'hostile.md');
writeFileSync(bodyFile, HOSTILE_BODY);

describe('a hostile issue body through plan', () => {
  test('the table shows every control spelled out and nothing a terminal would act on', async () => {
    const r = await runCli(['plan', '--issue-file', bodyFile, '--all']);
    expect(r.code).toBe(0);
    expect(ACTIVE.test(r.stdout.replace(/\n/g, ''))).toBe(false);
    expect(r.stdout).toContain('\\x1b[31mRED\\x1b[0m');
  });

  test('--json keeps the exact text, JSON-escaped', async () => {
    const r = await runCli(['plan', '--issue-file', bodyFile, '--json']);
    expect(r.code).toBe(0);
    expect(ACTIVE.test(r.stdout.replace(/\n/g, ''))).toBe(false);
    const doc = JSON.parse(r.stdout) as { items: Array<{ id: string | null; title: string; commands: string | null }> };
    const h1 = doc.items.find((i) => i.id === 'H1')!;
    expect(h1.title).toBe('Clear the cache \x1b[31mRED\x1b[0m');
    expect(JSON.stringify(doc)).toContain(JSON.stringify(HIDDEN_COMMAND).slice(1, -1));
  });
});

describe('a hostile journal through journal', () => {
  const state = path.join(dir, 'state');
  const journal = new Journal(path.join(state, 'homelab-console', 'journal.jsonl'));
  journal.append({
    type: 'intent',
    stepId: 's1',
    at: '2026-11-26T10:00:00.000Z',
    issue: 'ops/homelab#42',
    itemId: 'H1',
    itemLine: 9,
    title: '\x1b]0;pwned\x07\x1b[2J',
    kind: 'runbook',
    commandText: HIDDEN_COMMAND,
    mode: 'WRITE',
    attempt: 1,
  });

  test('text output cannot retitle the window or clear the screen', async () => {
    const r = await runCli(['journal'], { XDG_STATE_HOME: state });
    expect(r.code).toBe(0);
    expect(ACTIVE.test(r.stdout.replace(/\n/g, ''))).toBe(false);
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
  });

  test('--json gives back the exact title', async () => {
    const r = await runCli(['journal', '--json'], { XDG_STATE_HOME: state });
    expect(ACTIVE.test(r.stdout.replace(/\n/g, ''))).toBe(false);
    const doc = JSON.parse(r.stdout) as { steps: Array<{ intent: { title: string } }> };
    expect(doc.steps[0]!.intent.title).toBe('\x1b]0;pwned\x07\x1b[2J');
  });
});

/**
 * Distinctive tokens in every place a credential lives — the Gitea URL's userinfo, GITEA_TOKEN,
 * tea's config, the kubeconfig's server URL and user — never show in any command's output.
 * Nothing listens on the addresses, so every command reports a failure that names them.
 */
describe('credentials never print', () => {
  const stamp = Date.now().toString(36);
  const tokens = {
    urlPassword: `url-pass-${stamp}-q9`,
    envToken: `env-token-${stamp}-w8`,
    teaToken: `tea-token-${stamp}-e7`,
    kubeQuery: `kube-query-${stamp}-r6`,
    kubeUser: `kube-user-${stamp}-t5`,
  };
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:9/?token=${tokens.kubeQuery}
    insecure-skip-tls-verify: true
contexts:
- name: lab
  context: { cluster: lab, user: admin }
users:
- name: admin
  user:
    token: ${tokens.kubeUser}
`,
  );
  const teaHome = path.join(dir, 'tea-home');
  mkdirSync(path.join(teaHome, '.config', 'tea'), { recursive: true });
  writeFileSync(
    path.join(teaHome, '.config', 'tea', 'config.yml'),
    `logins:\n- name: lab\n  url: http://127.0.0.1:9\n  token: ${tokens.teaToken}\n  default: true\n  user: admin\n`,
  );
  const state = path.join(dir, 'cred-state');
  const envs: Record<string, Record<string, string>> = {
    'env and URL userinfo': {
      GITEA_URL: `http://admin:${tokens.urlPassword}@127.0.0.1:9`,
      GITEA_TOKEN: tokens.envToken,
      GITEA_REPO: 'ops/homelab',
      KUBECONFIG: kubeconfig,
      XDG_STATE_HOME: state,
    },
    "tea's config": { HOME: teaHome, GITEA_URL: '', GITEA_TOKEN: '', KUBECONFIG: kubeconfig, XDG_STATE_HOME: state },
  };
  const commands = [
    ['doctor', '--no-nodes'],
    ['doctor', '--no-nodes', '--json'],
    ['status'],
    ['status', '--json'],
    ['gate', '--json'],
    ['plan', '--issue', '42', '--repo', 'ops/homelab'],
    ['queue', '--repo', 'ops/homelab'],
    ['ceph', '--json'],
    ['journal'],
  ];

  for (const [where, env] of Object.entries(envs)) {
    test.each(commands.map((c) => [c.join(' '), c]))(`${where}: %s`, async (_name, args) => {
      const r = await runCli(args as string[], env);
      const all = r.stdout + r.stderr;
      expect(all.length).toBeGreaterThan(0);
      for (const t of Object.values(tokens)) expect(all).not.toContain(t);
      // doctor names the kubeconfig server and the Gitea URL: the masking is exercised, not avoided.
      if (args[0] === 'doctor' && env.GITEA_URL) expect(all).toContain('‹redacted›');
      expect(all).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  }

  test('nor in the journal', () => {
    let raw = '';
    try {
      raw = readFileSync(path.join(state, 'homelab-console', 'journal.jsonl'), 'utf8');
    } catch {
      // no command journaled anything: nothing to leak
    }
    for (const t of Object.values(tokens)) expect(raw).not.toContain(t);
  });
});

test('the hostile title is what the fixture claims', () => {
  expect(HOSTILE_TITLE).toContain('\x1b]0;pwned');
});

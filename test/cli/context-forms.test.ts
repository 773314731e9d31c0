import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { binPath, ensureBundle } from '../support/bundle.js';

// One CLI context: every configuration form the docs show passes through every command that
// reads it. The commands run as the operator starts them (the built bin, a clean environment),
// against the demo world's Gitea, Kubernetes and Ceph simulators on loopback.

beforeAll(ensureBundle, 180_000);

const run = promisify(execFile);
const root = mkdtempSync(path.join(tmpdir(), 'hc-forms-'));
let world: DemoWorld;

beforeAll(async () => {
  world = await DemoWorld.start();
}, 60_000);
afterAll(async () => {
  await world?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const r = await run(process.execPath, [binPath, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as Result;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A fresh HOME with XDG_CONFIG_HOME under it; `files` are written relative to HOME. */
function home(name: string, files: Record<string, string>): { HOME: string; XDG_CONFIG_HOME: string; XDG_STATE_HOME: string } {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    chmodSync(file, 0o600);
  }
  mkdirSync(path.join(dir, 'xdg'), { recursive: true });
  return { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_STATE_HOME: path.join(dir, 'state') };
}

const kubeconfigText = () => readFileSync(world.kubeconfigPath!, 'utf8');

/** How a command shows it reached the cluster through the form (not "no kubeconfig", not UNKNOWN). */
type Check = (r: Result) => void;
const graded: Check = (r) => {
  expect(r.stderr).not.toMatch(/kubeconfig|cannot reach/i);
  expect(r.code).toBe(2); // the demo world is RED
  expect(JSON.parse(r.stdout).overall).toBe('RED');
};

interface CommandCase {
  name: string;
  args: string[];
  check: Check;
}

const KUBE_COMMANDS: CommandCase[] = [
  { name: 'status', args: ['status', '--json'], check: graded },
  { name: 'gate', args: ['gate', '--json'], check: graded },
  { name: 'recon', args: ['recon', '--json'], check: graded },
  {
    name: 'doctor',
    args: ['doctor', '--json', '--no-nodes'],
    check: (r) => {
      const checks = JSON.parse(r.stdout) as Array<{ name: string; ok: boolean; detail: string }>;
      expect(checks.find((c) => c.name === 'kube api')).toMatchObject({ ok: true });
      expect(checks.find((c) => c.name === 'rook-ceph-tools')).toMatchObject({ ok: true });
    },
  },
  {
    name: 'ceph',
    args: ['ceph', '--json'],
    check: (r) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).health).not.toBe('UNKNOWN');
    },
  },
  {
    name: 'queue',
    args: ['queue', '--json'],
    check: (r) => {
      // The affected-apps column comes from the cluster's Applications: no warning that it could not be read.
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).prs.some((p: { affectedApps?: string[] }) => (p.affectedApps ?? []).length > 0)).toBe(true);
    },
  },
  {
    name: 'close',
    args: ['close', '--issue', '42', '--dry-run'],
    check: (r) => {
      // The final recon ran on the cluster: closure is refused for what stands there.
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/closure is not allowed yet/);
      expect(r.stdout).not.toMatch(/UNKNOWN/);
    },
  },
  {
    name: 'backup',
    args: ['backup', '--namespace', 'nowhere', '--pod', 'none-0', '--no-restore-check'],
    check: (r) => {
      // It reached the API server (which says the pod is not there), not "no kubeconfig".
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/kubeconfig/i);
      expect(r.stderr + r.stdout).toMatch(/none-0|not found|404/i);
    },
  },
];

const GITEA_COMMANDS: CommandCase[] = [
  { name: 'plan', args: ['plan', '--issue', '42', '--json'], check: (r) => expect(JSON.parse(r.stdout).items.length).toBeGreaterThan(0) },
  {
    name: 'edit',
    args: ['edit', '--issue', '42', '--log', 'context form check'],
    check: (r) => expect(r.stdout).toMatch(/^ops\/homelab#42: edited/),
  },
  { name: 'queue', args: ['queue', '--json'], check: (r) => expect(JSON.parse(r.stdout).prs.length).toBeGreaterThan(0) },
  {
    name: 'recon',
    args: ['recon', '--json', '--issue', '42'],
    check: (r) => {
      expect(r.code).toBe(2);
      expect(Array.isArray(JSON.parse(r.stdout).proposals)).toBe(true);
    },
  },
  { name: 'close', args: ['close', '--issue', '42', '--dry-run'], check: (r) => expect(r.stdout).toMatch(/^#42: closure is not allowed yet/) },
  {
    name: 'doctor',
    args: ['doctor', '--json', '--no-nodes'],
    check: (r) => {
      const checks = JSON.parse(r.stdout) as Array<{ name: string; ok: boolean; detail: string }>;
      expect(checks.find((c) => c.name === 'gitea token')).toMatchObject({ ok: true });
      expect(checks.find((c) => c.name === 'gitea repo')).toMatchObject({ ok: true, detail: expect.stringMatching(/#42/) });
    },
  },
];

interface Form {
  name: string;
  /** The environment and extra arguments this form runs with. */
  setup(): { env: Record<string, string>; args?: string[] };
  /** Commands it applies to (by name); all of the table when absent. */
  only?: string[];
}

const giteaEnv = () => ({ GITEA_URL: world.giteaUrl, GITEA_TOKEN: world.token, GITEA_REPO: 'ops/homelab' });

const KUBE_FORMS: Form[] = [
  {
    name: 'kube.kubeconfig with ~ in the default config file',
    setup: () => {
      const h = home('kube-tilde', { 'kube/cluster.yaml': kubeconfigText(), 'xdg/homelab-console/config.yaml': 'kube:\n  kubeconfig: ~/kube/cluster.yaml\n' });
      return { env: { ...h, ...giteaEnv() } };
    },
  },
  {
    name: 'kube.kubeconfig with $XDG_CONFIG_HOME in a --config FILE',
    setup: () => {
      const h = home('kube-xdg', {
        'xdg/kube/cluster.yaml': kubeconfigText(),
        'elsewhere/hc.yaml': 'kube:\n  kubeconfig: $XDG_CONFIG_HOME/kube/cluster.yaml\n',
      });
      return { env: { ...h, ...giteaEnv() }, args: ['--config', path.join(h.HOME, 'elsewhere', 'hc.yaml')] };
    },
  },
  {
    name: 'kube.kubeconfig with ${XDG_CONFIG_HOME} and kube.context in HOMELAB_CONSOLE_CONFIG',
    setup: () => {
      const h = home('kube-env', {
        'xdg/kube/cluster.yaml': kubeconfigText(),
        'hc.yaml': 'kube:\n  kubeconfig: ${XDG_CONFIG_HOME}/kube/cluster.yaml\n  context: homelab\n',
      });
      return { env: { ...h, ...giteaEnv(), HOMELAB_CONSOLE_CONFIG: path.join(h.HOME, 'hc.yaml') } };
    },
  },
];

const GITEA_FORMS: Form[] = [
  {
    name: 'gitea.url, gitea.repo and gitea.tokenFile with ~ in the config file',
    setup: () => {
      const h = home('gitea-tokenfile', {
        'secrets/gitea-token': `${world.token}\n`,
        'xdg/homelab-console/config.yaml': `gitea:\n  url: ${world.giteaUrl}\n  repo: ops/homelab\n  tokenFile: ~/secrets/gitea-token\n`,
      });
      return { env: { ...h, KUBECONFIG: world.kubeconfigPath! } };
    },
  },
  {
    name: '~/.config/gitea/.env',
    setup: () => {
      const h = home('gitea-envfile', { '.config/gitea/.env': `GITEA_URL=${world.giteaUrl}\nGITEA_TOKEN="${world.token}"\nGITEA_REPO=ops/homelab\n` });
      return { env: { ...h, KUBECONFIG: world.kubeconfigPath! } };
    },
  },
  {
    name: "tea's config.yml, the login picked with --login",
    setup: () => {
      const h = home('gitea-tea', {
        'xdg/tea/config.yml': [
          'logins:',
          '  - name: other',
          '    url: https://gitea.elsewhere.invalid',
          '    token: not-this-one-123456',
          '    default: true',
          '  - name: lab',
          `    url: ${world.giteaUrl}`,
          `    token: ${world.token}`,
          '',
        ].join('\n'),
        'xdg/homelab-console/config.yaml': 'gitea:\n  repo: ops/homelab\n',
      });
      return { env: { ...h, KUBECONFIG: world.kubeconfigPath! }, args: ['--login', 'lab'] };
    },
  },
  {
    name: '--issue as the issue URL (names the Gitea and the repository)',
    only: ['plan', 'edit', 'recon', 'close'],
    setup: () => {
      const h = home('gitea-url', {});
      return { env: { ...h, KUBECONFIG: world.kubeconfigPath!, GITEA_TOKEN: world.token } };
    },
  },
  {
    name: '--issue as #N',
    only: ['plan', 'edit', 'recon', 'close'],
    setup: () => ({ env: { ...home('gitea-hash', {}), KUBECONFIG: world.kubeconfigPath!, ...giteaEnv() } }),
  },
];

function argsFor(form: Form, c: CommandCase, extra: string[]): string[] {
  // Each edit logs its own row, so every one is a real write.
  let args = [...c.args, ...extra].map((a) => (a === 'context form check' ? `context form check: ${form.name}` : a));
  if (form.name.startsWith('--issue as the issue URL'))
    args = args.map((a, i) => (args[i - 1] === '--issue' ? `${world.giteaUrl}/ops/homelab/issues/${a}` : a));
  if (form.name === '--issue as #N') args = args.map((a, i) => (args[i - 1] === '--issue' ? `#${a}` : a));
  return args;
}

for (const [table, forms] of [
  [KUBE_COMMANDS, KUBE_FORMS],
  [GITEA_COMMANDS, GITEA_FORMS],
] as const) {
  for (const form of forms) {
    describe(form.name, () => {
      for (const c of table.filter((t) => !form.only || form.only.includes(t.name))) {
        it(`${c.name}`, async () => {
          const { env, args = [] } = form.setup();
          const r = await cli(argsFor(form, c, args), env);
          expect(r.stderr, `${c.args.join(' ')}: ${r.stderr}`).not.toMatch(/internal error|no Gitea credentials|does not exist/);
          c.check(r);
        }, 90_000);
      }
    });
  }
}

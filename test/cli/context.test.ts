import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueRefFlag } from '../../src/cli/args.js';
import { openContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import { expandPath } from '../../src/services/config/paths.js';

const root = mkdtempSync(path.join(tmpdir(), 'hc-context-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function homeWith(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    chmodSync(path.join(dir, rel), 0o600);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('paths in the config file', () => {
  const where = { env: { XDG_STATE_HOME: '/state', XDG_CONFIG_HOME: 'relative' }, home: '/home/op' };
  it.each([
    ['~/.kube/config', '/home/op/.kube/config'],
    ['~', '/home/op'],
    ['$HOME/k', '/home/op/k'],
    ['$XDG_STATE_HOME/hc', '/state/hc'],
    ['${XDG_STATE_HOME}/hc', '/state/hc'],
    // The spec: a relative XDG value is ignored for the default.
    ['$XDG_CONFIG_HOME/kube', '/home/op/.config/kube'],
    ['$XDG_CACHE_HOME/x', '/home/op/.cache/x'],
    ['/etc/ceph/ceph.conf', '/etc/ceph/ceph.conf'],
    ['rel/~/x', 'rel/~/x'],
    ['$OTHER/x', '$OTHER/x'],
    ['$HOMEWORK', '$HOMEWORK'],
  ])('%s → %s', (input, out) => {
    expect(expandPath(input, where)).toEqual({ path: out });
  });

  it('an unset XDG_RUNTIME_DIR is named, not guessed', () => {
    expect(expandPath('$XDG_RUNTIME_DIR/sock', where)).toEqual({ unset: 'XDG_RUNTIME_DIR' });
  });

  it('are expanded once, when the file is read, for every command', () => {
    const home = homeWith('expand', {
      'hc.yaml': 'kube:\n  kubeconfig: ~/a:$XDG_CONFIG_HOME/b\ngitea:\n  tokenFile: ~/t\nssh:\n  knownHosts: ~/kh\n  configFile: $XDG_CONFIG_HOME/ssh\n',
    });
    const ctx = openContext('status', { config: path.join(home, 'hc.yaml') }, { HOME: home, XDG_CONFIG_HOME: path.join(home, 'x') });
    expect(ctx.config.kube.kubeconfig).toBe(`${home}/a:${home}/x/b`);
    expect(ctx.config.gitea.tokenFile).toBe(`${home}/t`);
    expect(ctx.config.ssh.knownHosts).toBe(`${home}/kh`);
    expect(ctx.config.ssh.configFile).toBe(`${home}/x/ssh`);
    // KUBECONFIG wins as with kubectl; the file's is the fallback.
    expect(ctx.kube().env.KUBECONFIG).toBe(`${home}/a:${home}/x/b`);
    const withEnv = openContext('status', { config: path.join(home, 'hc.yaml') }, { HOME: home, KUBECONFIG: '/k' });
    expect(withEnv.kube('prod')).toMatchObject({ context: 'prod', fromFlag: true, env: { KUBECONFIG: '/k' } });
  });

  it('a bad file, a missing --config file or an unset variable is one usage line naming the file and key', () => {
    const home = homeWith('bad', { 'bad.yaml': 'kube:\n  contxt: x\n', 'unset.yaml': 'ssh:\n  knownHosts: $XDG_RUNTIME_DIR/kh\n' });
    const env = { HOME: home };
    expect(() => openContext('gate', { config: path.join(home, 'bad.yaml') }, env)).toThrow(UsageError);
    expect(() => openContext('gate', { config: path.join(home, 'bad.yaml') }, env)).toThrow(`gate: ${home}/bad.yaml: kube.contxt: unknown key`);
    expect(() => openContext('gate', { config: path.join(home, 'none.yaml') }, env)).toThrow(`gate: config file ${home}/none.yaml does not exist`);
    expect(() => openContext('gate', { config: path.join(home, 'unset.yaml') }, env)).toThrow('ssh.knownHosts: $XDG_RUNTIME_DIR is not set');
    // Without --config a missing default file means defaults.
    expect(openContext('gate', {}, { ...env, HOMELAB_CONSOLE_CONFIG: path.join(home, 'none.yaml') }).configFound).toBe(false);
  });
});

describe('--issue', () => {
  it.each([
    ['42', { number: 42, url: null, repo: null }],
    ['#42', { number: 42, url: null, repo: null }],
    ['latest', { number: 'latest', url: null, repo: null }],
    ['https://git.lan/ops/homelab/issues/42', { number: 42, url: 'https://git.lan', repo: 'ops/homelab' }],
    ['https://git.lan:3000/sub/path/ops/homelab/issues/7/', { number: 7, url: 'https://git.lan:3000/sub/path', repo: 'ops/homelab' }],
    ['http://127.0.0.1:8080/ops/home.lab/issues/1', { number: 1, url: 'http://127.0.0.1:8080', repo: 'ops/home.lab' }],
  ])('%s', (value, ref) => {
    expect(issueRefFlag('plan', value)).toEqual(ref);
  });

  it.each(['0', 'x', '#', 'https://git.lan/ops/homelab/pulls/42', 'https://git.lan/issues/42', 'ftp://git.lan/ops/homelab/issues/4'])('refuses %s', (value) => {
    expect(() => issueRefFlag('plan', value)).toThrow(UsageError);
  });
});

describe('Gitea credentials through the context', () => {
  const noRemotes = { GIT_DIR: '/nonexistent' };
  it('gitea.tokenFile with gitea.url; GITEA_TOKEN for another URL is not sent there', async () => {
    const home = homeWith('tokenfile', { tok: 'file-token-abcdef\n', 'hc.yaml': 'gitea:\n  url: https://git.lan\n  repo: ops/homelab\n  tokenFile: ~/tok\n' });
    const ctx = openContext('queue', { config: path.join(home, 'hc.yaml') }, { HOME: home, ...noRemotes });
    expect(await ctx.giteaCredentials({})).toMatchObject({
      url: 'https://git.lan',
      token: 'file-token-abcdef',
      source: 'config',
      repo: { owner: 'ops', name: 'homelab' },
    });
    const envCtx = openContext(
      'queue',
      { config: path.join(home, 'hc.yaml') },
      { HOME: home, GITEA_URL: 'https://other.lan', GITEA_TOKEN: 'env-token-abcdef' },
    );
    expect(await envCtx.giteaCredentials({})).toMatchObject({ url: 'https://other.lan', token: 'env-token-abcdef', source: 'env' });
  });

  it('an unreadable tokenFile is a configuration error naming it', async () => {
    const home = homeWith('tokenfile-missing', { 'hc.yaml': 'gitea:\n  url: https://git.lan\n  tokenFile: ~/absent\n' });
    const ctx = openContext('queue', { config: path.join(home, 'hc.yaml') }, { HOME: home });
    await expect(ctx.giteaCredentials({})).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(`gitea.tokenFile ${home}/absent`) });
  });

  it('--login picks that tea login over the environment, keeps its insecure flag, and an unknown login names the ones there are', async () => {
    const home = homeWith('tea', {
      '.config/tea/config.yml':
        'logins:\n  - name: a\n    url: https://a.lan\n    token: a-token-123456\n    default: true\n  - name: selfsigned\n    url: https://b.lan\n    token: b-token-123456\n    insecure: true\n',
    });
    const env = { HOME: home, GITEA_URL: 'https://env.lan', GITEA_TOKEN: 'env-token-123456', GITEA_REPO: 'ops/homelab' };
    const ctx = openContext('plan', {}, env);
    expect(await ctx.giteaCredentials({ login: 'selfsigned' })).toMatchObject({
      url: 'https://b.lan',
      token: 'b-token-123456',
      source: 'tea',
      tls: { insecure: true },
    });
    expect(await ctx.giteaCredentials({})).toMatchObject({ url: 'https://env.lan', source: 'env', tls: { insecure: false } });
    await expect(ctx.giteaCredentials({ login: 'nope' })).rejects.toThrow(/no tea login 'nope' in .*config\.yml \(have: a, selfsigned\)/);
  });

  it('the issue URL names the Gitea and repository; a different --url or --repo is a usage error', async () => {
    const home = homeWith('issue-url', {});
    const ctx = openContext('plan', {}, { HOME: home, GITEA_TOKEN: 'env-token-123456' });
    const issue = issueRefFlag('plan', 'https://git.lan/ops/homelab/issues/42');
    expect(await ctx.giteaCredentials({ issue })).toMatchObject({ url: 'https://git.lan', repo: { owner: 'ops', name: 'homelab' }, repoSource: 'flag' });
    await expect(ctx.giteaCredentials({ issue, url: 'https://other.lan' })).rejects.toBeInstanceOf(UsageError);
    await expect(ctx.giteaCredentials({ issue, repo: 'ops/other' })).rejects.toBeInstanceOf(UsageError);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile, repoFromRemote, resolveGiteaCredentials } from '../../../src/services/gitea/credentials.js';
import { GiteaError } from '../../../src/services/gitea/errors.js';
import { redactSecrets } from '../../../src/domain/redact.js';

function home(files: Record<string, string> = {}, mode = 0o600) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitea-creds-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    chmodSync(p, mode);
  }
  return dir;
}

const noRemotes = async () => [] as string[];
const where = (h: string, env: Record<string, string> = {}, remotes: string[] = []) => ({ env, home: h, cwd: h, gitRemotes: async () => remotes });

describe('resolveGiteaCredentials', () => {
  it('takes flags first, then GITEA_URL/GITEA_TOKEN, then ~/.config/gitea/.env, then tea', async () => {
    const h = home({
      '.config/gitea/.env': 'GITEA_URL=https://git.file.lan\nGITEA_TOKEN=file-token-123456\n',
      '.config/tea/config.yml': 'logins:\n  - name: lab\n    url: https://git.tea.lan\n    token: tea-token-123456\n    default: true\n',
    });
    const flags = await resolveGiteaCredentials(
      { url: 'https://git.flag.lan', token: 'flag-token-123456', repo: 'ops/homelab' },
      where(h, { GITEA_URL: 'https://git.env.lan', GITEA_TOKEN: 'env-token-123456' }),
    );
    expect(flags).toMatchObject({
      url: 'https://git.flag.lan',
      token: 'flag-token-123456',
      source: 'flags',
      repo: { owner: 'ops', name: 'homelab' },
      repoSource: 'flag',
    });
    const env = await resolveGiteaCredentials({}, where(h, { GITEA_INSTANCE_URL: 'https://git.env.lan/', GITEA_TOKEN: 'env-token-123456' }));
    expect(env).toMatchObject({ url: 'https://git.env.lan', source: 'env' });
    const file = await resolveGiteaCredentials({}, where(h));
    expect(file).toMatchObject({ url: 'https://git.file.lan', token: 'file-token-123456', source: 'env-file' });
    const teaOnly = home({
      '.config/tea/config.yml': 'logins:\n  - name: lab\n    url: https://git.tea.lan\n    token: tea-token-123456\n    default: true\n',
    });
    expect(await resolveGiteaCredentials({}, where(teaOnly))).toMatchObject({ url: 'https://git.tea.lan', token: 'tea-token-123456', source: 'tea' });
  });

  it('never sends a token to a URL it was not configured with', async () => {
    const h = home({ '.config/gitea/.env': 'GITEA_URL=https://git.file.lan\nGITEA_TOKEN=file-token-123456\n' });
    // --url names another host: the .env token is for git.file.lan, so there is no token.
    await expect(resolveGiteaCredentials({ url: 'https://elsewhere.lan' }, where(h))).rejects.toMatchObject({ kind: 'config' });
    // tea: the login whose host matches the URL is chosen, not the default one.
    const t = home({
      '.config/tea/config.yml':
        'logins:\n  - name: a\n    url: https://a.lan\n    token: a-token-123456\n    default: true\n  - name: b\n    url: https://b.lan\n    token: b-token-123456\n',
    });
    expect(await resolveGiteaCredentials({ url: 'https://b.lan' }, where(t))).toMatchObject({ token: 'b-token-123456', source: 'tea' });
    expect(await resolveGiteaCredentials({ login: 'b' }, where(t))).toMatchObject({ url: 'https://b.lan' });
    expect(await resolveGiteaCredentials({}, where(t))).toMatchObject({ url: 'https://a.lan' });
  });

  it('honours XDG_CONFIG_HOME for tea', async () => {
    const h = home({ 'xdg/tea/config.yml': 'logins:\n  - url: https://x.lan\n    token: xdg-token-123456\n' });
    expect(await resolveGiteaCredentials({}, where(h, { XDG_CONFIG_HOME: path.join(h, 'xdg') }))).toMatchObject({ url: 'https://x.lan' });
  });

  it('warns when a credentials file is readable by group or others', async () => {
    const h = home({ '.config/gitea/.env': 'GITEA_URL=https://g.lan\nGITEA_TOKEN=open-token-123456\n' }, 0o644);
    const c = await resolveGiteaCredentials({}, where(h));
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/readable by group or others \(mode 0644\); run: chmod 600 /);
    const tight = home({ '.config/gitea/.env': 'GITEA_URL=https://g.lan\nGITEA_TOKEN=tight-token-123456\n' }, 0o600);
    expect((await resolveGiteaCredentials({}, where(tight))).warnings).toEqual([]);
  });

  it('takes the repository from config, else from a git remote on the same host only', async () => {
    const h = home();
    const env = { GITEA_URL: 'https://git.lab.lan', GITEA_TOKEN: 'repo-token-123456' };
    expect((await resolveGiteaCredentials({}, where(h, { ...env, GITEA_REPO: 'ops/homelab' }))).repo).toEqual({ owner: 'ops', name: 'homelab' });
    const fromRemote = await resolveGiteaCredentials({}, where(h, env, ['git@github.com:someone/fork.git', 'ssh://git@git.lab.lan:2222/ops/homelab.git']));
    expect(fromRemote).toMatchObject({ repo: { owner: 'ops', name: 'homelab' }, repoSource: 'git-remote' });
    const other = await resolveGiteaCredentials({}, where(h, env, ['https://github.com/ops/homelab.git']));
    expect(other.repo).toBeNull();
    await expect(resolveGiteaCredentials({ repo: 'not a repo' }, where(h, env))).rejects.toBeInstanceOf(GiteaError);
  });

  it('registers every token it loads as a secret, and says how to configure when nothing is found', async () => {
    const h = home({ '.config/tea/config.yml': 'logins:\n  - url: https://t.lan\n    token: tea-secret-abcdef\n' });
    await resolveGiteaCredentials({ token: 'flag-secret-abcdef', url: 'https://t.lan' }, { env: {}, home: h, cwd: h, gitRemotes: noRemotes });
    expect(redactSecrets('x flag-secret-abcdef y')).not.toContain('flag-secret-abcdef');
    const none = home();
    const err = await resolveGiteaCredentials({}, { env: {}, home: none, cwd: none, gitRemotes: noRemotes }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GiteaError);
    expect((err as GiteaError).message).toMatch(/GITEA_URL and GITEA_TOKEN/);
  });
});

describe('parseEnvFile', () => {
  it('reads shell-style KEY=VALUE lines', () => {
    expect(parseEnvFile('# comment\nexport GITEA_URL="https://g.lan"\nGITEA_TOKEN=\'abc def\'\nPLAIN=value # trailing\nBAD LINE\nESC="a\\"b"\n')).toEqual({
      GITEA_URL: 'https://g.lan',
      GITEA_TOKEN: 'abc def',
      PLAIN: 'value',
      ESC: 'a"b',
    });
  });
});

describe('repoFromRemote', () => {
  it.each([
    ['https://git.lab.lan/ops/homelab.git', 'git.lab.lan', 'ops', 'homelab'],
    ['git@git.lab.lan:ops/homelab.git', 'git.lab.lan', 'ops', 'homelab'],
    ['ssh://git@git.lab.lan:2222/ops/homelab', 'git.lab.lan', 'ops', 'homelab'],
    ['https://git.lab.lan/gitea/ops/homelab', 'git.lab.lan', 'ops', 'homelab'],
  ])('%s', (remote, host, owner, name) => {
    expect(repoFromRemote(remote)).toEqual({ host, repo: { owner, name } });
  });
  it('rejects what is not a repo remote', () => {
    expect(repoFromRemote('/local/path')).toBeNull();
  });
});

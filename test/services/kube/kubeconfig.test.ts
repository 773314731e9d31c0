import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, redactSecrets } from '../../../src/domain/redact.js';
import { KubeConfigError } from '../../../src/services/kube/errors.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hc-kubeconfig-'));

function kubeconfig(file: string, { cluster, server, user, token, context, current, namespace }: Record<string, string | undefined>): string {
  const p = path.join(dir, file);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(
    p,
    `apiVersion: v1
kind: Config
clusters:
- name: ${cluster}
  cluster: {server: "${server}", insecure-skip-tls-verify: true}
users:
- name: ${user}
  user: {token: "${token}"}
contexts:
- name: ${context}
  context: {cluster: ${cluster}, user: ${user}${namespace ? `, namespace: ${namespace}` : ''}}
${current ? `current-context: ${current}` : ''}
`,
  );
  return p;
}

afterEach(() => clearRegisteredSecrets());

describe('kubeconfig like kubectl', () => {
  const a = kubeconfig('a.yaml', {
    cluster: 'lab',
    server: 'http://127.0.0.1:6443',
    user: 'admin',
    token: 'token-from-file-a',
    context: 'homelab',
    current: 'homelab',
    namespace: 'argocd',
  });
  const b = kubeconfig('b.yaml', {
    cluster: 'lab',
    server: 'http://127.0.0.1:9999',
    user: 'ops',
    token: 'token-from-file-b',
    context: 'staging',
    current: 'staging',
  });

  it('KUBECONFIG is a colon list, merged, the first file winning names and current-context', async () => {
    const t = await loadKubeTarget({ env: { KUBECONFIG: `${a}:${b}`, HOME: dir } });
    expect(t).toMatchObject({ context: 'homelab', server: 'http://127.0.0.1:6443', namespace: 'argocd' });
    expect(
      t.kc
        .getContexts()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['homelab', 'staging']);
    // lab is defined in both; a's definition wins.
    const staging = await loadKubeTarget({ env: { KUBECONFIG: `${a}:${b}`, HOME: dir }, context: 'staging' });
    expect(staging.server).toBe('http://127.0.0.1:6443');
  });

  it('falls back to ~/.kube/config, and --context picks another context', async () => {
    const home = path.join(dir, 'home');
    kubeconfig('home/.kube/config', { cluster: 'c', server: 'http://127.0.0.1:7000', user: 'u', token: 'home-token-xyz', context: 'home', current: 'home' });
    expect((await loadKubeTarget({ env: { HOME: home } })).server).toBe('http://127.0.0.1:7000');
  });

  it('an unknown context, a missing file and no kubeconfig are one-line KubeConfigErrors', async () => {
    await expect(loadKubeTarget({ env: { KUBECONFIG: a }, context: 'prod' })).rejects.toThrow(
      new KubeConfigError("no context 'prod' in kubeconfig (have: homelab)"),
    );
    await expect(loadKubeTarget({ env: { KUBECONFIG: path.join(dir, 'nope.yaml') } })).rejects.toThrow(/KUBECONFIG names no existing file/);
    await expect(loadKubeTarget({ env: { HOME: path.join(dir, 'empty') } })).rejects.toThrow(/no kubeconfig: KUBECONFIG is unset/);
  });

  it('registers every token as a secret', async () => {
    await loadKubeTarget({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(redactSecrets('Bearer-less leak: token-from-file-a and token-from-file-b')).not.toMatch(/token-from-file/);
  });
});

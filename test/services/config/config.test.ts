import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configPath, contextReadOnly, loadConfig } from '../../../src/services/config/load.js';

function write(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-config-'));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('config file', () => {
  it('uses defaults when the file does not exist', () => {
    const r = loadConfig('/nonexistent/homelab-console/config.yaml');
    expect(r.found).toBe(false);
    expect(r.config.ceph.namespace).toBe('rook-ceph');
    expect(r.config.ui.compactBelowColumns).toBe(100);
  });

  it('finds the file under XDG_CONFIG_HOME, and the override variable wins', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/homelab-console/config.yaml');
    expect(configPath({ XDG_CONFIG_HOME: '/x/cfg', HOMELAB_CONSOLE_CONFIG: '/y.yaml' })).toBe('/y.yaml');
    // XDG says relative values are ignored.
    expect(configPath({ XDG_CONFIG_HOME: 'rel', HOME: '/home/op' })).toMatch(/\.config\/homelab-console\/config\.yaml$/);
  });

  it('reads sections and keeps defaults for what is left out', () => {
    const file = write('kube:\n  context: homelab\n  contexts:\n    prod: { readOnly: true }\nui:\n  theme: mono\n');
    const { config, found } = loadConfig(file);
    expect(found).toBe(true);
    expect(config.kube.context).toBe('homelab');
    expect(config.ui.theme).toBe('mono');
    expect(config.ceph.deployment).toBe('rook-ceph-tools');
    expect(contextReadOnly(config, 'prod')).toBe(true);
    expect(contextReadOnly(config, 'homelab')).toBe(false);
  });

  it('names the key and the file for a wrong value', () => {
    const file = write('ceph:\n  executor: telnet\n');
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(new RegExp(`${file}: ceph\\.executor: .*kube-exec`));
  });

  it('names an unknown key', () => {
    const file = write('kube:\n  contxt: homelab\n');
    expect(() => loadConfig(file)).toThrow(`${file}: kube.contxt: unknown key`);
  });

  it('a file of 50,000 unknown keys is refused in one short line naming the first few', () => {
    const file = write(`gitea:\n${Array.from({ length: 50_000 }, (_, i) => `  k${i}: v`).join('\n')}\n`);
    let message = '';
    try {
      loadConfig(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`${file}: gitea.k0, k1, k2, k3, k4 and 49995 more: unknown key`);
  });

  it('names nested keys with list indexes', () => {
    const file = write('renovate:\n  extraRules:\n    - match: postgres\n      risk: huge\n');
    expect(() => loadConfig(file)).toThrow(`${file}: renovate.extraRules[0].risk:`);
  });

  it('reports YAML syntax errors with the line', () => {
    const file = write('ui:\n  theme: [mono\n');
    expect(() => loadConfig(file)).toThrow(new RegExp(`^${file}:\\d+: not valid YAML`));
  });

  it('rejects a file that is not a mapping', () => {
    const file = write('- a\n- b\n');
    expect(() => loadConfig(file)).toThrow(/expected a mapping/);
  });
});

describe('paths in the config file', () => {
  it('expands ~/ like a shell', async () => {
    const { expandHome } = await import('../../../src/services/config/load.js');
    expect(expandHome('~/.kube/config', '/home/op')).toBe('/home/op/.kube/config');
    expect(expandHome('~', '/home/op')).toBe('/home/op');
    expect(expandHome('/etc/ceph/ceph.conf', '/home/op')).toBe('/etc/ceph/ceph.conf');
    expect(expandHome('rel/~/x', '/home/op')).toBe('rel/~/x');
  });
});

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_MARKER, TmuxConsole, hasTmux } from '../e2e/tmux.js';
import { repoRoot } from '../support/shared.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

// Installs the package as an operator would: `npm pack`, then `npm i -g` of the tarball into a
// temporary prefix, and runs the installed bin with nothing of this checkout on PATH.

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const tmp = mkdtempSync(path.join(tmpdir(), 'hc-pack-'));
const prefix = path.join(tmp, 'prefix');
const installedBin = path.join(prefix, 'bin', 'homelab-console');
const node22Dir = path.dirname(process.execPath);
const SYSTEM_NODE = '/usr/bin/node';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'issues', 'header-forms.md');
let files: string[] = [];
let tarball = '';

async function runBin(args: string[], env: Record<string, string>, timeout = 30_000) {
  try {
    const r = await run(installedBin, args, { cwd: tmp, timeout, env: { HOME: tmp, HOMELAB_CONSOLE_CONFIG: path.join(tmp, 'absent.yaml'), ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function systemNodeMajor(): number | null {
  try {
    return Number(execFileSync(SYSTEM_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

beforeAll(async () => {
  // The bundle is current (ensureBundle above); --ignore-scripts so prepack does not rebuild it
  // under the other test files that are running it. prepack itself is pinned below.
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: repoRoot, timeout: 60_000 });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info!.files.map((f) => f.path);
  tarball = path.join(tmp, path.basename(info!.filename));
  await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: tmp,
    timeout: 240_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the built bundle and the bin, not the sources, tests, benches or CI', () => {
    expect(files).toContain('bin/homelab-console');
    expect(files).toContain('dist/main.js');
    expect(files).toContain('package.json');
    expect(files.filter((f) => /^(src|test|bench|script|scripts|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(3 * 1024 * 1024);
  });

  it('builds before packing, and depends at run time only on what the bundle leaves out', () => {
    expect(pkg.scripts.prepack).toBe('node scripts/build.mjs');
    // ssh2 and ws stay external (native add-ons); everything else is inside dist/.
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ssh2', 'ws']);
  });
});

describe('the installed tool', () => {
  const withNode22 = { PATH: `${node22Dir}:/usr/bin:/bin` };

  it('--version prints package.json’s version', async () => {
    const r = await runBin(['--version'], withNode22);
    expect(r).toMatchObject({ code: 0, stdout: `homelab-console ${pkg.version}\n` });
  });

  it('plan --issue-file reads a body', async () => {
    const r = await runBin(['plan', '--issue-file', fixture], withNode22);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/▶ next: /);
  });

  it.skipIf(!hasTmux())('demo paints its first frame and quits on q', async () => {
    const c = TmuxConsole.start(['demo'], { command: [installedBin], env: { ...withNode22, HOME: tmp } });
    try {
      await c.waitFor('Action items', 20_000);
      await c.waitFor(/Action items \d+\/\d+/, 20_000);
      c.keys('q');
      await c.waitFor(`${EXIT_MARKER} 0`);
    } finally {
      c.kill();
    }
  });

  const major = systemNodeMajor();
  const oldNode = major !== null && major < 22;
  describe.skipIf(!oldNode)(`with only the system Node (${SYSTEM_NODE}, ${major ?? 'absent'}) on PATH`, () => {
    const onlySystem = { PATH: '/usr/bin:/bin' };

    it('prints the one command that runs it, and that command works', async () => {
      const r = await runBin(['--version'], onlySystem);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^homelab-console: needs Node >= 22\.19 \(this is v\d+\.[\d.]+\); run it with Node 22 from npm:$/);
      expect(lines).toHaveLength(2);
      const command = lines[1]!.trim();
      expect(command).toBe(`npx -y -p node@22 -p ${path.join(prefix, 'lib', 'node_modules', 'homelab-console')} homelab-console --version`);
      const ran = await run('sh', ['-c', command], {
        cwd: tmp,
        timeout: 240_000,
        env: {
          PATH: '/usr/bin:/bin',
          HOME: tmp,
          npm_config_prefer_offline: 'true',
          npm_config_cache: path.join(process.env.HOME ?? tmp, '.npm'),
          npm_config_loglevel: 'error',
        },
      });
      expect(ran.stdout).toBe(`homelab-console ${pkg.version}\n`);
    }, 300_000);

    it('finds a suitable Node by itself when told where (HOMELAB_CONSOLE_NODE) and runs with it', async () => {
      const r = await runBin(['plan', '--issue-file', fixture], { ...onlySystem, HOMELAB_CONSOLE_NODE: process.execPath });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/▶ next: /);
    });

    it('passes the exit status through', async () => {
      const r = await runBin(['plan', '--bogus'], { ...onlySystem, HOMELAB_CONSOLE_NODE: process.execPath });
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('the installed copy holds no sources', () => {
    const dir = path.join(prefix, 'lib', 'node_modules', 'homelab-console');
    expect(existsSync(path.join(dir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(path.join(dir, 'src'))).toBe(false);
  });
});

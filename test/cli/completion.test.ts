import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { flagsOfUsage } from '../../src/cli/completion-scripts.js';
import { runCli } from '../support/cli.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hc-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const has = (shell: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** What bash offers after typing `words` (the last one being completed), with the script sourced. */
async function bashComplete(script: string, words: string[]): Promise<string[]> {
  const file = path.join(dir, 'completion.bash');
  writeFileSync(file, script);
  const line = words.map((w) => `'${w}'`).join(' ');
  const { stdout } = await run('bash', [
    '-c',
    `source ${file}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _homelab_console; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return stdout.split('\n').filter(Boolean);
}

describe('completion', () => {
  it('flags come from the usage texts', () => {
    expect(flagsOfUsage('usage: x [--json] [--issue-file FILE]\n  --context NAME  a --no-nodes-like')).toEqual([
      'json',
      'issue-file',
      'context',
      'no-nodes-like',
      'help',
    ]);
  });

  it.skipIf(!has('bash'))('bash: commands, then that command’s flags, then files after --config', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(await bashComplete(r.stdout, ['homelab-console', 'st'])).toEqual(['status']);
    expect(await bashComplete(r.stdout, ['homelab-console', 'co'])).toEqual(['console', 'completion']);
    expect(await bashComplete(r.stdout, ['homelab-console', 'status', '--w'])).toEqual(['--watch']);
    expect(await bashComplete(r.stdout, ['homelab-console', 'plan', '--issue-'])).toEqual(['--issue-file']);
    expect(await bashComplete(r.stdout, ['homelab-console', 'doctor', '--lo'])).toEqual(['--login']);
    writeFileSync(path.join(dir, 'hc-config.yaml'), '');
    expect(await bashComplete(r.stdout, ['homelab-console', 'gate', '--config', path.join(dir, 'hc-con')])).toEqual([path.join(dir, 'hc-config.yaml')]);
  });

  it.skipIf(!has('zsh'))('zsh: the script parses', async () => {
    const r = await runCli(['completion', 'zsh']);
    await run('zsh', ['-n', '-c', r.stdout]);
  });

  it('zsh and fish scripts name every command and its flags', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef homelab-console/);
    expect(zsh.stdout).toMatch(/status\) flags=\(.*--watch/);
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c homelab-console -n '__fish_seen_subcommand_from status' -l watch");
    expect(fish.stdout).toMatch(/-a recon -d 'full recon/);
  });

  it('an unknown shell is a usage error in one line', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("homelab-console: completion: name one shell: bash, zsh or fish (got 'tcsh')\n");
  });
});

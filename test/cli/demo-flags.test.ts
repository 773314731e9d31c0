import { describe, expect, it } from 'vitest';
import { parseDemoFlags } from '../../src/cli/console-flags.js';

describe('demo flags', () => {
  it('--healthy and --stabilise SECONDS come with the console flags', () => {
    const f = parseDemoFlags(['--healthy', '--stabilise', '20', '--read-only', '--focus', 'D5']);
    expect(f).toMatchObject({ healthy: true, stabiliseMs: 20_000, readOnly: true, focus: ['D5'] });
    expect(parseDemoFlags([])).toMatchObject({ healthy: false, stabiliseMs: null });
    expect(parseDemoFlags(['--stabilise', '1.5']).stabiliseMs).toBe(1_500);
  });

  it('a stabilisation window that is not a number of seconds from 1 to 86400 is one clear line', () => {
    for (const bad of ['0', '-5', 'soon', '90000'])
      expect(() => parseDemoFlags([`--stabilise=${bad}`])).toThrow(`demo: --stabilise takes a number of seconds from 1 to 86400, got '${bad}'`);
    expect(() => parseDemoFlags(['--stabilise'])).toThrow(/^demo: Option '--stabilise <value>' argument missing/);
  });
});

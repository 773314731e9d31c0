import { describe, expect, it } from 'vitest';
import { packageName, parseChange, parseUpdateTable } from '../../../src/domain/renovate/update-table.js';

const body = (table: string) => `This PR contains the following updates:\n\n${table}\n\n---\n\n### Configuration\n`;

describe('parseUpdateTable', () => {
  it("reads Renovate's own fixture rows: link-wrapped change, -> arrows, a Type column", () => {
    const rows = parseUpdateTable(
      body(
        [
          '| Package | Type | Update | Change |',
          '|---|---|---|---|',
          '| [koa](https://github.com/koajs/koa) | dependencies | pin | [`^1.7.0` → `1.7.0`](https://renovatebot.com/diffs/npm/koa/1.7.0/1.7.0) |',
          '| [renovate/renovate](https://togithub.com/renovatebot/renovate) | final | minor | `19.46.0-slim` -> `19.47.0-slim` |',
        ].join('\n'),
      ),
    );
    expect(rows.map(({ name, from, to, updateType, depType }) => ({ name, from, to, updateType, depType }))).toEqual([
      { name: 'koa', from: '^1.7.0', to: '1.7.0', updateType: 'pin', depType: 'dependencies' },
      { name: 'renovate/renovate', from: '19.46.0-slim', to: '19.47.0-slim', updateType: 'minor', depType: 'final' },
    ]);
  });

  it('compares versions when the merge-confidence preset dropped the Update column', () => {
    const rows = parseUpdateTable(
      body(
        [
          '| Package | Change | [Age](https://docs.renovatebot.com/merge-confidence/) | [Confidence](https://docs.renovatebot.com/merge-confidence/) |',
          '|---|---|---|---|',
          '| [eslint](https://eslint.org) | `8.57.0` → `9.14.0` | ![age](https://x/age) | ![confidence](https://x/c) |',
          '| [k8s.io/api](https://github.com/kubernetes/api) | `v0.35.1` → `v0.35.2` | ![age](https://x/age) | ![confidence](https://x/c) |',
          '| weird | `latest` → `stable` | | |',
        ].join('\n'),
      ),
    );
    expect(rows.map((r) => [r.name, r.updateType, r.updateColumn])).toEqual([
      ['eslint', 'major', null],
      ['k8s.io/api', 'patch', null],
      ['weird', 'unknown', null],
    ]);
  });

  it('tolerates reordered columns, a Pending column and escaped pipes', () => {
    const rows = parseUpdateTable(
      [
        'Some preamble',
        '',
        '| Change | Update | Package | Pending |',
        '| :--- | :---: | ---: | --- |',
        '| `1.0.0` → `1.1.0` | minor | `a\\|b` | `1.2.0` |',
      ].join('\n'),
    );
    expect(rows).toEqual([{ name: 'a|b', from: '1.0.0', to: '1.1.0', updateType: 'minor', updateColumn: 'minor', depType: null }]);
  });

  it('ignores other tables and returns nothing for a body without an update table', () => {
    expect(parseUpdateTable('| Field | Value |\n|---|---|\n| a | b |')).toEqual([]);
    expect(parseUpdateTable('')).toEqual([]);
  });

  it('falls back to comparing versions when the Update column says rollback or replacement', () => {
    const rows = parseUpdateTable(body('| Package | Update | Change |\n|---|---|---|\n| x | rollback | `2.1.0` → `2.0.3` |'));
    expect(rows[0]!.updateType).toBe('minor');
  });
});

describe('cells', () => {
  it('extracts package names', () => {
    expect(packageName('[grafana](https://grafana.com) ([source](https://github.com/grafana/helm-charts))')).toBe('grafana');
    expect(packageName('supabase/logflare')).toBe('supabase/logflare');
    expect(packageName('`koa` (dev)')).toBe('koa');
  });

  it('extracts from/to', () => {
    expect(parseChange('`v1.19.3` → `v1.19.4`')).toEqual({ from: 'v1.19.3', to: 'v1.19.4' });
    expect(parseChange('`1` -> `2`')).toEqual({ from: '1', to: '2' });
    expect(parseChange('`abc1234`')).toEqual({ from: null, to: 'abc1234' });
  });
});

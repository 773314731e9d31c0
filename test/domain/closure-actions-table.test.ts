import { describe, expect, it } from 'vitest';
import { appendActionRow } from '../../src/domain/closure/actions-table.js';

const row = (n: number) => `| Issue | #${n} | Slow ops | Closed | 2026-12-02 04:00 | names ceph |`;

describe('PR/Issue Actions table (workflow 4.3)', () => {
  it('creates the section before the Change Log, then appends after the last row; re-applying changes nothing', () => {
    const body = '# T\n\n## Action Items\n- [x] a\n\n## Change Log\n| Time | Action |\n|---|---|\n';
    const one = appendActionRow(row(30)).apply(body);
    if (!one.ok) throw new Error(one.conflict);
    expect(one.body).toContain(
      `## PR/Issue Actions\n\n| Type | Number | Title | Action | Timestamp | Notes |\n|------|--------|-------|--------|-----------|-------|\n${row(30)}\n\n## Change Log`,
    );
    const two = appendActionRow(row(31)).apply(one.body);
    if (!two.ok) throw new Error(two.conflict);
    expect(two.body).toContain(`${row(30)}\n${row(31)}\n\n## Change Log`);
    expect(appendActionRow(row(31)).apply(two.body)).toMatchObject({ ok: true, changed: false });
    expect(appendActionRow(row(31)).isApplied(two.body)).toBe(true);
  });

  it('keeps CRLF bodies CRLF and appends at the end when there is no Change Log or Closure', () => {
    const r = appendActionRow(row(30)).apply('# T\r\n\r\nText\r\n');
    if (!r.ok) throw new Error(r.conflict);
    expect(r.body).toBe(
      `# T\r\n\r\nText\r\n\r\n## PR/Issue Actions\r\n\r\n| Type | Number | Title | Action | Timestamp | Notes |\r\n|------|--------|-------|--------|-----------|-------|\r\n${row(30)}\r\n`,
    );
  });
});

// The smallest maintenance body the write tests need: items, a Change Log with one row, and (when
// asked) the Status table whose Overall Status and Last Updated an outcome edit sets.

const ITEMS: Record<string, string> = { A1: 'First step', A2: 'Second step' };

export function smallBody(o: { items: Array<keyof typeof ITEMS>; status?: boolean }): string {
  const status = o.status
    ? ['## Status', '', '| Field | Value |', '|-------|-------|', '| **Overall Status** | 🔴 RED |', '| **Last Updated** | 2026-12-01T10:00:00Z |', '']
    : [];
  return [
    '# Maintenance',
    '',
    ...status,
    '## Action Items (Tasks)',
    '',
    ...o.items.map((id) => `- [ ] **${id} P1 Storage**: ${ITEMS[id]}`),
    '',
    '## Change Log',
    '',
    '| Timestamp | Action | Result | User |',
    '|---|---|---|---|',
    '| 2026-12-01 10:00 UTC | Opened | - | admin |',
    '',
  ].join('\n');
}

import { describe, expect, it } from 'vitest';
import { giteaDownReason } from '../../src/domain/offline-text.js';
import { offReason } from '../../src/ui/keys/bindings.js';
import { buildKeyTable, type Command } from '../../src/ui/keys/commands.js';

describe('keys while Gitea is unreachable', () => {
  const table = buildKeyTable();
  const down = giteaDownReason({ reachable: false, reason: 'ECONNREFUSED', copyAt: null, queued: 0, retryAt: null });
  const gate = { readOnly: false, escalated: null, giteaDown: down };
  const off = (command: Command) => offReason(table, gate, { command, run: () => {} });

  it('merges, PR rollbacks, the closure and related-issue actions are off, saying Gitea is unreachable', () => {
    for (const c of ['merge', 'prRollback', 'mergeResume', 'protocolNext', 'closureConfirm', 'relatedAct', 'reconAdd'] as const)
      expect(off(c)).toMatch(/needs Gitea: Gitea unreachable \(ECONNREFUSED\)/);
  });

  it('steps, their verdicts, rollbacks and deferrals stay on: their edits are queued', () => {
    for (const c of ['stepStart', 'stepPass', 'stepFail', 'stepDefer', 'stepRollback', 'safeState'] as const) expect(off(c)).toBeNull();
    expect(offReason(table, { ...gate, giteaDown: null }, { command: 'merge', run: () => {} })).toBeNull();
  });
});

import type { UnknownOutcome } from '../store/step-store.js';
import type { Row } from '../ui/rows.js';
import type { Theme } from '../ui/theme.js';

export interface VerifyRowPayload {
  unknown: UnknownOutcome;
}

const line = (key: string, segments: Row['segments']): Row<VerifyRowPayload> => ({ key, segments, filterText: '', selectable: false });

/**
 * Each step the journal left with an unknown outcome, with everything the journal knows about it:
 * what ran and where, what was recorded after its intent, and whether its process group survived.
 */
export function verifyRows(list: readonly UnknownOutcome[], theme: Theme): Row<VerifyRowPayload>[] {
  if (list.length === 0) return [line('none', [{ text: 'every outcome is known: nothing to verify', dim: true }])];
  const rows: Row<VerifyRowPayload>[] = [];
  for (const u of list) {
    rows.push({
      key: `u:${u.stepId}`,
      selectable: true,
      filterText: `${u.title} ${u.commandText}`,
      payload: { unknown: u },
      segments: [
        { text: `${u.acknowledged ? theme.glyphs.warn : theme.glyphs.fail} `, color: u.acknowledged ? theme.warn : theme.fail },
        { text: u.title, bold: true },
        { text: `  ${u.kind}${u.mode !== 'WRITE' ? ` [${u.mode}]` : ''}, attempt ${u.attempt}, started ${u.at}` },
        ...(u.acknowledged ? [{ text: '  still unknown (recorded)', color: theme.warn }] : []),
      ],
    });
    const detail = (k: string, text: string, color?: string) =>
      rows.push(line(`${k}:${u.stepId}`, [{ text: `      ${text}`, ...(color ? { color } : { dim: true }) }]));
    const where = [u.issue, u.kubeContext ? `kube ${u.kubeContext}` : null, u.giteaHost ? `gitea ${u.giteaHost}` : null].filter(Boolean).join(', ');
    if (where) detail('w', `where: ${where}`);
    u.commandText
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 4)
      .forEach((l, i) => detail(`c${i}`, `${i === 0 ? 'ran:   ' : '       '}${l}`));
    u.known.forEach((k, i) => detail(`k${i}`, `known: ${k}`));
    for (const g of u.groups)
      detail(
        `g${g.pgid}`,
        g.alive
          ? `${theme.glyphs.warn} its process group ${g.pgid} is STILL RUNNING: ${g.members.join('; ') || '(members not readable)'} — kill -- -${g.pgid} stops it`
          : `process group ${g.pgid}: gone (nothing of it still runs)`,
        g.alive ? theme.fail : undefined,
      );
  }
  return rows;
}

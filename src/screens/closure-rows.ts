import type { ClosureState } from '../store/closure-store.js';
import type { Row } from '../ui/rows.js';
import { type Theme } from '../ui/theme.js';

const line = (key: string, segments: Row['segments']): Row => ({ key, segments, filterText: '', selectable: false });

/** The closure preview as rows: the title it will carry, then the body exactly as it will be written. */
export function closureRows(s: ClosureState, theme: Theme): Row[] {
  switch (s.phase) {
    case 'idle':
      return [line('idle', [{ text: 'no closure prepared: :close prepares the preview', dim: true }])];
    case 'preparing':
      return [line('prep', [{ text: 'closure: the final recon runs, then the notes are written from the record...', dim: true, busy: true }])];
    case 'refused':
      return [
        line('r', [{ text: `${theme.glyphs.fail} closure is not allowed yet; still standing:`, color: theme.fail, bold: true }]),
        ...s.blockers.map((b, i) => line(`b:${i}`, [{ text: `  ${theme.glyphs.bullet} ${b}` }])),
      ];
    default: {
      const head: Row[] = [];
      if (s.phase === 'closing')
        head.push(
          line('st', [{ text: `closing: ${s.steps.map((x) => `${x.step} ${x.did}`).join(', ') || 'writing the body...'}`, color: theme.warn, busy: true }]),
        );
      if (s.phase === 'closed')
        head.push(
          line('st', [
            {
              text: `${theme.glyphs.ok} closed: ${s.steps.map((x) => `${x.step} ${x.did}`).join(', ') || 'nothing left to write'}`,
              color: theme.ok,
              bold: true,
            },
          ]),
        );
      if (s.phase === 'failed')
        head.push(line('st', [{ text: `${theme.glyphs.fail} failed: ${s.error ?? ''} (:close again finishes it)`, color: theme.fail, bold: true }]));
      head.push(line('t', [{ text: 'Title: ', bold: true }, { text: s.title ?? '' }]), line('rule', [{ text: theme.glyphs.rule.repeat(40), dim: true }]));
      return [...head, ...(s.body ?? '').split(/\r?\n/).map((text, i) => line(`l:${i}`, [{ text }]))];
    }
  }
}

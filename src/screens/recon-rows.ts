import type { Proposal } from '../domain/recon/propose.js';
import type { ReconState } from '../store/recon-store.js';
import { ESCALATE_AFTER } from '../store/recon-store.js';
import type { Row } from '../ui/rows.js';
import { layerLook, type Theme } from '../ui/theme.js';

export interface ReconRowPayload {
  proposal: Proposal;
}

const line = (key: string, segments: Row['segments']): Row<ReconRowPayload> => ({ key, segments, filterText: '', selectable: false });

/** The recon screen's rows: the verdict, every finding with its evidence, then the proposals to pick. */
export function reconRows(s: ReconState, selected: ReadonlySet<string>, theme: Theme): Row<ReconRowPayload>[] {
  if (s.phase === 'idle') return [line('idle', [{ text: 'no recon yet: :recon runs one', dim: true }])];
  if (s.phase === 'running' && s.at === null)
    return [line('running', [{ text: 'recon running: layers, Ceph, drift, certificates, alerts...', dim: true, busy: true }])];
  if (s.phase === 'error') return [line('error', [{ text: `${theme.glyphs.fail} recon failed: ${s.error ?? 'unknown error'}`, color: theme.fail }])];
  const look = s.overall ? layerLook(s.overall, theme) : null;
  const rows: Row<ReconRowPayload>[] = [
    line('verdict', [
      { text: 'Recon ', bold: true },
      ...(look ? [{ text: `${look.glyph} ${look.word}`, color: look.color, bold: true }] : []),
      { text: `  ${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}  at ${s.at ?? '-'}` },
      ...(s.phase === 'running' ? [{ text: '  ' }, { text: 'running again...', busy: true }] : []),
    ]),
  ];
  for (const f of s.findings) {
    const fl = layerLook(f.status, theme);
    const times = s.seen[f.key] ?? 1;
    rows.push(
      line(`f:${f.key}`, [
        { text: '  ' },
        { text: `${fl.glyph} ${fl.word.padEnd(7)} `, color: fl.color },
        { text: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}  ${f.reason}` },
        ...(times >= ESCALATE_AFTER
          ? [{ text: `  ${theme.glyphs.warn} found by ${times} recons in a row: escalate (workflow 8.1)`, color: theme.warn, bold: true }]
          : []),
      ]),
    );
    for (const [i, d] of f.detail.slice(0, 4).entries()) rows.push(line(`fd:${f.key}:${i}`, [{ text: `      ${d}`, dim: true }]));
  }
  rows.push(line('sp', [{ text: '' }]));
  if (s.proposals.length === 0) {
    rows.push(line('none', [{ text: s.findings.length ? 'every finding is covered by an open item' : 'nothing found: every layer GREEN', dim: true }]));
    return rows;
  }
  rows.push(line('ph', [{ text: `Proposed items (${s.proposals.length}): Space selects, a adds them to the issue`, bold: true }]));
  for (const p of s.proposals) {
    const on = selected.has(p.id);
    rows.push({
      key: `p:${p.id}`,
      selectable: true,
      filterText: `${p.id} ${p.remedy.title}`,
      payload: { proposal: p },
      segments: [
        { text: `${on ? theme.glyphs.checked : theme.glyphs.unchecked} `, bold: on },
        { text: `${p.id} ${p.priority} ${p.layer}`, bold: true },
        { text: `: ${p.remedy.title}` },
      ],
    });
    rows.push(line(`pg:${p.id}`, [{ text: `      Goal: ${p.remedy.goal}`, dim: true }]));
    rows.push(line(`pc:${p.id}`, [{ text: `      $ ${p.remedy.commands[0] ?? ''}`, dim: true }]));
  }
  return rows;
}

import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { closureCriteria, listedOpenPrs, type CriterionState } from '../domain/closure/criteria.js';
import { useEngine, useTheme } from '../ui/contexts.js';
import { pendingRelated } from '../store/related-store.js';
import type { Row } from '../ui/rows.js';
import { type Theme } from '../ui/theme.js';
import { DetailScreen } from './DetailScreen.js';

const LOOK = (s: CriterionState, t: Theme) =>
  s === 'met'
    ? { glyph: t.glyphs.ok, word: 'met', color: t.ok }
    : s === 'unmet'
      ? { glyph: t.glyphs.fail, word: 'not met', color: t.fail }
      : { glyph: t.glyphs.unknown, word: 'unknown', color: t.muted };

/** The workflow's success criteria 1–13 and which hold now: what stands between now and closure. */
export function CriteriaScreen({ width, height, active }: { width: number; height: number; active: boolean }) {
  const engine = useEngine();
  const theme = useTheme();
  const issue = useStore(engine.stores.issue, (s) => s);
  const gate = useStore(engine.stores.health, (s) => s.gate);
  const recon = useStore(engine.stores.recon, (s) => (s.phase === 'done' ? s.overall : null));
  const openPrs = useStore(engine.stores.queue, (s) => s.prs);
  const related = useStore(engine.stores.related, (s) => s);
  const list = useMemo(
    () =>
      closureCriteria({
        items: issue.document?.items ?? null,
        gate,
        recon,
        body: issue.body,
        title: issue.title,
        state: issue.state,
        openListedPrs: listedOpenPrs(
          issue.body,
          openPrs.map((p) => p.number),
        ),
        related: related.phase === 'ready' ? { pending: pendingRelated(related) } : null,
      }),
    [issue, gate, recon, openPrs, related],
  );
  const rows = useMemo<Row[]>(() => {
    return list.map((c) => {
      const look = LOOK(c.state, theme);
      return {
        key: `c:${c.n}`,
        selectable: false,
        filterText: '',
        segments: [
          { text: `${String(c.n).padStart(2)}. ` },
          { text: `${look.glyph} ${look.word.padEnd(8)}`, color: look.color, bold: true },
          { text: `${c.text}` },
          { text: `  ${c.detail}`, dim: true },
        ],
      };
    });
  }, [list, theme]);
  const met = list.filter((c) => c.state === 'met').length;
  return (
    <DetailScreen
      title={`Success criteria (${met}/13 met)`}
      rows={rows}
      width={width}
      height={height}
      active={active}
      emptyControls="read-only view: :recon, the items and :close move these"
    />
  );
}

import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { LAYERS, type GateResult, type LayerName } from '../domain/health/types.js';
import { LAYER_TITLE, offenderText, worstFirst } from '../panes/health-rows.js';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import type { Row } from '../ui/rows.js';
import { layerLook, type Theme } from '../ui/theme.js';
import { DetailScreen } from './DetailScreen.js';

const line = (key: string, segments: Row['segments']): Row => ({ key, segments, filterText: '', selectable: false });

function layerBlock(name: LayerName, gate: GateResult, theme: Theme): Row[] {
  const layer = gate.layers[name];
  const look = layerLook(layer.status, theme);
  const pct = layer.healthyPercent === null ? '-' : `${Math.round(layer.healthyPercent)}%`;
  const rows: Row[] = [
    line(`h:${name}`, [
      { text: LAYER_TITLE[name].padEnd(9), bold: true },
      { text: `${look.glyph} ${look.word}`, color: look.color, bold: true },
      { text: `  ${pct} healthy` },
    ]),
  ];
  for (const [i, r] of layer.reasons.entries()) rows.push(line(`r:${name}:${i}`, [{ text: `  ${theme.glyphs.bullet} ${r}` }]));
  const offenders = worstFirst(layer.offenders);
  if (offenders.length)
    rows.push(line(`oh:${name}`, [{ text: `  ${offenders.length} offender${offenders.length === 1 ? '' : 's'}, worst first:`, dim: true }]));
  for (const [i, o] of offenders.entries()) {
    const ol = layerLook(o.status, theme);
    rows.push(line(`o:${name}:${i}`, [{ text: '    ' }, { text: `${ol.glyph} ${ol.word.padEnd(7)} `, color: ol.color }, { text: offenderText(o) }]));
  }
  rows.push(line(`sp:${name}`, [{ text: '' }]));
  return rows;
}

/** Every reason and offender of one layer (or of all four, from the Overall line). */
export function LayerDetailScreen({ layer, width, height, active }: { layer: LayerName | null; width: number; height: number; active: boolean }) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const gate = useFreeze(
    useStore(engine.stores.health, (s) => s.gate),
    frozen,
  );
  const rows = useMemo(() => {
    if (!gate) return [line('none', [{ text: 'not graded yet', dim: true }])];
    return (layer ? [layer] : LAYERS).flatMap((l) => layerBlock(l, gate, theme));
  }, [gate, layer, theme]);
  const overall = gate ? layerLook(gate.overall, theme) : null;
  const title = layer ? `Layer health: ${LAYER_TITLE[layer]}` : `Layer health: every layer${overall ? ` (overall ${overall.glyph} ${overall.word})` : ''}`;
  return (
    <DetailScreen
      title={title}
      rows={rows}
      width={width}
      height={height}
      active={active}
      status={gate ? `graded ${gate.gradedAt}` : null}
      emptyControls="read-only view: the items in pane 1 fix these"
    />
  );
}

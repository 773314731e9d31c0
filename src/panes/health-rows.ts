import { LAYERS, type GateResult, type LayerName, type Offender } from '../domain/health/types.js';
import type { Row } from '../ui/rows.js';
import { layerLook, type Theme } from '../ui/theme.js';

export const LAYER_TITLE: Record<LayerName, string> = { metal: 'Metal', system: 'System', platform: 'Platform', apps: 'Apps' };

const OFFENDERS_SHOWN = 5;

function offenderText(o: Offender): string {
  const where = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  const extra = o.restarts ? ` (${o.restarts} restarts)` : '';
  return `${o.kind} ${where}: ${o.reason}${extra}`;
}

export function healthRows(gate: GateResult, theme: Theme): Row<LayerName>[] {
  const overall = layerLook(gate.overall, theme);
  const rows: Row<LayerName>[] = [
    {
      key: 'overall',
      selectable: true,
      filterText: `overall ${overall.word}`,
      segments: [{ text: 'Overall   ', bold: true }, { text: `${overall.glyph} ${overall.word}`, color: overall.color, bold: true }],
    },
  ];
  for (const name of LAYERS) {
    const layer = gate.layers[name];
    const look = layerLook(layer.status, theme);
    const pct = (layer.healthyPercent === null ? '-' : `${Math.round(layer.healthyPercent)}%`).padStart(4);
    rows.push({
      key: `layer:${name}`,
      selectable: true,
      payload: name,
      filterText: `${LAYER_TITLE[name]} ${look.word} ${layer.reasons.join(' ')}`,
      segments: [
        { text: LAYER_TITLE[name].padEnd(10), bold: true },
        { text: `${look.glyph} ${look.word.padEnd(7)}`, color: look.color },
        { text: ` ${pct} healthy  ` },
        { text: layer.reasons.join('; '), dim: true },
      ],
    });
    for (const o of layer.offenders.slice(0, OFFENDERS_SHOWN)) {
      const ol = layerLook(o.status, theme);
      rows.push({
        key: `off:${name}:${o.kind}:${o.namespace ?? ''}:${o.name}`,
        selectable: true,
        payload: name,
        filterText: `${LAYER_TITLE[name]} ${offenderText(o)}`,
        segments: [{ text: '    ' }, { text: `${ol.glyph} `, color: ol.color }, { text: offenderText(o) }],
      });
    }
    if (layer.offenders.length > OFFENDERS_SHOWN) {
      rows.push({
        key: `more:${name}`,
        selectable: false,
        filterText: '',
        segments: [{ text: `    +${layer.offenders.length - OFFENDERS_SHOWN} more`, dim: true }],
      });
    }
  }
  return rows;
}

import { Box } from 'ink';
import { Text } from '../ui/text.js';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { LAYERS, type LayerName } from '../domain/health/types.js';
import type { ActionItem } from '../domain/issue/types.js';
import { LAYER_TITLE } from '../panes/health-rows.js';
import { pickNext } from '../panes/items-rows.js';
import { useFreeze, useFrozen, useStores, useTheme } from '../ui/contexts.js';
import { cephLook, layerLook, severityLook } from '../ui/theme.js';

const NO_ITEMS: ActionItem[] = [];
const NO_FOCUS: string[] = [];

/** The side-pane essentials: overall and layer status, the next item, the head of the queue. */
export const CompactSummary = memo(function CompactSummary({ width, height }: { width: number; height: number }) {
  const stores = useStores();
  const theme = useTheme();
  const frozen = useFrozen();
  const gate = useFreeze(
    useStore(stores.health, (s) => s.gate),
    frozen,
  );
  const ceph = useStore(stores.ceph, (s) => s.summary?.health ?? null);
  const doc = useFreeze(
    useStore(stores.issue, (s) => s.document),
    frozen,
  );
  const items = doc?.items ?? NO_ITEMS;
  const focus = useStore(stores.session, (s) => (s.focus.length ? s.focus : NO_FOCUS));
  const head = useStore(stores.queue, (s) => s.prs[0] ?? null);
  const next = pickNext(doc, focus);

  const layer = (name: LayerName) => {
    const look = layerLook(gate ? gate.layers[name].status : 'UNKNOWN', theme);
    return (
      <Text key={name}>
        {LAYER_TITLE[name]} <Text color={look.color}>{`${look.glyph} ${look.word}`}</Text>
        {'  '}
      </Text>
    );
  };
  const overall = layerLook(gate?.overall ?? 'UNKNOWN', theme);
  const cephL = ceph ? cephLook(ceph, theme) : null;
  const lines: React.ReactNode[] = [
    <Text key="overall" wrap="truncate">
      <Text bold>Overall </Text>
      <Text color={overall.color} bold>{`${overall.glyph} ${overall.word}`}</Text>
      {gate ? '' : ' (grading...)'}
      {cephL ? (
        <Text>
          {'  Ceph '}
          <Text color={cephL.color}>{`${cephL.glyph} ${cephL.word}`}</Text>
        </Text>
      ) : null}
    </Text>,
  ];
  if (height >= 5) {
    lines.push(
      <Text key="l1" wrap="truncate">
        {LAYERS.slice(0, 2).map(layer)}
      </Text>,
      <Text key="l2" wrap="truncate">
        {LAYERS.slice(2).map(layer)}
      </Text>,
    );
  }
  const sev = next ? severityLook(next.severity, theme) : null;
  lines.push(
    <Text key="next" wrap="truncate">
      <Text color={theme.accent} bold>{`${theme.glyphs.next} Next `}</Text>
      {next && sev ? (
        <Text>
          <Text bold>{next.id ?? '--'}</Text> <Text color={sev.color}>{`${sev.glyph} ${sev.word}`}</Text> {next.title}
        </Text>
      ) : (
        <Text color={theme.muted}>{items.length ? 'every item is checked' : 'no items yet'}</Text>
      )}
    </Text>,
    <Text key="pr" wrap="truncate">
      <Text bold>{'  PR '}</Text>
      {head ? `#${head.number} ${head.category} ${head.risk} CI ${head.ci}  ${head.title}` : <Text color={theme.muted}>queue empty</Text>}
    </Text>,
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines}
    </Box>
  );
});

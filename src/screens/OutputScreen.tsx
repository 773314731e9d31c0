import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { consoleSafe } from '../panes/OutputArea.js';
import { Pager, type PagerLine } from '../ui/components/Pager.js';
import { useStores, useTheme } from '../ui/contexts.js';
import { wrapLine } from '../ui/wrap.js';

/**
 * Every kept line of the last step's output, full screen (the `o` key): wrapped to the width, not
 * cut, so nothing of a wide table is lost; it follows the end while the step still runs.
 */
export function OutputScreen({ width, height, active }: { width: number; height: number; active: boolean }) {
  const stores = useStores();
  const glyphs = useTheme().glyphs;
  const { output, dropped, current } = useStore(
    stores.step,
    useShallow((s) => ({ output: s.output, dropped: s.outputDropped, current: s.current })),
  );
  const lines = useMemo<PagerLine[]>(() => {
    const out: PagerLine[] = [];
    if (dropped) out.push({ text: `(${dropped} earlier lines were not kept: the output store holds the newest ${output.length})`, dim: true });
    for (const l of output) for (const piece of wrapLine(consoleSafe(l, glyphs), width)) out.push({ text: piece });
    return out;
  }, [output, dropped, width, glyphs]);
  const title = current
    ? `Output: ${current.title} ${glyphs.dash} ${current.status}${current.exitCode !== null ? ` (exit ${current.exitCode})` : ''}`
    : 'Output';
  return (
    <Pager title={title} lines={lines} width={width} height={height} active={active} follow={current?.status === 'running'} emptyText="no step has run yet" />
  );
}

import { Box } from 'ink';
import SelectInput, { type IndicatorProps, type ItemProps } from 'ink-select-input';
import React, { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { useSettings, useTheme } from '../contexts.js';
import type { Binding } from '../keys/bindings.js';
import { colonLabel, COLON_SPECS, paletteComplete, paletteEnter, paletteMatches, type ColonCommandSpec } from '../keys/colon-commands.js';
import { colonHelpLines } from '../keys/key-docs.js';
import { displayBinding } from '../keys/keypress.js';
import { useBindings, useKeyCommand } from '../keys/use-bindings.js';
import { Priority } from '../keypress-context.js';
import { Text } from '../text.js';
import { TextInput } from './TextInput.js';

interface Props {
  draft: string;
  onChange(draft: string): void;
  /** A line to run (`issue 7`, `recon`, `frobnicate`): the palette is closed first by the caller. */
  onRun(line: string): void;
  onCancel(): void;
  width: number;
  /** The body's rows: the palette sits at the bottom of it and never grows past it. */
  bodyHeight: number;
}

/** At most this many commands at once; the rest scroll (the list is virtualised to its window). */
export const PALETTE_MAX_ROWS = 12;
/** Border (2) and the two footer lines: the selected command's detail, the keys. */
const CHROME = 4;

/** How many commands the palette shows for `count` matches in a body of `bodyHeight` rows. */
export function paletteRowCount(bodyHeight: number, count: number): number {
  return Math.max(Math.min(count, PALETTE_MAX_ROWS, bodyHeight - CHROME), 1);
}

interface RowView {
  label: string;
  description: string;
  /** Why it is off now (its key's reason), or null. */
  off: string | null;
}

// ink-select-input hands its item component only `label` and `isSelected`; the rest of a row is
// looked up here by label (the command's name, unique).
const RowsContext = createContext<ReadonlyMap<string, RowView>>(new Map());
const NAME_WIDTH = Math.max(...COLON_SPECS.map((c) => colonLabel(c).length)) + 1;
const STATUS_WIDTH = 8;
/** The rows as `?` help writes them (label, description with aliases): one list, two places. */
const HELP = new Map(colonHelpLines().map((l) => [l.name, l]));

function PaletteIndicator({ isSelected = false }: IndicatorProps) {
  const glyphs = useTheme().glyphs;
  return <Text bold>{isSelected ? `${glyphs.next} ` : '  '}</Text>;
}

function PaletteItem({ isSelected = false, label }: ItemProps) {
  const theme = useTheme();
  const row = useContext(RowsContext).get(label);
  if (!row) return null;
  // Status is glyph + word (NO_COLOR keeps both); the selected row is bold and inverse as well.
  const status = row.off ? `${theme.glyphs.fail} off` : `${theme.glyphs.ok} ready`;
  return (
    <Text wrap="truncate" bold={isSelected} inverse={isSelected}>
      {row.label.padEnd(NAME_WIDTH)}
      <Text color={row.off ? theme.fail : theme.ok}>{status.padEnd(STATUS_WIDTH)}</Text>
      {row.description}
    </Text>
  );
}

/** `text` in exactly `width` columns: cut with the glyph table's mark, or padded (the palette blanks what is behind it). */
function fit(text: string, width: number, cut: string): string {
  if (width <= 0) return '';
  return text.length > width ? `${text.slice(0, Math.max(width - cut.length, 0))}${cut}` : text.padEnd(width);
}

const firstWord = (line: string) => (line.trimStart().split(/\s+/)[0] ?? '').toLowerCase();

/**
 * The `:` palette: the line at the bottom filters every command of COLON_COMMANDS (the same list
 * as `?` help), drawn above it in a box that fits the body. The keys are the key table's
 * palette commands (↑/↓ and Ctrl-P/Ctrl-N move, Tab completes, Enter runs), then the line's own
 * typing; Esc closes. A command that spells out a key (`:safe`, `:resume`) shows that key's state.
 *
 * ink-select-input draws the list (its indicator and item slots, our Text inside), but it never
 * reads a key: it is rendered with `isFocused={false}`, so its own useInput neither listens nor
 * touches raw mode. The KeypressProvider stays the one owner of stdin and the key table decides
 * what a key does: ink-select-input's built-in keys (j/k and 1-9 move and select) would otherwise
 * act on letters and digits typed into the line (`issue 12`). Its highlight follows ours through
 * `initialIndex`, remounted on each move (a dozen rows); it is given only the visible window.
 */
export function CommandPalette({ draft, onChange, onRun, onCancel, width, bodyHeight }: Props) {
  const theme = useTheme();
  const { keys } = useSettings();
  const keyCommand = useKeyCommand();
  const matches = useMemo(() => paletteMatches(draft), [draft]);
  const word = firstWord(draft);
  const [sel, setSel] = useState({ word, index: 0, offset: 0 });
  const rows = paletteRowCount(bodyHeight, matches.length);
  const index = sel.word === word ? Math.min(sel.index, Math.max(matches.length - 1, 0)) : 0;
  const offset = sel.word === word ? Math.min(Math.max(sel.offset, index - rows + 1, 0), index) : 0;
  const highlighted: ColonCommandSpec | null = matches[index] ?? null;

  const enter = useCallback(
    (line: string) => {
      const outcome = paletteEnter(line, highlighted);
      if (outcome.kind === 'run') onRun(outcome.line);
      else if (outcome.kind === 'complete') onChange(outcome.line);
      else onCancel();
    },
    [highlighted, onRun, onChange, onCancel],
  );
  const bindings = useMemo<Binding[]>(() => {
    const move = (by: number) => () => {
      if (!matches.length) return;
      const next = (index + by + matches.length) % matches.length;
      setSel({ word, index: next, offset: next < offset ? next : next >= offset + rows ? next - rows + 1 : offset });
    };
    return [
      { command: 'paletteUp', run: move(-1) },
      { command: 'paletteDown', run: move(1) },
      { command: 'paletteComplete', run: () => onChange(paletteComplete(draft, highlighted)) },
      { command: 'paletteRun', run: () => enter(draft) },
    ];
  }, [matches, index, offset, rows, word, draft, highlighted, onChange, enter]);
  // Above the line's own typing (Priority.High), so these keys never reach it; shown in the footer, not the hint bar.
  useBindings(bindings, { priority: Priority.High + 1, visible: false });

  const inner = Math.max(width - 2, 10);
  const views = useMemo(
    () =>
      new Map<string, RowView>(
        matches.map((c) => {
          const help = HELP.get(c.name)!;
          return [
            c.name,
            {
              label: help.label,
              description: fit(help.description, inner - 2 - NAME_WIDTH - STATUS_WIDTH, theme.glyphs.cut),
              off: c.key ? keyCommand.reason(c.key) : null,
            },
          ];
        }),
      ),
    [matches, keyCommand, inner, theme],
  );
  const window = matches.slice(offset, offset + rows);
  const selected = highlighted ? views.get(highlighted.name) : undefined;
  const detail = !highlighted
    ? `nothing matches :${word}; Enter says it is unknown`
    : selected?.off
      ? `${theme.glyphs.fail} off: ${selected.off}`
      : `${colonLabel(highlighted)}: ${highlighted.description}`;
  const k = (c: 'paletteUp' | 'paletteDown' | 'paletteComplete' | 'paletteRun') => displayBinding(keys.specs[c].keys[0] ?? '?', theme.glyphs);
  const position = matches.length ? `${index + 1}/${matches.length}` : '0/0';
  const help =
    inner >= 52
      ? `${position}  ${k('paletteUp')}${k('paletteDown')} move  ${k('paletteComplete')} complete  ${k('paletteRun')} run  Esc closes`
      : `${position} ${k('paletteUp')}${k('paletteDown')} ${k('paletteComplete')} complete ${k('paletteRun')} run Esc`;
  const boxHeight = (matches.length ? rows : 1) + CHROME;
  return (
    <>
      <Box
        position="absolute"
        top={1 + Math.max(bodyHeight - boxHeight, 0)}
        left={0}
        width={width}
        height={Math.min(boxHeight, bodyHeight)}
        overflow="hidden"
        flexDirection="column"
        borderStyle={theme.glyphs.borderDialog}
        borderColor={theme.accent}
      >
        <RowsContext.Provider value={views}>
          {window.length ? (
            <SelectInput
              key={`${offset}:${index}:${window.map((c) => c.name).join(',')}`}
              items={window.map((c) => ({ key: c.name, label: c.name, value: c.name }))}
              initialIndex={index - offset}
              limit={rows}
              isFocused={false}
              indicatorComponent={PaletteIndicator}
              itemComponent={PaletteItem}
            />
          ) : (
            <Text wrap="truncate" color={theme.muted}>
              {'  (no command)'.padEnd(inner)}
            </Text>
          )}
        </RowsContext.Provider>
        <Text wrap="truncate" color={selected?.off ? theme.fail : undefined}>
          {detail.padEnd(inner)}
        </Text>
        <Text wrap="truncate" color={theme.muted}>
          {help.padEnd(inner)}
        </Text>
      </Box>
      <TextInput prompt=":" value={draft} isActive onChange={onChange} onSubmit={enter} onCancel={onCancel} />
    </>
  );
}

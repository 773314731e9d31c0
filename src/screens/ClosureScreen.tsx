import { Box } from 'ink';
import React, { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { ActionResult } from '../domain/console-engine.js';
import { TextInput } from '../ui/components/TextInput.js';
import { useEngine, useTheme } from '../ui/contexts.js';
import type { Binding } from '../ui/keys/bindings.js';
import { useBindings } from '../ui/keys/use-bindings.js';
import { Priority } from '../ui/keypress-context.js';
import { closureRows } from './closure-rows.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';

interface Props {
  width: number;
  height: number;
  active: boolean;
  report(r: ActionResult): void;
  /** Back to the panes (the preview was left unconfirmed or the work is done). */
  onBack(): void;
}

type Prompt = { kind: 'confirm' | 'lesson'; draft: string } | null;

/**
 * The closure preview, full-screen: the `[RESOLVED]` title and the whole body as it will be written
 * (the exhaustive notes at the top, the Closure section filled). Confirming asks for the issue
 * number typed out; Esc leaves without closing, which is recorded as cancelled.
 */
export function ClosureScreen({ width, height, active, report, onBack }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const closure = useStore(engine.stores.closure, (s) => s);
  const [prompt, setPrompt] = useState<Prompt>(null);
  const rows = useMemo(() => closureRows(closure, theme), [closure, theme]);
  const number = closure.number;

  const leave = useCallback(() => {
    void engine.cancelClosure();
    onBack();
  }, [engine, onBack]);

  const controls = useMemo<DetailControl[]>(
    () => [
      {
        command: 'closureConfirm',
        label: `confirm (type ${number ?? 'N'})`,
        run: () => setPrompt({ kind: 'confirm', draft: '' }),
        disabledReason: () =>
          closure.phase === 'ready'
            ? null
            : closure.phase === 'refused'
              ? 'closure is not allowed yet: see what still stands'
              : closure.phase === 'closed'
                ? 'the issue is closed'
                : closure.phase === 'closing'
                  ? 'closing...'
                  : 'no preview yet',
      },
      {
        command: 'closureLesson',
        label: 'add a lesson',
        run: () => setPrompt({ kind: 'lesson', draft: '' }),
        disabledReason: () => (closure.phase === 'ready' ? null : 'lessons go into a preview'),
      },
      { command: 'closureCancel', label: closure.phase === 'ready' ? 'leave without closing' : 'back', run: leave },
    ],
    [number, closure.phase, leave],
  );

  // q leaves a detail screen everywhere; here leaving the preview is recorded as cancelled too.
  const quit = useMemo<Binding[]>(() => [{ command: 'quit', run: leave }], [leave]);
  useBindings(quit, { priority: Priority.Normal, isActive: active && prompt === null });

  const submit = useCallback(
    (value: string) => {
      const p = prompt;
      setPrompt(null);
      if (p?.kind === 'lesson') report(engine.addClosureLesson(value));
      else if (p?.kind === 'confirm') void engine.confirmClosure(value).then(report);
    },
    [prompt, engine, report],
  );

  const status =
    closure.phase === 'ready'
      ? `${closure.lessons.length} lesson${closure.lessons.length === 1 ? '' : 's'}; nothing is written until you type ${number}`
      : null;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <DetailScreen
        title={`Closure preview: #${number ?? '?'}`}
        rows={rows}
        width={width}
        height={height - 1}
        active={active && prompt === null}
        controls={controls}
        disabledReason={null}
        status={status}
      />
      <Box height={1}>
        {prompt ? (
          <TextInput
            prompt={prompt.kind === 'confirm' ? `type ${number} to close #${number} as [RESOLVED] (Esc cancels): ` : 'lesson learned: '}
            value={prompt.draft}
            isActive={active}
            onChange={(draft) => setPrompt({ ...prompt, draft })}
            onSubmit={submit}
            onCancel={() => setPrompt(null)}
          />
        ) : null}
      </Box>
    </Box>
  );
}

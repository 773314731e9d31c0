import { Box } from 'ink';
import { Text } from '../text.js';
import React, { useCallback, type Dispatch } from 'react';
import type { ConfirmRequest } from '../../domain/console-engine.js';
import { ConfirmDialog, dialogLayout, type DialogOutcome } from '../components/ConfirmDialog.js';
import type { Say } from './use-confirm-flow.js';
import type { Overlay, ViewAction } from './view-state.js';

interface Props {
  overlay: Overlay;
  width: number;
  bodyHeight: number;
  dispatch: Dispatch<ViewAction>;
  say: Say;
  /** The operator confirmed quitting while work runs. */
  onQuit(): void;
}

/** The confirmation and quit dialogs, drawn over the body (nothing when neither is open). */
export function DialogLayer({ overlay, width, bodyHeight, dispatch, say, onQuit }: Props) {
  const onConfirmClose = useCallback(
    (outcome: DialogOutcome) => {
      dispatch({ type: 'overlay', overlay: { kind: 'none' } });
      if (overlay.kind !== 'confirm') return;
      if (outcome.confirmed) overlay.run(outcome.typed);
      else if (outcome.reason === 'stale')
        say('error', `refused: ${overlay.request.binding.kind} ${overlay.request.binding.id} changed while the dialog was open; nothing was done`);
      else say('info', `cancelled: ${overlay.request.title}`);
    },
    [overlay, dispatch, say],
  );
  const onQuitClose = useCallback(
    (outcome: DialogOutcome) => {
      dispatch({ type: 'overlay', overlay: { kind: 'none' } });
      if (outcome.confirmed) onQuit();
    },
    [dispatch, onQuit],
  );
  if (overlay.kind !== 'confirm' && overlay.kind !== 'quit') return null;

  const dialogWidth = Math.min(width - 2, 120);
  // The dialog sits on the body, below the header and one row of the pane behind it.
  const dialogRows = Math.max(bodyHeight - 1, 8);
  const request = overlay.kind === 'confirm' ? overlay.request : quitRequest(overlay.reason);
  return (
    <Box
      position="absolute"
      top={2}
      height={dialogRows}
      overflow="hidden"
      left={Math.max(Math.floor((width - dialogWidth) / 2), 0)}
      width={dialogWidth}
      flexDirection="column"
    >
      <Blank width={dialogWidth} height={dialogLayout(request, dialogRows, dialogWidth).height} />
      <Box position="absolute" top={0} left={0} width={dialogWidth}>
        {overlay.kind === 'confirm' ? (
          <ConfirmDialog request={request} width={dialogWidth} maxRows={dialogRows} onClose={onConfirmClose} />
        ) : (
          <ConfirmDialog request={request} width={dialogWidth} maxRows={dialogRows} onClose={onQuitClose} verify={alwaysCurrent} />
        )}
      </Box>
    </Box>
  );
}

const alwaysCurrent = () => true;

function quitRequest(reason: string): ConfirmRequest {
  return {
    action: 'quit',
    title: 'Quit while work is in progress?',
    target: reason,
    command: 'quit; record it as interrupted — outcome unknown',
    // Quitting changes nothing in the homelab; the dialog must not say it does.
    destructive: false,
    challenge: null,
    notes: [
      "Quitting records it as 'interrupted — outcome unknown' in the issue's Change Log and the journal;",
      'a running step is stopped first. Esc keeps the console running.',
    ],
    binding: { kind: 'item', id: 'quit', version: null },
    dryRun: false,
  };
}

/** Spaces that blank out the panes behind a dialog (Ink draws later boxes over earlier ones). */
function Blank({ width, height }: { width: number; height: number }) {
  const line = ' '.repeat(Math.max(width, 0));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {Array.from({ length: height }, (_, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
}

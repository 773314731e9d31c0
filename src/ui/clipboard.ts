import { useStdout } from 'ink';
import { useCallback } from 'react';
import { displayText } from '../domain/display.js';
import { pushMessage } from '../store/session-store.js';
import { useEngine } from './contexts.js';
import { osc52 } from './terminal-features.js';

/** What the copy key puts on the clipboard, and how the message line names it ("PR #482's URL"). */
export interface CopyTarget {
  text: string;
  what: string;
}

/**
 * The copy key's action: the text goes to the operator's clipboard as OSC 52 on Ink's own stdout
 * (the terminal the frame is drawn on; nothing else writes to it between frames), and the message
 * line says what was copied. The sequence carries the text base64-encoded, so an escape in the data
 * cannot reach the terminal. It works through ssh as it is; inside tmux it needs
 * `set -g set-clipboard on` (tmux then fills its paste buffer and passes the copy on to the outer
 * terminal), which is why the message names it.
 */
export function useCopy(): (target: CopyTarget) => void {
  const { stdout } = useStdout();
  const session = useEngine().stores.session;
  return useCallback(
    (target: CopyTarget) => {
      stdout.write(osc52(target.text));
      const shown = displayText(target.text, { mode: 'line' });
      const brief = shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
      pushMessage(session, 'info', `copied ${target.what} to the clipboard (OSC 52; in tmux: set-clipboard on): ${brief}`);
    },
    [stdout, session],
  );
}

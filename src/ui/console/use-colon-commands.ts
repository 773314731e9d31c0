import { useCallback, type Dispatch } from 'react';
import type { ConsoleEngine } from '../../store/index.js';
import { colonUsage, findColonCommand } from '../keys/colon-commands.js';
import { useKeyCommand } from '../keys/use-bindings.js';
import type { Say } from './use-confirm-flow.js';
import type { ViewAction } from './view-state.js';

/** Runs one `:` line; the commands and their names are the table in src/ui/keys/colon-commands.ts. */
export function useColonCommands(engine: ConsoleEngine, say: Say, dispatch: Dispatch<ViewAction>, requestQuit: () => void): (line: string) => void {
  const keyCommand = useKeyCommand();
  return useCallback(
    (line: string) => {
      const [word = '', ...args] = line.trim().split(/\s+/);
      if (!word) return;
      const command = findColonCommand(word);
      switch (command) {
        case null:
          return say('error', `unknown command :${word} (try ${colonUsage()})`);
        case 'q':
          return requestQuit();
        case 'health':
        case 'ceph':
        case 'items':
          return dispatch({ type: 'focus', pane: command });
        case 'prs':
          return dispatch({ type: 'focus', pane: 'queue' });
        case 'help':
          return dispatch({ type: 'overlay', overlay: { kind: 'help' } });
        case 'recon':
          dispatch({ type: 'open', view: { kind: 'recon' } });
          say('info', 'recon: reading every layer, drift, certificates, alerts...');
          void engine.runRecon().then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason));
          return;
        case 'close':
          dispatch({ type: 'open', view: { kind: 'closure' } });
          void engine.prepareClosure().then((r) => say(r.ok ? 'info' : 'warn', r.ok ? r.message : r.reason));
          return;
        case 'related':
          dispatch({ type: 'open', view: { kind: 'related' } });
          void engine.loadRelated().then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason));
          return;
        case 'criteria':
          return dispatch({ type: 'open', view: { kind: 'criteria' } });
        // The spelled-out S and U keys: their live bindings, so their reasons (read-only, nothing escalated).
        case 'safe':
          return keyCommand.run('safeState');
        case 'resume':
          return keyCommand.run('escalationResume');
        case 'verify':
          return dispatch({ type: 'open', view: { kind: 'verify' } });
        case 'refresh':
          void engine.refresh('all');
          return say('info', 'refreshing everything');
        case 'issue': {
          const n = Number(args[0]);
          if (!args[0] || !Number.isInteger(n) || n <= 0) return say('error', ':issue needs an issue number, e.g. :issue 42');
          say('info', `opening issue #${n}`);
          dispatch({ type: 'focus', pane: 'items' });
          void engine.openIssue(n).then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason));
          return;
        }
        default: {
          const never: never = command;
          return never;
        }
      }
    },
    [engine, say, dispatch, requestQuit, keyCommand],
  );
}

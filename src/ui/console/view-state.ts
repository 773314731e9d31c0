import type { LayerName } from '../../domain/health/types.js';
import type { ConfirmRequest, ItemRef, ProtocolNext } from '../../domain/console-engine.js';
import type { PaneId } from '../layout.js';
import { START, type ListCursor } from '../rows.js';

/** What fills the body: the four panes, or one detail screen. */
export type View =
  | { kind: 'main' }
  | { kind: 'item'; ref: ItemRef }
  | { kind: 'pr'; number: number }
  | { kind: 'layer'; layer: LayerName | null }
  | { kind: 'dashboard' }
  | { kind: 'ceph' }
  /** A full-screen viewer opened over `from`, where Esc goes back to. */
  | { kind: 'output'; from: View }
  | { kind: 'issue'; from: View }
  | { kind: 'recon' }
  | { kind: 'closure' }
  | { kind: 'criteria' }
  | { kind: 'related' }
  /** The steps a crash left "outcome unknown — verify", opened first at start (and by :verify). */
  | { kind: 'verify' };

/** What sits on top of the body and owns the keys while it is open. */
export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'filter'; draft: string }
  | { kind: 'command'; draft: string }
  /** The operator types why they escalate `ref` (the header and the issue carry it). */
  | { kind: 'reason'; draft: string; ref: ItemRef }
  | { kind: 'confirm'; request: ConfirmRequest; run: (typed: string) => void }
  | { kind: 'quit'; reason: string }
  /** The one-line note a verdict carries to the Change Log (a defer's reason is required). */
  | { kind: 'note'; request: NoteRequest; draft: string }
  /** What an upgrade protocol asks the operator to type: the out-of-order reason, an assessment answer. */
  | { kind: 'protocol'; pr: number; ask: ProtocolAsk; draft: string };

export type ProtocolAsk = Extract<ProtocolNext, { kind: 'reason' | 'answer' }>;

export type NoteVerdict = 'pass' | 'fail' | 'defer';

export interface NoteRequest {
  verdict: NoteVerdict;
  ref: ItemRef;
  /** The item's name, for the prompt. */
  name: string;
  required: boolean;
}

/** The console's view state, in one reducer (every transition below, nothing set from afar). */
export interface ViewState {
  view: View;
  focus: PaneId;
  overlay: Overlay;
  filters: Record<PaneId, string>;
  cursors: Record<PaneId, ListCursor>;
  /** One line before the hints (the Ctrl-C notice); the next key clears it. */
  notice: string | null;
}

export type ViewAction =
  | { type: 'open'; view: View }
  /** Back to the panes with `pane` focused (`:ceph`, `1`…`4`, Tab). */
  | { type: 'focus'; pane: PaneId }
  /** Esc: a detail screen goes back to the panes, else the focused pane's filter is cleared. */
  | { type: 'back' }
  | { type: 'overlay'; overlay: Overlay }
  | { type: 'filter'; text: string }
  | { type: 'cursor'; pane: PaneId; cursor: ListCursor }
  | { type: 'notice'; text: string | null };

export function initialViewState(focus: PaneId): ViewState {
  return {
    view: { kind: 'main' },
    focus,
    overlay: { kind: 'none' },
    filters: { items: '', health: '', ceph: '', queue: '' },
    cursors: { items: START, health: START, ceph: START, queue: START },
    notice: null,
  };
}

export function viewReducer(s: ViewState, a: ViewAction): ViewState {
  switch (a.type) {
    case 'open':
      // A viewer opened from itself stays one level deep (Esc must not walk back through copies).
      if (a.view.kind === s.view.kind && 'from' in a.view) return s;
      return { ...s, view: a.view };
    case 'focus':
      return s.view.kind === 'main' && s.focus === a.pane ? s : { ...s, view: { kind: 'main' }, focus: a.pane };
    case 'back':
      if ('from' in s.view) return { ...s, view: s.view.from };
      if (s.view.kind !== 'main') return { ...s, view: { kind: 'main' } };
      return s.filters[s.focus] ? { ...s, filters: { ...s.filters, [s.focus]: '' } } : s;
    case 'overlay':
      return { ...s, overlay: a.overlay };
    case 'filter':
      return s.filters[s.focus] === a.text ? s : { ...s, filters: { ...s.filters, [s.focus]: a.text } };
    case 'cursor':
      return s.cursors[a.pane] === a.cursor ? s : { ...s, cursors: { ...s.cursors, [a.pane]: a.cursor } };
    case 'notice':
      return s.notice === a.text ? s : { ...s, notice: a.text };
    default: {
      const never: never = a;
      return never;
    }
  }
}

import { createStore } from 'zustand/vanilla';

export type RunMode = 'READ-ONLY' | 'WRITE' | 'DRY-RUN';

export interface SessionMessage {
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** What the header and output area show about this session. */
export interface SessionState {
  mode: RunMode;
  demo: boolean;
  context: string | null;
  repo: string | null;
  /** Access checks run at start-up (doctor), one line each. */
  access: Array<{ name: string; ok: boolean | null; detail: string }>;
  /** Bounded message log for the output area. */
  messages: SessionMessage[];
  focus: string[];
  /** The operator's reason while the maintenance is escalated (the header says ESCALATED), else null. */
  escalated?: string | null;
}

export const MESSAGES_KEPT = 500;

export const createSessionStore = () =>
  createStore<SessionState>()(() => ({ mode: 'WRITE', demo: false, context: null, repo: null, access: [], messages: [], focus: [] }));
export type SessionStore = ReturnType<typeof createSessionStore>;

export function pushMessage(store: SessionStore, level: SessionMessage['level'], text: string): void {
  store.setState((s) => {
    const messages = [...s.messages, { at: Date.now(), level, text }];
    return { messages: messages.length > MESSAGES_KEPT ? messages.slice(-MESSAGES_KEPT) : messages };
  });
}

import React from 'react';
import { TextInput } from '../components/TextInput.js';
import type { Say } from './use-confirm-flow.js';
import type { NoteRequest } from './view-state.js';

interface Props {
  request: NoteRequest;
  draft: string;
  onChange(draft: string): void;
  /** The verdict with its note (trimmed, one line). */
  onSubmit(request: NoteRequest, note: string): void;
  onCancel(): void;
  say: Say;
}

const ASK: Record<NoteRequest['verdict'], string> = {
  pass: 'note (optional)',
  fail: 'what failed (optional)',
  defer: 'reason',
};

/**
 * The one-line note a verdict takes where it is made (the hint line): it reaches the item's note
 * and the Change Log row. Enter records (an empty note is fine for pass and fail; a defer needs
 * its reason), Esc cancels the verdict itself.
 */
export function NotePrompt({ request, draft, onChange, onSubmit, onCancel, say }: Props) {
  return (
    <TextInput
      prompt={`${request.verdict} ${request.name}, ${ASK[request.verdict]}: `}
      value={draft}
      isActive
      onChange={onChange}
      onSubmit={(text) => {
        const note = text.replace(/\s+/g, ' ').trim();
        if (request.required && !note) return say('warn', `${request.verdict} ${request.name}: type the reason first (it goes to the Change Log); Esc cancels`);
        onSubmit(request, note);
      }}
      onCancel={() => {
        say('info', `${request.verdict} ${request.name}: cancelled, nothing recorded`);
        onCancel();
      }}
    />
  );
}

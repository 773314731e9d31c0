import { Text } from '../text.js';
import React, { useCallback, useRef } from 'react';
import { useSettings } from '../contexts.js';
import type { KeyPress } from '../keys/keypress.js';
import { Priority, useKeypress } from '../keypress-context.js';

interface Props {
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  onCancel(): void;
  prompt: string;
  isActive: boolean;
  priority?: number;
}

/**
 * The text as this input last made it. Keys typed faster than React commits (a paste, tmux
 * send-keys, a loaded host: the key queue waits only 20 ms for a commit) reach a handler whose
 * `value` prop is one or more keys old; building on the prop then drops characters ("Arhive").
 * Each key builds on the last text this input emitted. A prop the handler has not seen yet is
 * either one of its own pending echoes (not a change) or the owner's own change (cleared,
 * replaced), which wins.
 */
interface LatestText {
  latest: string;
  seen: string;
  pending: string[];
}

function currentText(s: LatestText, value: string): string {
  if (value !== s.seen) {
    s.seen = value;
    const echo = s.pending.indexOf(value);
    if (echo >= 0) s.pending.splice(0, echo + 1);
    else {
      s.latest = value;
      s.pending = [];
    }
  }
  return s.latest;
}

function emitText(s: LatestText, next: string): string {
  s.latest = next;
  s.pending.push(next);
  return next;
}

/** One-line input that owns every key while active (except Ctrl-C, which stays global). */
export function TextInput({ value, onChange, onSubmit, onCancel, prompt, isActive, priority = Priority.High }: Props) {
  const { keys } = useSettings();
  const text = useRef<LatestText>({ latest: value, seen: value, pending: [] });
  const onKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) return false;
      const current = currentText(text.current, value);
      if (k.name === 'escape') onCancel();
      else if (k.name === 'return') onSubmit(current);
      else if (k.name === 'backspace' || k.name === 'delete') onChange(emitText(text.current, current.slice(0, -1)));
      else if (k.text && !k.ctrl && !k.meta) onChange(emitText(text.current, current + k.text.replace(/[\r\n\t]/g, '')));
      return true;
    },
    [keys, value, onChange, onSubmit, onCancel],
  );
  useKeypress(onKey, { priority, isActive });
  return (
    <Text wrap="truncate">
      {prompt}
      {value}
      <Text inverse> </Text>
    </Text>
  );
}

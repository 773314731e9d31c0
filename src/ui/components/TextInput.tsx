import { Text } from '../text.js';
import React, { useCallback } from 'react';
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

/** One-line input that owns every key while active (except Ctrl-C, which stays global). */
export function TextInput({ value, onChange, onSubmit, onCancel, prompt, isActive, priority = Priority.High }: Props) {
  const { keys } = useSettings();
  const onKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) return false;
      if (k.name === 'escape') onCancel();
      else if (k.name === 'return') onSubmit(value);
      else if (k.name === 'backspace' || k.name === 'delete') onChange(value.slice(0, -1));
      else if (k.text && !k.ctrl && !k.meta) onChange(value + k.text.replace(/[\r\n\t]/g, ''));
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

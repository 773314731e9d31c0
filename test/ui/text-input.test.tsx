import { render } from 'ink-testing-library';
import React, { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TextInput } from '../../src/ui/components/TextInput.js';
import { SettingsProvider, type UiSettings } from '../../src/ui/contexts.js';
import { KeypressProvider } from '../../src/ui/keypress-context.js';
import { buildKeyTable } from '../../src/ui/keys/commands.js';
import { COLOR_THEME } from '../../src/ui/theme.js';
import { waitFor } from '../support/wait.js';

const settings: UiSettings = { theme: COLOR_THEME, keys: buildKeyTable({}), compactBelowColumns: 100, animate: false };

/** An owner whose state lands `lagMs` after each change: React committing slower than keys arrive. */
function SlowOwner({ lagMs, submitted }: { lagMs: number; submitted: string[] }) {
  const [value, setValue] = useState('');
  return (
    <TextInput
      prompt="/"
      value={value}
      isActive
      onChange={(v) => setTimeout(() => setValue(v), lagMs)}
      onSubmit={(v) => submitted.push(v)}
      onCancel={() => undefined}
    />
  );
}

describe('TextInput under keys faster than commits', () => {
  it('keeps every character of a burst typed while the owner is slow to re-render, and submits all of it', async () => {
    const submitted: string[] = [];
    const r = render(
      <SettingsProvider value={settings}>
        <KeypressProvider>
          <SlowOwner lagMs={80} submitted={submitted} />
        </KeypressProvider>
      </SettingsProvider>,
    );
    try {
      // One write, as tmux send-keys or a paste delivers it: split into one key per character.
      r.stdin.write('Archive Ceph crash');
      await waitFor(() => (r.lastFrame() ?? '').includes('/Archive Ceph crash'), { what: 'the whole text', timeoutMs: 10_000 });
      r.stdin.write('\u007F\u007Fsh\r');
      await waitFor(() => submitted.length === 1, { what: 'the submit' });
      expect(submitted).toEqual(['Archive Ceph crash']);
    } finally {
      r.unmount();
    }
  });
});

import { Box } from 'ink';
import { render } from 'ink-testing-library';
import React from 'react';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { SettingsProvider } from '../../src/ui/contexts.js';
import { Link, Text } from '../../src/ui/text.js';
import { hyperlinksFor, osc52, osc8 } from '../../src/ui/terminal-features.js';
import { COLOR_THEME } from '../../src/ui/theme.js';
import { itemCopy, queueCopy } from '../../src/ui/copy-targets.js';

const URL_ = 'https://git.lab.example/homelab/gitops/pulls/482';
const OPEN = `\x1b]8;;${URL_}\x1b\\`;
const CLOSE = '\x1b]8;;\x1b\\';

function frame(node: React.ReactNode, hyperlinks: boolean, columns = 80): string {
  const theme = { ...COLOR_THEME, hyperlinks };
  const ui = render(
    <SettingsProvider value={{ theme, keys: undefined as never, compactBelowColumns: 100, animate: false }}>
      <Box width={columns} flexDirection="column">
        {node}
      </Box>
    </SettingsProvider>,
  );
  const out = ui.lastFrame() ?? '';
  ui.unmount();
  return out;
}

describe('OSC 8 hyperlinks through the one Text path', () => {
  it('a supporting terminal gets the URL as a link; the layout width is the text width', () => {
    const out = frame(
      <Text wrap="truncate">
        {'PR '}
        <Link url={URL_} />
        {' end'}
      </Text>,
      true,
    );
    expect(out).toContain(`${OPEN}${URL_}${CLOSE}`);
    expect(stringWidth(out)).toBe(`PR ${URL_} end`.length);
  });

  it('cut by a narrow row: the visible part stays linked and the link is closed before the row ends', () => {
    const out = frame(
      <Text wrap="truncate">
        {'> '}
        <Link url={URL_} />
      </Text>,
      true,
      24,
    );
    expect(stringWidth(out)).toBeLessThanOrEqual(24);
    expect(out).toContain(OPEN);
    expect(out.lastIndexOf(CLOSE)).toBeGreaterThan(out.lastIndexOf(OPEN));
    expect(out).toContain('…');
  });

  it('without hyperlinks (unknown terminal, tmux, override 0) the URL is plain text', () => {
    const out = frame(<Link url={URL_} />, false);
    expect(out).toBe(URL_);
  });

  it('escapes in the data stay inert: a title that carries its own OSC 8 is spelled, and a URL that could break the sequence is not linked', () => {
    const hostile = `\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\`;
    const out = frame(
      <>
        <Text>{hostile}</Text>
        <Link url={`https://x.example/\x1b]8;;https://evil.example\x07`} />
        <Link url="javascript:alert(1)" />
      </>,
      true,
    );
    expect(out).not.toContain('\x1b]8');
    expect(out).toContain('\\x1b]8;;https://evil.example\\x1b\\click');
    expect(out).toContain('javascript:alert(1)');
    expect(osc8('https://a.example/with space', 'x')).toBeNull();
  });
});

describe('which terminals get hyperlinks', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['an unknown xterm', { TERM: 'xterm-256color' }, false],
    ['TERM=dumb, even in WezTerm', { TERM: 'dumb', TERM_PROGRAM: 'WezTerm' }, false],
    ['WezTerm', { TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }, true],
    ['iTerm2', { TERM_PROGRAM: 'iTerm.app' }, true],
    ['kitty', { TERM: 'xterm-kitty' }, true],
    ['GNOME Terminal (VTE 0.76)', { TERM: 'xterm-256color', VTE_VERSION: '7600' }, true],
    ['old VTE (0.48)', { VTE_VERSION: '4800' }, false],
    ['tmux inside WezTerm (passes OSC 8 only if configured)', { TMUX: '/tmp/tmux-1000/default,1,0', TERM_PROGRAM: 'WezTerm', TERM: 'tmux-256color' }, false],
    ['tmux with the override', { TMUX: '/tmp/t,1,0', TERM: 'tmux-256color', HOMELAB_CONSOLE_HYPERLINKS: '1' }, true],
    ['WezTerm with the override off', { TERM_PROGRAM: 'WezTerm', HOMELAB_CONSOLE_HYPERLINKS: '0' }, false],
    ['FORCE_HYPERLINK=1', { TERM: 'xterm', FORCE_HYPERLINK: '1' }, true],
  ])('%s', (_name, env, expected) => {
    expect(hyperlinksFor(env)).toBe(expected);
  });
});

describe('OSC 52', () => {
  it('carries the text base64-encoded, so nothing in it reaches the terminal as a control', () => {
    const seq = osc52('kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph status\x1b[2J');
    expect(seq.startsWith('\x1b]52;c;') && seq.endsWith('\x07')).toBe(true);
    expect(seq.slice(7, -1)).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(seq.slice(7, -1), 'base64').toString('utf8')).toBe('kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph status\x1b[2J');
  });
});

describe("what the copy key copies, or why it is off (the binding's disabledReason)", () => {
  it('the queue: an open PR copies its URL; nothing selected, the dashboard, a merged PR or a PR without URL say why', () => {
    expect(queueCopy({ kind: 'open', pr: { number: 482, htmlUrl: URL_ } })).toEqual({ target: { text: URL_, what: "PR #482's URL" } });
    expect(queueCopy(null).reason).toBe('nothing selected: select a PR to copy its URL');
    expect(queueCopy({ kind: 'dashboard' }).reason).toMatch(/Dependency Dashboard row has no URL/);
    expect(queueCopy({ kind: 'merged', pr: { number: 7 } }).reason).toMatch(/PR #7 is merged/);
    expect(queueCopy({ kind: 'open', pr: { number: 9, htmlUrl: null } }).reason).toMatch(/PR #9 has no URL/);
  });

  it("the action items: the item's commands exactly; an item without commands says so", () => {
    const commands = 'kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph osd purge 8 --yes-i-really-mean-it\nceph status';
    expect(itemCopy({ id: 'A3', line: 12, commands })).toEqual({ target: { text: commands, what: "A3's commands" } });
    expect(itemCopy({ id: null, line: 30, commands: '  ' }).reason).toBe('line 30 has no commands: nothing to copy');
    expect(itemCopy(null).reason).toMatch(/^nothing selected/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../src/sim/gitea/index.js';
import { KubeSim } from '../../src/sim/kube/index.js';
import { ensureBundle } from '../support/bundle.js';
import { HOSTILE_BODY, HOSTILE_TITLE } from '../support/hostile.js';
import { TmuxConsole, hasTmux } from './tmux.js';

/**
 * The live console — as an operator starts it, against the Gitea and Kubernetes simulators — on a
 * maintenance issue whose title, items, commands and Change Log carry escape sequences, a bidi
 * override and a zero-width character. Read back from real tmux with each cell's attributes: no
 * cell is concealed, the window title is untouched, and every control shows as text.
 */
const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;

describe.skipIf(skip)(`hostile issue body in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  let gitea: GiteaSim;
  let kube: KubeSim;
  let screen: TmuxConsole;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-hostile-'));

  beforeAll(async () => {
    await ensureBundle();
    gitea = await startDemoGitea({ maintenanceBody: HOSTILE_BODY });
    gitea.world.issues.get(42)!.title = HOSTILE_TITLE;
    kube = await KubeSim.start();
    screen = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      env: {
        GITEA_URL: gitea.url,
        GITEA_TOKEN: DEMO_TOKENS.admin,
        KUBECONFIG: kube.kubeconfigPath,
        HOME: tmp,
        XDG_STATE_HOME: path.join(tmp, 'state'),
        TMPDIR: tmp,
      },
    });
  }, 180_000);

  afterAll(async () => {
    screen?.kill();
    await gitea?.stop();
    await kube?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws every control as text: nothing concealed, no window title, no screen clear', async () => {
    const text = await screen.waitFor('\\x1b[31mRED\\x1b[0m', 60_000);
    expect(text).toContain('H1');
    const cells = screen.captureWithAttributes();
    // tmux re-emits each cell's attributes: a conceal (SGR 8) or red (SGR 31) cell would show here.
    expect(cells).not.toContain('\x1b[8m');
    // eslint-disable-next-line no-control-regex -- looking for the escape itself
    expect(cells).not.toMatch(/\x1b\[(?:[0-9;]*;)?31m/);
    expect(screen.paneTitle()).not.toContain('pwned');
    expect(screen.paneTitle()).not.toContain('owned');
  });

  it('shows the hidden part of a command in the confirmation, flagged, behind a typed challenge', async () => {
    screen.keys('Enter');
    await screen.waitFor('Goal', 20_000);
    screen.keys('s');
    const dialog = await screen.waitFor('CONFIRM', 20_000);
    expect(dialog).toContain('\\x1b[8m; echo HIDDEN-PAYLOAD');
    expect(dialog).toMatch(/invisible or control/);
    expect(dialog).toMatch(/Type H1/);
    expect(screen.captureWithAttributes()).not.toContain('\x1b[8m');
    screen.keys('Escape');
  });
});

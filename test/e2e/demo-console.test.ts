import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { EXIT_MARKER, TmuxConsole, hasTmux } from './tmux.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const sessions: TmuxConsole[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

async function startDemo(columns = 120, rows = 40, args: string[] = []): Promise<TmuxConsole> {
  const c = TmuxConsole.start(['demo', ...args], { columns, rows });
  sessions.push(c);
  // The first frame, then live data from the simulated Gitea and Ceph.
  await c.waitFor('Action items');
  await c.waitFor(/Action items \d+\/\d+/);
  await c.waitFor('HEALTH_ERR');
  await c.waitFor(/Renovate queue \d/);
  return c;
}

describe.skipIf(!hasTmux())('demo console in real tmux', () => {
  it('renders every pane, the header and the demo banner in the alternate screen', async () => {
    const c = await startDemo();
    const screen = await c.waitFor(/Renovate queue \d/);
    expect(screen).toContain(' DEMO ');
    expect(screen).toContain(' WRITE ');
    expect(screen).toContain('ctx homelab');
    expect(screen).toContain('repo ops/homelab');
    expect(screen).toContain('issue #42');
    expect(screen).toContain('Layer health');
    expect(screen).toMatch(/3 Ceph/);
    expect(screen).toMatch(/<- next/);
    // The root never exceeds the terminal: the header is still the first line, the hints the last.
    const lines = screen.trimEnd().split('\n');
    expect(lines[0]).toContain(' DEMO ');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(lines.at(-1)).toMatch(/\? help/);
    expect(c.paneFlags().alternate).toBe(true);
  });

  it('navigates with j/k, opens an item with Enter and backs out with Esc', async () => {
    const c = await startDemo();
    c.keys('j', 'j', 'Enter');
    // tmux can catch a frame half drawn: wait for the detail's last field, then check the rest.
    const detail = await c.waitFor(/Goal[\s\S]*Rollback/);
    expect(detail).toContain('Commands');
    expect(detail).toContain('Expected');
    expect(detail).toContain('If fails');
    expect(detail).toContain('Rollback');
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('k', 'Enter');
    await c.waitFor('Goal');
  });

  it('filters the focused list with /', async () => {
    const c = await startDemo();
    c.keys('/');
    c.type('purge');
    c.keys('Enter');
    const s = await c.waitFor(/\/purge \(\d+\)/);
    expect(s).toContain('Purge dead osd.8');
    expect(s).not.toContain('Preflight access check');
    c.keys('Escape');
    await c.waitFor('Preflight access check');
  });

  it('runs the command line: :prs focuses the queue and :issue reports a missing issue', async () => {
    const c = await startDemo();
    c.keys(':');
    c.type('prs');
    c.keys('Enter');
    // The queue's own key appears in the hint bar only when the queue pane has focus.
    await c.waitFor(/m merge/);
    c.keys(':');
    c.type('issue 999');
    c.keys('Enter');
    await c.waitFor(/issue #999: .*/);
  });

  it('shows help generated from the key table and closes it with Esc', async () => {
    const c = await startDemo();
    c.keys('?');
    const help = await c.waitFor('Confirmation dialog');
    expect(help).toContain('Filter the focused list');
    expect(help).toContain('Ctrl-c');
    c.keys('Escape');
    await c.waitForGone('Confirmation dialog');
    await c.waitFor('Layer health');
  });

  it('re-lays out at 40 columns and back', async () => {
    const c = await startDemo();
    c.resize(40, 20);
    const compact = await c.waitFor(/1 Items +2 Health/);
    expect(compact, compact).toMatch(/Next A1/);
    expect(compact, compact).toMatch(/PR #\d+/);
    const lines = compact.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toContain(' DEMO ');
    c.resize(120, 40);
    await c.waitFor('Layer health');
    await c.waitFor(/Renovate queue \d/);
  });

  it('quits with q and restores the terminal', async () => {
    const c = await startDemo();
    c.keys('q');
    const after = await c.waitFor(`${EXIT_MARKER} 0`);
    expect(after).not.toContain('Action items');
    const flags = c.paneFlags();
    expect(flags.alternate).toBe(false);
    expect(flags.cursorVisible).toBe(true);
  });

  it('quits on a second Ctrl-C within two seconds, and says so after the first', async () => {
    const c = await startDemo();
    c.keys('C-c');
    await c.waitFor('Press Ctrl-C again within 2 s to quit');
    c.keys('C-c');
    await c.waitFor(`${EXIT_MARKER} 0`);
    expect(c.paneFlags().alternate).toBe(false);
  });

  it('restores the terminal when killed with SIGTERM', async () => {
    const c = await startDemo();
    c.signal('TERM');
    await c.waitFor(`${EXIT_MARKER} 143`);
    expect(c.paneFlags()).toEqual({ alternate: false, cursorVisible: true });
  });

  it('read-only mode hides write keys', async () => {
    const c = await startDemo(120, 40, ['--read-only']);
    c.keys('4');
    const s = await c.waitFor(' READ-ONLY ');
    expect(s).not.toMatch(/m merge/);
  });
});

describe.skipIf(!hasTmux())('the demo world reacts', () => {
  it('runs B1 through the confirmation dialog and the Ceph simulator archives its crashes', async () => {
    const c = await startDemo();
    await c.waitFor(/crashes: [1-9]\d* new/);
    c.keys('j', 'Enter');
    await c.waitFor('Archive Ceph crash reports');
    c.keys('s');
    await c.waitFor('ceph crash archive-all');
    await c.waitFor('> Cancel <');
    // Enter on the focused Cancel does nothing: the dialog stays and says how to proceed.
    c.keys('Enter');
    await c.waitFor('Cancel is focused');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(/step (awaiting-judgement|passed)/, 20_000);
    c.keys('Escape');
    await c.waitFor(/crashes: 0 new/, 15_000);
  });
});

describe.skipIf(!hasTmux() || !hasKubectl())('runbook commands in the demo', () => {
  it("A1 runs its kubectl lines against the simulated API server, not the operator's cluster", async () => {
    const c = await startDemo(160, 48);
    c.keys('Enter');
    await c.waitFor('Preflight access check');
    c.keys('s');
    await c.waitFor('> Cancel <');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    const s = await c.waitFor(/step awaiting-judgement, exit 0/, 30_000);
    // `kubectl get applications -n argocd` listed the simulator's Applications.
    expect(s).toMatch(/vaultwarden +Synced +Healthy/);
    expect(s).not.toContain('localhost:8080');
  }, 60_000);
});

describe.skipIf(!hasTmux())('the merge loop refuses while not GREEN', () => {
  it('says every layer must be GREEN and names the worst offenders, merging nothing', async () => {
    const c = await startDemo(160, 48);
    c.keys('4');
    await c.waitFor(/║4 Renovate queue/);
    c.keys('m');
    const s = await c.waitFor(
      /merge PR #43: refused, nothing was done: every layer must be GREEN before a merge; now: System RED \(CephCheck MGR_MODULE_ERROR/,
    );
    expect(s).not.toContain('CONFIRM');
  }, 30_000);
});

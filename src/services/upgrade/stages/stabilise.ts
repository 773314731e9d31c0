import type { PodView } from '../../../domain/health/types.js';
import { newRestarts } from '../../../domain/upgrade/gates.js';
import { countdown, windowRemaining } from '../../../domain/upgrade/order.js';
import { formatDuration } from '../../../domain/upgrade/protocol.js';
import type { ProtocolContext } from '../protocol-context.js';
import { componentPods } from './gates.js';
import { recoveryOffer } from './recovery.js';

/** Gate 3 (workflow 5.4, 7.3): the stabilisation window the next major waits for, with alerts and restarts watched. */

export async function openWindow(p: ProtocolContext, pr: number, title: string, ms: number): Promise<void> {
  const firing = (await p.o.functional.alerts?.().catch(() => null)) ?? [];
  p.alertBaseline = new Set(firing);
  if (firing.length) p.note(pr, `Alerts firing as the window opens (not counted against it): ${firing.join('; ')}`);
  const now = p.clock.now();
  p.o.store.setState({ window: { pr, title, startedAt: now, endsAt: now + ms, findings: [] } });
  void p.step(pr, 'window', 'running', `${countdown(ms)} left; alerts and restarts watched`);
}

/**
 * One look during the window (the session calls it every few seconds): new restarts of the
 * component and firing alerts become findings; when the time is up with no finding, Gate 3 passes.
 */
export async function checkWindow(p: ProtocolContext): Promise<void> {
  const w = p.o.store.getState().window;
  if (!w) return;
  const pr = w.pr;
  const x = p.extras.get(pr);
  const findings = [...w.findings];
  if (x) {
    const { pods } = await componentPods(p, x).catch(() => ({ pods: [] as PodView[] }));
    for (const f of newRestarts(x.restartBaseline, pods)) if (!findings.includes(f)) findings.push(f);
  }
  const alerts = (await p.o.functional.alerts?.().catch(() => null)) ?? null;
  for (const a of alerts ?? []) if (!p.alertBaseline.has(a) && !findings.includes(`alert ${a}`)) findings.push(`alert ${a}`);
  const left = windowRemaining(w, p.clock.now());
  p.o.store.setState({ window: { ...w, findings } });
  if (left > 0) {
    p.detail(pr, 'window', `${countdown(left)} left; ${findings.length ? `${findings.length} finding(s): ${findings.join('; ')}` : 'no alerts, no restarts'}`);
    return;
  }
  p.o.store.setState({ window: null });
  if (findings.length) {
    await p.step(pr, 'window', 'failed', `during the window: ${findings.join('; ')}`);
    recoveryOffer(p, pr);
    p.patch(pr, (r) => ({ ...r, finished: 'failed' }));
  } else {
    await p.step(
      pr,
      'window',
      'done',
      `stable for ${formatDuration(w.endsAt - w.startedAt)}: no new alerts, no restarts${alerts === null ? ' (no alert source wired: restarts only)' : ''}`,
    );
    p.patch(pr, (r) => ({ ...r, finished: 'passed' }));
  }
}

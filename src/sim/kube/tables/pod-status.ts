import type { Pod } from '../types.js';
import { humanDuration } from './age.js';

/** kubectl's STATUS, READY and RESTARTS for a pod (printPod in pkg/printers/internalversion). */
export function podColumns(pod: Pod, now: number): { ready: string; status: string; restarts: string } {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? 0;
  let reason = pod.status?.reason || pod.status?.phase || 'Unknown';
  let restarts = 0;
  let lastRestart = 0;
  let readyCount = 0;

  let initializing = false;
  const inits = pod.status?.initContainerStatuses ?? [];
  inits.forEach((c, i) => {
    restarts += c.restartCount;
    const t = c.lastState?.terminated?.finishedAt;
    if (t) lastRestart = Math.max(lastRestart, Date.parse(t));
    if (c.state?.terminated && c.state.terminated.exitCode === 0) return;
    if (initializing) return;
    initializing = true;
    if (c.state?.terminated) reason = c.state.terminated.reason ? `Init:${c.state.terminated.reason}` : `Init:ExitCode:${c.state.terminated.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec.initContainers?.length ?? inits.length}`;
  });

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      const t = c.lastState?.terminated?.finishedAt;
      if (t) lastRestart = Math.max(lastRestart, Date.parse(t));
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';

  let restartText = String(restarts);
  if (restarts > 0 && lastRestart > 0) restartText = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartText };
}

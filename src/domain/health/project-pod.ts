import type { PodView } from './types.js';
import { asRecord, conditionTrue, conditionsOf, isoOf, type RawCondition, type RawObject } from './raw.js';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string | Date };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string | Date };
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodSpec {
  containers?: Array<{ name?: string }>;
  initContainers?: Array<{ name?: string; restartPolicy?: string }>;
}

interface PodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: RawCondition[];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
}

function laterOf(a: string | null, b: string | Date | undefined): string | null {
  const iso = isoOf(b);
  if (!iso) return a;
  if (!a) return iso;
  return Date.parse(iso) > Date.parse(a) ? iso : a;
}

function terminatedLabel(t: NonNullable<ContainerState['terminated']>): string {
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
}

/**
 * Projects a raw Pod into the slim view. `displayStatus` follows kubectl's printPod so the console
 * and `kubectl get pods` always say the same word for the same pod.
 */
export function projectPod(raw: RawObject): PodView {
  const meta = raw.metadata ?? {};
  const spec = asRecord(raw.spec) as PodSpec;
  const status = asRecord(raw.status) as PodStatus;
  const conditions = conditionsOf(status);
  const initSpecs = spec.initContainers ?? [];
  const sidecars = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));

  let reason = status.reason || status.phase || 'Unknown';
  let message: string | null = status.message ?? null;
  let restarts = 0;
  let lastRestartAt: string | null = null;
  let readyContainers = 0;
  let totalContainers = (spec.containers ?? []).length;

  if (conditions.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestartAt = laterOf(lastRestartAt, c.lastState?.terminated?.finishedAt);
    if (sidecars.has(c.name)) {
      totalContainers++;
      if (c.started) {
        if (c.ready) readyContainers++;
        continue;
      }
    }
    const t = c.state?.terminated;
    const w = c.state?.waiting;
    if (t && (t.exitCode ?? 0) === 0 && !t.signal) continue;
    initializing = true;
    if (t) {
      reason = `Init:${terminatedLabel(t)}`;
      message = t.message ?? message;
    } else if (w?.reason && w.reason !== 'PodInitializing') {
      reason = `Init:${w.reason}`;
      message = w.message ?? message;
    } else {
      reason = `Init:${i}/${initSpecs.length || initStatuses.length}`;
    }
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized') === true) {
    if (initializing) restarts = 0;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestartAt = laterOf(lastRestartAt, c.lastState?.terminated?.finishedAt);
      const w = c.state?.waiting;
      const t = c.state?.terminated;
      if (w?.reason) {
        reason = w.reason;
        message = w.message ?? message;
      } else if (t) {
        reason = terminatedLabel(t);
        message = t.message ?? message;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(conditions, 'Ready') === true ? 'Running' : 'NotReady';
    }
  }

  if (meta.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (meta.deletionTimestamp) reason = 'Terminating';

  const owner = (meta.ownerReferences ?? []).find((o) => o.controller) ?? meta.ownerReferences?.[0];
  return {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    phase: status.phase ?? 'Unknown',
    displayStatus: reason,
    ready: `${readyContainers}/${totalContainers}`,
    restarts,
    nodeName: (asRecord(raw.spec).nodeName as string | undefined) ?? null,
    createdAt: isoOf(meta.creationTimestamp),
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    lastRestartAt,
    message,
  };
}

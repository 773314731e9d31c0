import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ResourceRegistry } from '../resources.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';
import { iso } from './pod-state.js';

const MAX_EVENTS = 400;

/** One Event per (object, reason), as the recorder's aggregation keeps it. */
export function eventName(obj: KubeObject, reason: string): string {
  return `${obj.metadata.name}.${createHash('sha1').update(`${obj.metadata.uid}/${reason}`).digest('hex').slice(0, 16)}`;
}

/** core/v1 Events like the kubelet's and controllers' recorders write (repeats bump count and lastTimestamp). */
export function makeEventRecorder(store: ObjectStore, registry: ResourceRegistry, clock: Clock) {
  const t = registry.builtin('Event');
  return (obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void => {
    const ns = obj.metadata.namespace ?? 'default';
    const name = eventName(obj, reason);
    const now = iso(clock.now());
    if (store.get(t, ns, name)) {
      store.mutate(t, ns, name, (e) => {
        e.count = Number(e.count ?? 1) + 1;
        e.lastTimestamp = now;
        e.message = message;
      });
      return;
    }
    if (!store.get(registry.builtin('Namespace'), undefined, ns)) return;
    const all = store.list(t);
    if (all.length >= MAX_EVENTS) {
      const oldest = all.reduce((a, b) => (String(a.obj.lastTimestamp) <= String(b.obj.lastTimestamp) ? a : b));
      store.remove(t, oldest.obj.metadata.namespace, oldest.obj.metadata.name);
    }
    store.create(t, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    });
  };
}

import { describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../../src/domain/renovate/types.js';
import { crdDiffLines, crdsOwnedBy, diffCrdSnapshots, type CrdLike } from '../../../src/domain/upgrade/crd-diff.js';
import { countdown, nextInOrder, outOfOrder, validOrderReason, windowRefusal } from '../../../src/domain/upgrade/order.js';

const crd = (name: string, group: string, versions: string[], labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): CrdLike => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name, labels, resourceVersion: String(Math.random()), uid: 'u', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{}] },
  spec: { group, names: { kind: name.split('.')[0] }, versions: versions.map((v) => ({ name: v, served: true, storage: v === versions.at(-1) })), ...extra },
  status: { storedVersions: versions },
});

describe('CRD snapshot and diff', () => {
  const before = [
    crd('externalsecrets.external-secrets.io', 'external-secrets.io', ['v1beta1', 'v1'], { 'app.kubernetes.io/instance': 'external-secrets' }),
    crd('clustersecretstores.external-secrets.io', 'external-secrets.io', ['v1beta1', 'v1']),
    crd('certificates.cert-manager.io', 'cert-manager.io', ['v1']),
  ];

  it('finds the CRDs a component owns by label or group', () => {
    expect(crdsOwnedBy(before, { names: ['external-secrets'] }).map((c) => c.metadata!.name)).toEqual([
      'externalsecrets.external-secrets.io',
      'clustersecretstores.external-secrets.io',
    ]);
    expect(crdsOwnedBy(before, { names: ['cert-manager'] }).map((c) => c.metadata!.name)).toEqual(['certificates.cert-manager.io']);
  });

  it('ignores what the API server changes by itself and names the paths that the upgrade changed', () => {
    const same = before.map((c) => ({ ...c, metadata: { ...c.metadata, resourceVersion: '999' }, status: { storedVersions: ['v1'] } }));
    expect(diffCrdSnapshots(before, same)).toEqual([]);
    const after = [
      crd('externalsecrets.external-secrets.io', 'external-secrets.io', ['v1'], { 'app.kubernetes.io/instance': 'external-secrets' }),
      before[2]!,
      crd('generators.external-secrets.io', 'generators.external-secrets.io', ['v1alpha1']),
    ];
    const d = diffCrdSnapshots(before, after);
    expect(d.map((c) => `${c.change} ${c.name}`)).toEqual([
      'removed clustersecretstores.external-secrets.io',
      'changed externalsecrets.external-secrets.io',
      'added generators.external-secrets.io',
    ]);
    const changed = d.find((c) => c.change === 'changed')!;
    expect(changed.lines).toContain('- spec.versions[0].name: "v1beta1"');
    expect(changed.lines).toContain('+ spec.versions[0].name: "v1"');
    expect(crdDiffLines(d)[0]).toBe('removed: clustersecretstores.external-secrets.io');
    expect(crdDiffLines([])).toEqual(['no CRD changed']);
  });
});

const entry = (number: number, order: number): QueueEntry =>
  ({
    number,
    title: `PR ${number}`,
    renovate: true,
    order,
    excluded: null,
    draft: false,
    category: 'apps',
    risk: 'LOW',
    updateType: 'minor',
    packages: [],
  }) as unknown as QueueEntry;

describe('merge order and the stabilisation window', () => {
  const queue = [entry(43, 1), entry(44, 3), { ...entry(9, 2), excluded: 'onboarding PR' }, entry(47, 6)];

  it('offers the first PR the loop may take; taking a later one names what it skips', () => {
    expect(nextInOrder(queue)!.number).toBe(43);
    expect(outOfOrder(queue, 43)).toBeNull();
    expect(outOfOrder(queue, 47)!.skipped.map((e) => e.number)).toEqual([43, 44]);
    expect(validOrderReason('because')).toMatch(/at least 10 characters/);
    expect(validOrderReason('security fix for CVE-2026-1234')).toBeNull();
  });

  it('refuses another PR during the window with the time left, and not after it', () => {
    const w = { pr: 47, title: 'postgres v18', startedAt: 0, endsAt: 30 * 60_000, findings: [] };
    expect(windowRefusal(w, 12 * 60_000, 44)).toBe('stabilisation window after PR #47 (postgres v18): 18 min left — the next major waits for it');
    expect(windowRefusal(w, 30 * 60_000, 44)).toBeNull();
    expect(windowRefusal(w, 0, 47)).toBeNull();
    expect(countdown(18 * 60_000 + 5_000)).toBe('18:05');
  });
});

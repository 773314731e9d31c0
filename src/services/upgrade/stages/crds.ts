import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorLine } from '../../../domain/redact.js';
import { crdDiffLines, crdsOwnedBy, diffCrdSnapshots, type CrdLike } from '../../../domain/upgrade/crd-diff.js';
import type { ProtocolContext, RunExtras } from '../protocol-context.js';

/** Workflow 7.1 and 7.3: the component's CRDs snapshotted before the merge and diffed after, both kept in the state dir. */

async function readCrds(p: ProtocolContext): Promise<CrdLike[]> {
  const list = await p.o.kube().http.get<{ items?: CrdLike[] }>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  return list.items ?? [];
}

const ownerNames = (x: RunExtras) => [...x.entry.packages.map((q) => q.name.split('/').pop()!), ...x.entry.affectedApps];

export async function snapshotCrds(p: ProtocolContext, pr: number, x: RunExtras): Promise<void> {
  try {
    const crds = await readCrds(p);
    const names = ownerNames(x);
    const owned = crdsOwnedBy(crds, { names });
    x.crdBefore = owned;
    x.crdNames = owned.map((c) => c.metadata?.name ?? '?');
    const file = p.crdFile(pr, 'before');
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(owned, null, 2)}\n`, { mode: 0o600 });
    await p.step(
      pr,
      'crd-snapshot',
      'done',
      `${owned.length} CRD(s) of ${names.join(', ')} saved to ${file}`,
      x.crdNames.map((n) => `- ${n}`),
    );
  } catch (err) {
    await p.step(pr, 'crd-snapshot', 'failed', `could not read CRDs: ${errorLine(err)}`);
  }
}

export async function diffCrds(p: ProtocolContext, pr: number, x: RunExtras): Promise<void> {
  try {
    const all = await readCrds(p);
    const after = crdsOwnedBy(all, { names: ownerNames(x) });
    const before = x.crdBefore ?? [];
    // A CRD that was in the snapshot but lost its labels still counts as the component's.
    for (const b of before)
      if (!after.some((a) => a.metadata?.name === b.metadata?.name)) {
        const same = all.find((a) => a.metadata?.name === b.metadata?.name);
        if (same) after.push(same);
      }
    const changes = diffCrdSnapshots(before, after);
    const lines = crdDiffLines(changes);
    writeFileSync(p.crdFile(pr, 'after'), `${JSON.stringify(after, null, 2)}\n`, { mode: 0o600 });
    writeFileSync(p.crdFile(pr, 'diff'), `${lines.join('\n')}\n`, { mode: 0o600 });
    p.note(pr, `CRD diff (${p.crdFile(pr, 'diff')}):`, ...lines);
    await p.step(
      pr,
      'crd-diff',
      'done',
      changes.length ? `${changes.length} CRD(s) changed: ${changes.map((c) => `${c.change} ${c.name}`).join(', ')}` : 'no CRD changed',
      lines,
    );
  } catch (err) {
    await p.step(pr, 'crd-diff', 'failed', `could not read CRDs: ${errorLine(err)}`);
  }
}

import type { QueueEntry } from '../renovate/types.js';
import { engineSpec, type DbEngine } from './database.js';

export interface RollbackPlanInput {
  entry: QueueEntry;
  repo: string;
  baseBranch: string;
  /** The base branch head the merge will land on (the git revert target). */
  baseSha: string | null;
  /** Where the verified backup is, when the protocol took one. */
  backup: { path: string; size: number; engine: DbEngine; pod: string; namespace: string } | null;
  /** Where the CRD snapshot is kept. */
  crdSnapshot: string | null;
  apps: readonly string[];
  /** A database upgrade: without a backup yet, the plan says the backup is still to come. */
  database?: boolean;
}

/** 5.1 "Create Rollback Plan": current version, revert target, backup locations, commands, estimated time. */
export function rollbackPlanLines(p: RollbackPlanInput): string[] {
  const { entry } = p;
  const versions = entry.packages.map((x) => `${x.name} ${x.from ?? '?'} (now) → ${x.to ?? '?'}`);
  const lines = [
    `- **Current version**: ${versions.join('; ') || 'not in the PR body'}`,
    `- **Revert target**: ${p.repo} ${p.baseBranch}${p.baseSha ? ` at ${p.baseSha.slice(0, 12)}` : ''} (the commit before the merge); the console's rollback restores the PR's files in one commit`,
    `- **Rollback command**: \`git revert -m 1 <merge commit> && git push\` (or the console's rollback on PR #${entry.number}), then wait for ${p.apps.join(', ') || 'the Applications'} to sync back`,
  ];
  if (p.backup) {
    const spec = engineSpec(p.backup.engine);
    lines.push(
      `- **Backup location**: ${p.backup.path} (${p.backup.size} bytes, verified, from ${p.backup.namespace}/${p.backup.pod})`,
      `- **Data restore**: \`kubectl exec -i -n ${p.backup.namespace} ${p.backup.pod} -- ${spec.restoreCommand({}).replace('BACKUP', p.backup.path)}\` — a revert does not undo a data migration; never start the old version on migrated data`,
    );
  } else
    lines.push(
      p.database
        ? '- **Backup location**: not taken yet — the protocol takes and verifies it before the merge'
        : '- **Backup location**: none taken (not a database upgrade)',
    );
  if (p.crdSnapshot) lines.push(`- **CRD snapshot**: ${p.crdSnapshot}`);
  lines.push(`- **Estimated rollback time**: ${p.backup ? '10–20 min (revert, sync, restore, verify)' : '2–5 min (revert and sync)'}`);
  return lines;
}

/** 6.1 step 4: the recovery procedure for the database, written into the issue before the upgrade. */
export function recoveryProcedureLines(input: {
  engine: DbEngine;
  namespace: string;
  pod: string;
  backupPath: string;
  user?: string;
  dependents: ReadonlyArray<{ kind: string; namespace: string; name: string; replicas: number }>;
}): string[] {
  const spec = engineSpec(input.engine);
  const env = { user: input.user };
  const down = input.dependents.map((d) => `   kubectl scale ${d.kind}/${d.name} -n ${d.namespace} --replicas=0`);
  const up = input.dependents.map((d) => `   kubectl scale ${d.kind}/${d.name} -n ${d.namespace} --replicas=${d.replicas}`);
  return [
    `#### Recovery Procedure for ${spec.label} (${input.namespace}/${input.pod})`,
    '',
    '1. Scale down dependent applications:',
    ...(down.length ? down : ['   (no dependents found)']),
    '2. Restore from backup:',
    `   kubectl exec -i -n ${input.namespace} ${input.pod} -- ${spec.restoreCommand(env).replace('BACKUP', input.backupPath)}`,
    '3. Verify data integrity:',
    `   kubectl exec -n ${input.namespace} ${input.pod} -- ${spec.verifyCommand(env)}`,
    '4. Scale up applications, one at a time:',
    ...(up.length ? up : ['   (no dependents found)']),
    '',
    'If the new version already migrated the data: do not start the old version on it — restore the backup first.',
  ];
}

import { asRecord, type RawObject } from '../../../domain/health/raw.js';
import { engineOfPackage, formatBytes } from '../../../domain/upgrade/database.js';
import { dependentsOf, dependentWorkloads } from '../../../domain/upgrade/dependents.js';
import { recoveryProcedureLines } from '../../../domain/upgrade/rollback-plan.js';
import type { ActionContext } from '../../kube/actions/context.js';
import { backupDatabase, type BackupReport } from '../backup.js';
import type { ProtocolContext, RunExtras } from '../protocol-context.js';
import { writeRollbackPlan, type PodListing } from './preflight.js';

/** Workflow 6.1: the database pod and its dependents, then the full backup, its verification and the recovery procedure. */

/** 6.1 step 1 and 6.2's dependents: the database pod, its Service, and the pods that name it. */
export async function identifyDatabase(p: ProtocolContext, pr: number, x: RunExtras, ctx: ActionContext, pods: PodListing): Promise<void> {
  const engines = x.entry.packages.map((q) => engineOfPackage(q.name)).filter(Boolean);
  const dbPod = x.componentPods[0];
  if (!dbPod || engines.length === 0) {
    await p.step(pr, 'db-identify', 'failed', 'no running pod of the database package found: the backup cannot be taken');
    return;
  }
  const services = await ctx.http
    .get<{ items?: RawObject[] }>(`/api/v1/namespaces/${encodeURIComponent(dbPod.namespace)}/services`)
    .catch(() => ({ items: [] as RawObject[] }));
  const svc = (services.items ?? []).find((s) => {
    const sel = asRecord(asRecord(s.spec).selector) as Record<string, string>;
    return Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => dbPod.labels[k] === v);
  });
  const service = svc?.metadata?.name ?? dbPod.labels['app.kubernetes.io/instance'] ?? dbPod.name.replace(/-\d+$/, '');
  x.db = { namespace: dbPod.namespace, pod: dbPod.name, service };
  const cms = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/configmaps').catch(() => ({ items: [] as RawObject[] }));
  const configMaps = (cms.items ?? []).map((c) => ({
    namespace: c.metadata?.namespace ?? '',
    name: c.metadata?.name ?? '',
    data: (c as { data?: Record<string, string> }).data ?? {},
  }));
  const deps = dependentsOf(
    pods.facts,
    { namespace: dbPod.namespace, service, pods: x.componentPods.filter((q) => q.namespace === dbPod.namespace).map((q) => q.name) },
    configMaps,
  );
  const workloads = dependentWorkloads(deps);
  x.dependents = [];
  for (const w of workloads) {
    const obj = await ctx.http
      .get<RawObject>(`/apis/apps/v1/namespaces/${encodeURIComponent(w.namespace)}/${w.kind}s/${encodeURIComponent(w.name)}`)
      .catch(() => null);
    const replicas = Number(asRecord(obj?.spec).replicas ?? 1);
    x.dependents.push({ ...w, replicas: Number.isFinite(replicas) ? replicas : 1 });
  }
  await p.step(pr, 'db-identify', 'done', `${dbPod.namespace}/${dbPod.name} behind Service ${service} (version read by the backup)`);
  const lines = x.dependents.map((d) => `- ${d.kind}/${d.namespace}/${d.name} (${d.replicas} replica${d.replicas === 1 ? '' : 's'}) — ${d.via}`);
  p.note(pr, `Dependents of ${service}.${dbPod.namespace}: ${x.dependents.length}`, ...lines);
  await p.step(
    pr,
    'db-dependents',
    'done',
    x.dependents.length ? x.dependents.map((d) => `${d.kind}/${d.namespace}/${d.name}`).join(', ') : 'no pod names the database Service',
    lines,
  );
}

/** 6.1 steps 2–4: the backup streamed off the database pod and verified, then the recovery procedure. */
export async function backupAndVerify(p: ProtocolContext, pr: number, onProgress?: (bytes: number) => void): Promise<BackupReport> {
  const r = p.run(pr);
  const x = p.extras.get(pr)!;
  if (!r.protocol.database) throw new Error(`PR #${pr} is not a database upgrade`);
  if (!x.db) throw new Error('the database pod was not identified: prepare the protocol again');
  await p.step(pr, 'db-backup', 'running', `streaming from ${x.db.namespace}/${x.db.pod}`);
  const engine = engineOfPackage(x.entry.packages.find((q) => engineOfPackage(q.name))?.name ?? '');
  const scratch = engine === 'postgresql' ? p.o.scratch?.postgresql : engine === 'redis' ? p.o.scratch?.redis : undefined;
  const report = await backupDatabase(p.o.kube(), {
    namespace: x.db.namespace,
    pod: x.db.pod,
    dir: p.o.backupDir,
    scratch: scratch ?? null,
    now: () => new Date(p.clock.now()),
    onProgress,
  });
  if (report.file && report.size >= 0 && report.target)
    await p.step(
      pr,
      'db-identify',
      'done',
      `${report.target.namespace}/${report.target.pod}: ${report.target.engine} ${report.target.version ?? '(version unknown)'}${report.target.versionLine ? ` — ${report.target.versionLine}` : ''}`,
    );
  p.note(pr, 'Backup:', ...report.lines);
  if (!report.ok) {
    // Both steps say how this attempt ended (a step left running would read as still streaming).
    const streamed = report.size > 0 && report.file !== null;
    if (streamed) await p.step(pr, 'db-backup', 'done', `${report.file} (${formatBytes(report.size)}) streamed, then refused at verification`);
    else await p.step(pr, 'db-backup', 'failed', report.problems.join('; '), report.lines);
    await p.step(pr, 'db-verify', 'failed', streamed || report.verdict ? report.problems.join('; ') : 'no backup to verify', report.lines);
    return report;
  }
  await p.step(pr, 'db-backup', 'done', `${report.file} (${formatBytes(report.size)})`);
  await p.step(
    pr,
    'db-verify',
    'done',
    report.lines
      .filter((l) => l.startsWith('check: ') || l.startsWith('restore check: '))
      .map((l) => l.replace(/^check: /, ''))
      .join('; '),
    report.lines,
  );
  p.patch(pr, (y) => ({
    ...y,
    backup: { file: report.file!, size: report.size, engine: report.target!.engine, namespace: x.db!.namespace, pod: x.db!.pod },
  }));
  const recovery = recoveryProcedureLines({
    engine: report.target!.engine,
    namespace: x.db.namespace,
    pod: x.db.pod,
    backupPath: report.file!,
    user: report.target!.user,
    dependents: x.dependents,
  });
  p.note(pr, ...recovery);
  await p.step(pr, 'db-recovery', 'done', 'written into the issue', recovery);
  await writeRollbackPlan(p, pr);
  return report;
}

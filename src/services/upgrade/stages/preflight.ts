import { asRecord, type RawObject } from '../../../domain/health/raw.js';
import { ASSESSMENT_QUESTIONS, assessmentLines, parseAnswer, suggestAnswers, unanswered, type AssessmentQuestion } from '../../../domain/upgrade/assessment.js';
import { podsRunningPackage, type PodFacts } from '../../../domain/upgrade/dependents.js';
import { breakingChangeLines, extractBreakingChanges } from '../../../domain/upgrade/release-notes.js';
import { rollbackPlanLines } from '../../../domain/upgrade/rollback-plan.js';
import type { ActionContext } from '../../kube/actions/context.js';
import type { ProtocolContext, RunExtras } from '../protocol-context.js';

/** Workflow 5.1 and 7.1: what the PR says, what runs it, and the plan back. */

export interface PodListing {
  facts: PodFacts[];
  labels: Map<string, Record<string, string>>;
  raw: RawObject[];
}

/** Breaking changes (5.1) from the PR body's release notes, and the assessment questions with the notes' hints. */
export async function readBreakingChanges(p: ProtocolContext, pr: number, x: RunExtras, body: string): Promise<void> {
  const notes = extractBreakingChanges(body);
  const lines = breakingChangeLines(notes);
  p.note(pr, 'Breaking changes:', ...lines);
  const suggestions = suggestAnswers(notes);
  x.suggestions = suggestions;
  p.note(
    pr,
    'Assessment (answer each: yes: … / no / unknown):',
    ...ASSESSMENT_QUESTIONS.map((q) => `  ${q.text}${suggestions[q.id] ? `  (release notes: ${suggestions[q.id]})` : ''}`),
  );
  await p.step(
    pr,
    'breaking-changes',
    'done',
    notes.present ? `${notes.changes.length} line(s) say breaking/removed/deprecated/migration` : notes.absentReason!,
    lines,
  );
}

/** Dependency check (5.1.2): every pod whose image is the package. */
export async function checkDependencies(p: ProtocolContext, pr: number, x: RunExtras, pods: PodListing): Promise<void> {
  const { entry } = x;
  const running = podsRunningPackage(pods.facts, entry.packages);
  x.componentPods = running.map((h) => ({ namespace: h.pod.namespace, name: h.pod.name, labels: pods.labels.get(`${h.pod.namespace}/${h.pod.name}`) ?? {} }));
  const depLines = running.map((h) => `- ${h.pod.namespace}/${h.pod.name}: ${h.image}`);
  p.note(pr, `Dependency check: ${running.length} pod(s) run ${entry.packages.map((q) => q.name).join(', ')}`, ...depLines);
  await p.step(
    pr,
    'dependency-check',
    'done',
    running.length ? running.map((h) => `${h.pod.namespace}/${h.pod.name}`).join(', ') : 'no pod runs the package (chart or library update)',
    depLines,
  );
}

/** The PR's changes (the dry run of a GitOps merge: what will be applied where). */
export async function reviewDiff(p: ProtocolContext, pr: number, x: RunExtras): Promise<void> {
  const files = x.entry.changedFiles ?? [];
  await p.step(
    pr,
    'diff-review',
    'done',
    `${files.length} file(s): ${files.slice(0, 4).join(', ')}${files.length > 4 ? ' …' : ''}; Applications: ${x.entry.affectedApps.join(', ') || 'none'}`,
  );
}

/** Every pod of the cluster as the dependency and dependents checks read it (images, env, ConfigMaps, owning workload). */
export async function podFacts(ctx: ActionContext): Promise<PodListing> {
  const list = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/pods');
  const labels = new Map<string, Record<string, string>>();
  const facts = (list.items ?? []).map((p) => {
    const spec = asRecord(p.spec);
    const containers =
      (spec.containers as
        | Array<{
            image?: string;
            env?: Array<{
              name?: string;
              value?: string;
              valueFrom?: { configMapKeyRef?: { name?: string; key?: string }; secretKeyRef?: { name?: string; key?: string } };
            }>;
            envFrom?: Array<{ configMapRef?: { name?: string } }>;
          }>
        | undefined) ?? [];
    const volumes = (spec.volumes as Array<{ configMap?: { name?: string } }> | undefined) ?? [];
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
    let workload: PodFacts['workload'] = owner?.kind && owner.name ? { kind: owner.kind, name: owner.name } : null;
    // A Deployment's pods belong to a ReplicaSet NAME-HASH; the pod-template-hash label names the hash.
    const hash = p.metadata?.labels?.['pod-template-hash'];
    if (workload?.kind === 'ReplicaSet' && hash && workload.name.endsWith(`-${hash}`))
      workload = { kind: 'Deployment', name: workload.name.slice(0, -hash.length - 1) };
    labels.set(`${p.metadata?.namespace}/${p.metadata?.name}`, p.metadata?.labels ?? {});
    return {
      namespace: p.metadata?.namespace ?? '',
      name: p.metadata?.name ?? '',
      phase: String(asRecord(p.status).phase ?? ''),
      images: containers.map((c) => c.image ?? '').filter(Boolean),
      env: containers.flatMap((c) =>
        (c.env ?? []).map((e) =>
          e.value !== undefined
            ? `${e.name}=${e.value}`
            : e.valueFrom?.configMapKeyRef
              ? `configmap/${e.valueFrom.configMapKeyRef.name}:${e.valueFrom.configMapKeyRef.key}`
              : `${e.name}`,
        ),
      ),
      configMaps: [
        ...containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name ?? '')),
        ...volumes.map((v) => v.configMap?.name ?? ''),
      ].filter(Boolean),
      workload,
    };
  });
  return { facts, labels, raw: list.items ?? [] };
}

/** The rollback plan in the issue (current version, revert target, backup location once there is one). */
export async function writeRollbackPlan(p: ProtocolContext, pr: number): Promise<void> {
  const r = p.run(pr);
  const x = p.extras.get(pr)!;
  const pull = await p.o.gitea.getPull(pr);
  const lines = rollbackPlanLines({
    entry: x.entry,
    repo: p.o.gitea.repoName,
    baseBranch: pull.base.ref,
    baseSha: pull.base.sha || null,
    backup: r.backup && x.db ? { path: r.backup.file, size: r.backup.size, engine: r.backup.engine as never, namespace: x.db.namespace, pod: x.db.pod } : null,
    crdSnapshot: x.crdBefore ? p.crdFile(pr, 'before') : null,
    apps: x.entry.affectedApps,
    database: r.protocol.database,
  });
  p.note(pr, 'Rollback plan:', ...lines);
  const pending = r.protocol.database && !r.backup;
  await p.step(
    pr,
    'rollback-plan',
    pending ? 'running' : 'done',
    pending ? 'written; the backup location follows the backup' : 'written into the issue',
    lines,
  );
}

/** Records one assessment answer (`yes: …`, `no`, `unknown`); returns why it was refused, or null. */
export async function answer(p: ProtocolContext, pr: number, question: AssessmentQuestion['id'], typed: string): Promise<string | null> {
  p.run(pr);
  const x = p.extras.get(pr)!;
  const a = parseAnswer(typed);
  if ('error' in a) return a.error;
  x.answers[question] = a;
  const left = unanswered(x.answers);
  if (left.length === 0) await p.step(pr, 'assessment', 'done', 'all five answered', assessmentLines(x.answers));
  else p.detail(pr, 'assessment', `${5 - left.length} of 5 answered`, 'running');
  return null;
}

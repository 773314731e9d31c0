import type { Finding } from './findings.js';

/**
 * What to do about a finding, as data: the first rule whose kind and reason match wins. Text may use
 * {ns}, {name}, {ownerKind}, {owner}, {reason}, {summary}, {runbook}, {detail}, {days} and, for
 * alerts, {label:NAME}; a rule is never code, so adding a remedy is adding a row.
 */
export interface RemedyRule {
  kind: string;
  /** Regex on the finding's name (an alert's alertname); absent matches any. */
  name?: RegExp;
  /** Regex on the finding's reason; absent matches any. */
  reason?: RegExp;
  title: string;
  goal: string;
  commands: string[];
  expected: string;
  ifFails: string;
  rollback: string;
}

export const REMEDIES: readonly RemedyRule[] = [
  {
    kind: 'Pod',
    reason: /CrashLoopBackOff|Error|OOMKilled|Restarting/,
    title: 'Fix crash-looping {ownerKind} {ns}/{owner}',
    goal: 'Find why {ns}/{name} crashes ({reason}) and restart its {ownerKind} once the cause is fixed',
    commands: [
      'kubectl logs -n {ns} {name} --previous --all-containers --tail=200',
      'kubectl describe pod -n {ns} {name}',
      'kubectl rollout restart {ownerKindLower}/{owner} -n {ns}',
      'kubectl rollout status {ownerKindLower}/{owner} -n {ns} --timeout=300s',
    ],
    expected: 'Every pod of {ns}/{owner} Running and ready; no restarts in the next 10 minutes',
    ifFails: 'Keep the --previous log in the issue and escalate; do not delete the PVC or the namespace',
    rollback: 'kubectl rollout undo {ownerKindLower}/{owner} -n {ns}',
  },
  {
    kind: 'Pod',
    title: 'Recover pod {ns}/{name} ({reason})',
    goal: 'Get {ns}/{name} Running: it is {reason}',
    commands: [
      'kubectl describe pod -n {ns} {name}',
      'kubectl get events -n {ns} --field-selector involvedObject.name={name}',
      'kubectl delete pod -n {ns} {name}',
    ],
    expected: 'Its replacement Running and ready',
    ifFails: 'Read the events for image, scheduling or volume errors and escalate with them',
    rollback: 'N/A (the controller recreates the pod)',
  },
  {
    kind: 'Application',
    reason: /Degraded|Missing/,
    title: 'Repair degraded Application {name}',
    goal: 'Bring {name} back to Healthy; unhealthy resources: {detail}',
    commands: [
      'kubectl get application -n {ns} {name} -o jsonpath=\'{range .status.resources[?(@.health.status!="Healthy")]}{.kind}/{.name}: {.health.status} {.health.message}{"\\n"}{end}\'',
      'argocd app get {name} --refresh',
    ],
    expected: '{name} Synced and Healthy',
    ifFails: 'Fix the unhealthy resource named above (its pods, PVC or config) and re-check; escalate if it is a chart change',
    rollback: 'argocd app rollback {name}',
  },
  {
    kind: 'Application',
    reason: /OutOfSync|SyncUnknown|SyncFailed|SyncError/,
    title: 'Sync drifted Application {name}',
    goal: 'Bring {name} back to Synced; drifted: {detail}',
    commands: ['argocd app get {name} --refresh', 'argocd app diff {name}', 'argocd app sync {name}', 'argocd app wait {name} --sync --health --timeout 300'],
    expected: '{name} Synced and Healthy',
    ifFails: 'Read the diff: a manual change in the cluster is reverted by the sync; a failing hook is escalated',
    rollback: 'argocd app rollback {name}',
  },
  {
    kind: 'Application',
    title: 'Check Application {name} ({reason})',
    goal: 'Find why {name} is {reason}',
    commands: ['argocd app get {name} --refresh'],
    expected: '{name} Synced and Healthy',
    ifFails: 'Escalate with the conditions: {detail}',
    rollback: 'N/A (read-only)',
  },
  {
    kind: 'CephCheck',
    reason: /crash/i,
    title: 'Archive Ceph crash reports ({name})',
    goal: 'Clear {name} once the crashes are recorded',
    commands: [
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph crash ls-new',
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph crash archive-all',
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health detail',
    ],
    expected: '`ceph health detail` no longer lists {name}',
    ifFails: 'If new crashes keep appearing, capture `ceph crash info <id>` for the newest and escalate',
    rollback: 'N/A (archiving keeps the crash reports)',
  },
  {
    kind: 'CephCheck',
    reason: /osd.*down|down.*osd/i,
    title: 'Investigate down OSDs ({name})',
    goal: 'Find why OSDs are down: {reason}',
    commands: [
      'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph osd tree down',
      'kubectl -n rook-ceph get pods -l app=rook-ceph-osd -o wide',
      'kubectl -n rook-ceph logs deploy/rook-ceph-osd-<id> --tail=200',
    ],
    expected: 'Every OSD up and in; `ceph health` HEALTH_OK after recovery',
    ifFails: 'A failed disk: mark the OSD out and plan its replacement; never purge without a typed confirmation',
    rollback: 'ceph osd in <id> if it was marked out',
  },
  {
    kind: 'CephCheck',
    title: 'Clear Ceph health check {name}',
    goal: 'Resolve {name}: {reason}',
    commands: ['kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health detail'],
    expected: '`ceph health detail` no longer lists {name}',
    ifFails: 'Escalate with `ceph health detail`',
    rollback: 'N/A (read-only)',
  },
  {
    kind: 'Certificate',
    title: 'Renew certificate {ns}/{name} ({reason})',
    goal: 'Renew {ns}/{name} before it expires ({detail})',
    // The Issuing condition is what `cmctl renew` sets; with kubectl alone the operator needs no plugin.
    commands: [
      'kubectl describe certificate -n {ns} {name}',
      'kubectl patch certificate -n {ns} {name} --subresource=status --type=json -p \'[{"op":"add","path":"/status/conditions/-","value":{"type":"Issuing","status":"True","reason":"ManuallyTriggered","message":"Certificate re-issuance manually triggered"}}]\'',
      'kubectl wait --for=condition=Ready certificate/{name} -n {ns} --timeout=300s',
    ],
    expected: '{ns}/{name} Ready with notAfter more than 14 days away',
    ifFails: 'Read the CertificateRequest and Order events (DNS-01/HTTP-01 challenge, issuer credentials) and escalate',
    rollback: 'N/A (the old certificate stays in its Secret until the new one is issued)',
  },
  {
    kind: 'ExternalSecret',
    title: 'Force sync of ExternalSecret {ns}/{name} ({reason})',
    goal: 'Get {ns}/{name} back to SecretSynced',
    commands: [
      'kubectl describe externalsecret -n {ns} {name}',
      'kubectl annotate externalsecret -n {ns} {name} force-sync=$(date +%s) --overwrite',
      'kubectl wait --for=condition=Ready externalsecret/{name} -n {ns} --timeout=120s',
    ],
    expected: '{ns}/{name} Ready (SecretSynced)',
    ifFails: 'Check its ClusterSecretStore and the key in the backing store; escalate',
    rollback: 'N/A (the target Secret keeps its last synced value)',
  },
  {
    // kube-prometheus-stack's runbook: the alert clears when the failed Job is removed after investigation.
    kind: 'Alert',
    name: /^KubeJobFailed$/,
    title: 'Resolve firing alert {name} ({ns}/{label:job_name})',
    goal: '{summary} Find why {ns}/{label:job_name} failed, then remove it so the alert clears (runbook: {runbook})',
    commands: [
      '# runbook: {runbook}',
      'kubectl describe job -n {ns} {label:job_name}',
      'kubectl get events -n {ns} --field-selector involvedObject.name={label:job_name}',
      'kubectl delete job -n {ns} {label:job_name}',
    ],
    expected: '{name} no longer firing; the next scheduled run of the job succeeds',
    ifFails: 'Follow the runbook ({runbook}); keep the describe output in the issue and escalate',
    rollback: 'N/A (a failed Job holds no data; its CronJob schedules the next run)',
  },
  {
    kind: 'Alert',
    title: 'Resolve firing alert {name}',
    goal: '{summary}',
    commands: [
      '# runbook: {runbook}',
      'kubectl -n monitoring-system exec statefulset/alertmanager-monitoring-system-kube-pro-alertmanager -c alertmanager -- amtool alert query alertname={name} --alertmanager.url=http://localhost:9093',
    ],
    expected: '{name} no longer firing',
    ifFails: 'Follow the runbook ({runbook}); if the alert is expected during the window, silence it with a comment and an end time',
    rollback: 'N/A (read-only)',
  },
  {
    kind: 'Node',
    title: 'Relieve node {name} ({reason})',
    goal: 'Bring {name} back under the thresholds: {reason}',
    commands: ['kubectl describe node {name}', 'kubectl top pods -A --sort-by=memory | head -20'],
    expected: '{name} Ready without pressure conditions, CPU and memory under the thresholds',
    ifFails: 'Cordon and drain the node and escalate',
    rollback: 'kubectl uncordon {name}',
  },
];

export interface Remedy {
  title: string;
  goal: string;
  commands: string[];
  expected: string;
  ifFails: string;
  rollback: string;
}

function fill(text: string, f: Finding): string {
  const vars: Record<string, string> = {
    ns: f.namespace ?? '',
    name: f.name,
    owner: f.owner?.name ?? f.name,
    ownerKind: f.owner?.kind ?? 'Pod',
    ownerKindLower: (f.owner?.kind ?? 'deployment').toLowerCase(),
    reason: f.reason,
    summary: f.summary ?? `${f.name} is firing (${f.reason})`,
    runbook: f.runbookUrl ?? 'no runbook_url annotation',
    detail: f.detail.length ? f.detail.join('; ') : f.reason,
    days: f.expiresInDays === undefined ? '' : String(f.expiresInDays),
  };
  return text
    .replace(/\{label:([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (_m, k: string) => f.labels?.[k] ?? `<${k}>`)
    .replace(/\{(ns|name|owner|ownerKind|ownerKindLower|reason|summary|runbook|detail|days)\}/g, (_m, k: string) => vars[k] ?? '');
}

/** The remedy for a finding from the table; a finding no rule knows gets an investigate item. */
export function remedyFor(f: Finding, rules: readonly RemedyRule[] = REMEDIES): Remedy {
  const rule = rules.find((r) => r.kind === f.kind && (!r.name || r.name.test(f.name)) && (!r.reason || r.reason.test(f.reason))) ?? {
    kind: f.kind,
    title: `Investigate ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}{name} ({reason})`,
    goal: 'Find why it is {reason}',
    commands: [`kubectl describe ${f.kind.toLowerCase()} ${f.namespace ? `-n ${f.namespace} ` : ''}${f.name}`],
    expected: 'GREEN',
    ifFails: 'Escalate',
    rollback: 'N/A (read-only)',
  };
  return {
    title: fill(rule.title, f),
    goal: fill(rule.goal, f),
    commands: rule.commands.map((c) => fill(c, f)),
    expected: fill(rule.expected, f),
    ifFails: fill(rule.ifFails, f),
    rollback: fill(rule.rollback, f),
  };
}

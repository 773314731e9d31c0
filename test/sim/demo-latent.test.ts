import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconFindings } from '../../src/domain/recon/findings.js';
import { remedyFor } from '../../src/domain/recon/remedy.js';
import { readAlerts } from '../../src/services/health/alert-source.js';
import { loadKubeTarget, type KubeTarget } from '../../src/services/kube/kubeconfig.js';
import { DEMO_ALERTMANAGER, DemoWorld } from '../../src/sim/demo/world.js';
import { FAST_TIMING, LATENT_FAILED_JOB } from '../../src/sim/kube/index.js';
import { runCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);

// The demo's two latent problems no runbook item covers, as the console reads them and as the
// remedy table's own commands fix them: a certificate cert-manager failed to renew (graded by the
// gate itself, not only by recon) and a failed backup Job that the demo cluster's Alertmanager,
// behind the kube simulator's service proxy, reports as a firing KubeJobFailed warning.

let world: DemoWorld;
let target: KubeTarget;
let tmp: string;
let config: string;
const alertsAt = { namespace: DEMO_ALERTMANAGER.namespace, service: DEMO_ALERTMANAGER.service, port: DEMO_ALERTMANAGER.port };

interface StatusJson {
  overall: string;
  layers: Record<
    string,
    { status: string; reasons: string[]; offenders: Array<{ kind: string; namespace?: string; name: string; status: string; reason: string }> }
  >;
}

const status = async () => {
  const r = await runCli(['status', '--json'], { KUBECONFIG: world.kubeconfigPath!, HOMELAB_CONSOLE_CONFIG: config });
  return { code: r.code, json: JSON.parse(r.stdout) as StatusJson, stderr: r.stderr };
};

beforeAll(async () => {
  world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy', latent: true, timing: FAST_TIMING });
  target = await loadKubeTarget({ env: { KUBECONFIG: world.kubeconfigPath!, HOME: os.tmpdir() } });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-latent-'));
  config = path.join(tmp, 'config.yaml');
  // Where an operator tells the console the demo cluster's Alertmanager is.
  writeFileSync(config, `alerts:\n  namespace: ${alertsAt.namespace}\n  service: ${alertsAt.service}\n  port: "${alertsAt.port}"\n`);
}, 60_000);

afterAll(async () => {
  await world?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the demo latent problems', () => {
  it('Alertmanager through the service proxy fires KubeJobFailed (warning, runbook, job label) and Watchdog', async () => {
    const a = await readAlerts(alertsAt, target);
    expect(a.source).toEqual({ state: 'live' });
    expect(a.items.map((x) => x.name).sort()).toEqual(['KubeJobFailed', 'Watchdog']);
    expect(a.items.find((x) => x.name === 'KubeJobFailed')).toMatchObject({
      severity: 'warning',
      namespace: 'databases',
      silenced: false,
      runbookUrl: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubejobfailed',
      labels: expect.objectContaining({ job_name: LATENT_FAILED_JOB }),
    });
    // The API's filters hold: with silenced=false a silenced alert is left out.
    const id = world.alertmanager!.silence([{ name: 'alertname', value: 'Watchdog', isEqual: true }]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readAlerts(alertsAt, target)).items.map((x) => x.name)).toEqual(['KubeJobFailed']);
  });

  it('status: Platform YELLOW (exit 1) naming the expiring certificate and the alert', async () => {
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.json.overall).toBe('YELLOW');
    const platform = s.json.layers.platform!;
    expect(platform.status).toBe('YELLOW');
    expect(platform.offenders).toEqual(
      expect.arrayContaining([
        { kind: 'Certificate', namespace: 'monitoring', name: 'alertmanager-tls', status: 'YELLOW', reason: 'Expiring in 5 d' },
        { kind: 'Alert', namespace: 'databases', name: 'KubeJobFailed', status: 'YELLOW', reason: 'warning: Job failed to complete.' },
      ]),
    );
    expect(platform.offenders).toHaveLength(2);
    expect(platform.reasons).toContain('1 Alerts firing: KubeJobFailed');
    // gate's text names the certificate too.
    const gate = await runCli(['gate'], { KUBECONFIG: world.kubeconfigPath!, HOMELAB_CONSOLE_CONFIG: config });
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/YELLOW +Certificate monitoring\/alertmanager-tls +Expiring in 5 d/);
    // A narrower window leaves the certificate out.
    writeFileSync(path.join(tmp, 'narrow.yaml'), `alerts:\n  enabled: false\nhealth:\n  certExpiryWarnDays: 3\n`);
    const narrow = await runCli(['status', '--json'], { KUBECONFIG: world.kubeconfigPath!, HOMELAB_CONSOLE_CONFIG: path.join(tmp, 'narrow.yaml') });
    expect(narrow.code).toBe(0);
  }, 60_000);

  it("the remedy table's own commands, run with bash and kubectl against the simulator, renew the certificate and resolve the alert", async () => {
    const s = await status();
    const alerts = await readAlerts(alertsAt, target);
    const findings = reconFindings(s.json as never, { now: Date.now(), certificates: [], pods: [], alerts: alerts.items, drift: [], certWarnDays: 14 });
    expect(findings.map((f) => f.key).sort()).toEqual(['Alert/databases/KubeJobFailed', 'Certificate/monitoring/alertmanager-tls']);
    const env = { ...process.env, KUBECONFIG: world.kubeconfigPath!, HOME: tmp };
    for (const f of findings) {
      const remedy = remedyFor(f);
      if (f.kind === 'Alert') {
        expect(remedy.title).toBe(`Resolve firing alert KubeJobFailed (databases/${LATENT_FAILED_JOB})`);
        expect(remedy.commands).toContain(`kubectl delete job -n databases ${LATENT_FAILED_JOB}`);
        expect(remedy.goal).toContain('https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubejobfailed');
      }
      for (const cmd of remedy.commands) {
        const r = await run('bash', ['-c', cmd], { env }).catch((err: { code: number; stderr: string }) => err);
        expect('code' in r && r.code ? `${cmd}: exit ${r.code}: ${r.stderr}` : 'ok').toBe('ok');
      }
    }
    const cert = await waitFor(
      () => {
        const c = world.kube!.get('certificates', 'monitoring', 'alertmanager-tls') as unknown as {
          status: { notAfter: string; revision: number; conditions: Array<{ type: string }> };
        };
        return Date.parse(c.status.notAfter) - Date.now() > 80 * 86_400_000 ? c : null;
      },
      { what: 'the certificate renewed by the simulated cert-manager' },
    );
    expect(cert.status.conditions.map((c) => c.type)).toEqual(['Ready']);
    expect((await readAlerts(alertsAt, target)).items.map((x) => x.name)).not.toContain('KubeJobFailed');
    const after = await waitFor(
      async () => {
        const x = await status();
        return x.code === 0 ? x : null;
      },
      { what: 'status GREEN', timeoutMs: 20_000 },
    );
    expect(after.json.layers.platform!.status).toBe('GREEN');
  }, 90_000);
});

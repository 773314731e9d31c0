/**
 * Platform's alerts against a real Alertmanager (Debian's prometheus-alertmanager) on loopback:
 * alerts are posted through its own API, one of them silenced through its silences API, and read
 * back by the console directly (alerts.url) and through the kube simulator's service proxy, the way
 * the console reaches monitoring-system/alertmanager-operated in the real homelab.
 * Skips with the reason when the binary is absent, unless HOMELAB_REQUIRE_REAL=1 (CI): then fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradePlatform } from '../../../src/domain/health/grade-platform.js';
import { readAlerts } from '../../../src/services/health/alert-source.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { FAST_TIMING, KubeSim } from '../../../src/sim/kube/index.js';
import { alertmanagerBinary, startAlertmanager, type RealAlertmanager } from '../../support/alertmanager.js';
import { requireRealServers } from '../../support/shared.js';
import { waitFor } from '../../support/wait.js';
import { runCli as cli } from '../../support/cli.js';
import { ensureBundle } from '../../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const { bin, why } = alertmanagerBinary();

if (why && requireRealServers) {
  describe('real Alertmanager (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has prometheus-alertmanager installed', () => {
      expect.fail(why);
    });
  });
}

const emptyGrade = (alerts: Parameters<typeof gradePlatform>[0]['alerts']) =>
  gradePlatform({
    now: Date.now(),
    sources: {
      nodes: { state: 'live' },
      pods: { state: 'live' },
      applications: { state: 'live' },
      certificates: { state: 'live' },
      externalSecrets: { state: 'live' },
      clusterSecretStores: { state: 'live' },
    },
    nodes: [],
    pods: [],
    applications: [],
    certificates: [],
    externalSecrets: [],
    clusterSecretStores: [],
    ceph: null,
    thresholds: {
      nodeCpuPercentWarn: 90,
      nodeMemoryPercentWarn: 85,
      podPendingSecondsWarn: 300,
      podRestartsWarn: 5,
      kubeletMinorSkew: 0,
      excludeNamespaces: [],
    },
    ...(alerts ? { alerts } : {}),
  });

describe.skipIf(why !== null)(`real Alertmanager${why ? ` (skipped: ${why})` : ''}`, { timeout: 60_000 }, () => {
  let am: RealAlertmanager;
  let sim: KubeSim;

  beforeAll(async () => {
    am = await startAlertmanager(bin!);
    await am.postAlerts([
      {
        labels: { alertname: 'CephOSDDown', severity: 'critical', namespace: 'rook-ceph' },
        annotations: { summary: 'osd.3 is down', runbook_url: 'https://runbooks.example/ceph/osd-down' },
      },
      { labels: { alertname: 'NodeClockSkew', severity: 'critical' }, annotations: { summary: 'clock skew on node-7' } },
      { labels: { alertname: 'Watchdog', severity: 'none' } },
    ]);
    await am.silence('NodeClockSkew');
    sim = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, bookmarkIntervalMs: 0 });
  });

  afterAll(async () => {
    await sim?.stop();
    await am?.stop();
  });

  it('read directly: the critical alert makes Platform RED with its name; the silenced one does not count', async () => {
    const alerts = await waitFor(async () => {
      const a = await readAlerts({ url: am.url }, null);
      return a.items.some((x) => x.name === 'CephOSDDown') ? a : null;
    });
    expect(alerts.source).toEqual({ state: 'live' });
    expect(alerts.items.map((a) => a.name)).not.toContain('NodeClockSkew');
    const cephDown = alerts.items.find((a) => a.name === 'CephOSDDown')!;
    expect(cephDown).toMatchObject({ severity: 'critical', summary: 'osd.3 is down', runbookUrl: 'https://runbooks.example/ceph/osd-down', silenced: false });
    const grade = emptyGrade(alerts);
    expect(grade.status).toBe('RED');
    expect(grade.offenders).toEqual([{ kind: 'Alert', namespace: 'rook-ceph', name: 'CephOSDDown', status: 'RED', reason: 'critical: osd.3 is down' }]);
    expect(grade.reasons).toContain('1 Alerts firing: CephOSDDown');
  });

  it('through the kube simulator service proxy with the kubeconfig: same alerts; no Service there is said, not UNKNOWN', async () => {
    const target = await loadKubeTarget({ env: { ...process.env, KUBECONFIG: sim.kubeconfigPath } });
    const absent = await readAlerts({}, target);
    expect(absent.source).toEqual({ state: 'not-installed', what: 'Alertmanager (monitoring-system/alertmanager-operated:9093)' });
    expect(emptyGrade(absent).status).toBe('GREEN');

    sim.exposeService({ namespace: 'monitoring-system', name: 'alertmanager-operated', port: 9093, portName: 'http-web', upstream: am.url });
    const viaProxy = await readAlerts({}, target);
    expect(viaProxy.source).toEqual({ state: 'live' });
    expect(viaProxy.items.map((a) => a.name).sort()).toEqual(['CephOSDDown', 'Watchdog']);
    const byName = await readAlerts({ port: 'http-web' }, target);
    expect(byName.items.map((a) => a.name).sort()).toEqual(['CephOSDDown', 'Watchdog']);
  });

  it('status and recon --json through the proxy are RED (exit 2) naming the alert; with alerts.url too', async () => {
    sim.exposeService({ namespace: 'monitoring-system', name: 'alertmanager-operated', port: 9093, upstream: am.url });
    const r = await cli(['status', '--json'], { KUBECONFIG: sim.kubeconfigPath });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { layers: Record<string, { status: string; offenders: Array<{ kind: string; name: string }> }> };
    expect(json.layers.platform!.status).toBe('RED');
    expect(json.layers.platform!.offenders.filter((o) => o.kind === 'Alert').map((o) => o.name)).toEqual(['CephOSDDown']);
    expect(r.stdout).not.toContain('NodeClockSkew');

    const recon = await cli(['recon', '--json'], { KUBECONFIG: sim.kubeconfigPath });
    expect(recon.code).toBe(2);
    const rj = JSON.parse(recon.stdout) as { overall: string; findings: Array<{ kind: string; name: string; runbookUrl?: string; summary?: string }> };
    expect(rj.overall).toBe('RED');
    expect(rj.findings.filter((f) => f.kind === 'Alert')).toEqual([
      expect.objectContaining({ name: 'CephOSDDown', summary: 'osd.3 is down', runbookUrl: 'https://runbooks.example/ceph/osd-down' }),
    ]);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-am-cfg-'));
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `alerts:\n  url: ${am.url}\n  service: nothing-here\n`);
    const direct = await cli(['gate'], { KUBECONFIG: sim.kubeconfigPath, HOMELAB_CONSOLE_CONFIG: config });
    expect(direct.code).toBe(2);
    expect(direct.stdout).toMatch(/^ {4}RED {5}Alert rook-ceph\/CephOSDDown {2}critical: osd\.3 is down$/m);
  });
});

import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.js';

/** Debian's prometheus-alertmanager, or null with why not. */
export function alertmanagerBinary(): { bin: string | null; why: string | null } {
  for (const bin of ['prometheus-alertmanager', 'alertmanager']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
      return { bin, why: null };
    } catch {
      // next
    }
  }
  return { bin: null, why: 'prometheus-alertmanager is not installed (script/bootstrap --system installs it as root)' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RealAlertmanager {
  url: string;
  postAlerts(alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string> }>): Promise<void>;
  /** A silence matching alertname=NAME for an hour; returns its id. */
  silence(alertname: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts Alertmanager on loopback on a free port with a temp config and storage, clustering off. */
export async function startAlertmanager(bin: string): Promise<RealAlertmanager> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-am-'));
  const config = path.join(dir, 'alertmanager.yml');
  writeFileSync(config, 'route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n');
  let child: ChildProcess | null = null;
  let url = '';
  let stderr = '';
  // A free port can be taken between the probe and the bind by another test: try a few.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const c = spawn(
      bin,
      [
        `--config.file=${config}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    c.once('exit', () => (exited = true));
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error(`alertmanager exited: ${stderr.slice(-300)}`);
          const r = await fetch(`${url}/-/ready`);
          return r.ok;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'alertmanager /-/ready' },
      );
      child = c;
    } catch (err) {
      c.kill('SIGKILL');
      if (attempt === 4) throw err;
    }
  }
  const post = async (p: string, body: unknown) => {
    const r = await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`POST ${p}: ${r.status} ${await r.text()}`);
    return r.text();
  };
  return {
    url,
    async postAlerts(alerts) {
      const startsAt = new Date().toISOString();
      const endsAt = new Date(Date.now() + 3_600_000).toISOString();
      await post(
        '/api/v2/alerts',
        alerts.map((a) => ({ ...a, startsAt, endsAt })),
      );
    },
    async silence(alertname) {
      const text = await post('/api/v2/silences', {
        matchers: [{ name: 'alertname', value: alertname, isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'homelab-console test',
        comment: 'known, being worked on',
      });
      return (JSON.parse(text) as { silenceID: string }).silenceID;
    },
    async stop() {
      const c = child;
      if (c && c.exitCode === null) {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

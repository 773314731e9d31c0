import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, KubeSim } from '../../../src/sim/kube/index.js';

describe('kube simulator: the API server service proxy', () => {
  let sim: KubeSim;
  let upstream: http.Server;
  let upstreamUrl = '';
  const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end(JSON.stringify({ path: req.url }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    sim = await KubeSim.start({ seed: 'empty', timing: FAST_TIMING, bookmarkIntervalMs: 0 });
  });
  afterAll(async () => {
    await sim.stop();
    await new Promise((r) => upstream.close(r));
  });

  const call = (p: string, init: RequestInit = {}) =>
    fetch(`${sim.url}${p}`, { ...init, headers: { authorization: `Bearer ${sim.token}`, ...(init.headers ?? {}) } });

  it('no such Service is 404 NotFound; a Service without endpoints is 503; an unknown port is 404', async () => {
    const missing = await call('/api/v1/namespaces/monitoring-system/services/alertmanager-operated:9093/proxy/api/v2/alerts');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'services "alertmanager-operated" not found' });

    const ns = await call('/api/v1/namespaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }),
    });
    expect(ns.status).toBeLessThan(300);
    const r = await call('/api/v1/namespaces/web/services', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'idle', namespace: 'web' }, spec: { ports: [{ port: 80 }] } }),
    });
    expect(r.status).toBeLessThan(300);
    const idle = await call('/api/v1/namespaces/web/services/idle:80/proxy/');
    expect(idle.status).toBe(503);
    expect(((await idle.json()) as { message: string }).message).toBe('no endpoints available for service "idle"');

    sim.exposeService({ namespace: 'web', name: 'app', port: 8080, portName: 'http', upstream: upstreamUrl });
    expect((await call('/api/v1/namespaces/web/services/app:9999/proxy/')).status).toBe(404);
  });

  it('forwards method, path, query and body by port number or name, answers with the upstream status and headers, never passes the token on', async () => {
    sim.exposeService({ namespace: 'web', name: 'app', port: 8080, portName: 'http', upstream: upstreamUrl });
    const r = await call('/api/v1/namespaces/web/services/app:8080/proxy/api/v2/alerts?active=true', { method: 'POST', body: '[1]' });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-upstream')).toBe('yes');
    expect(await r.json()).toEqual({ path: '/api/v2/alerts?active=true' });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/api/v2/alerts?active=true', auth: undefined, body: '[1]' });
    const byName = await call('/api/v1/namespaces/web/services/http:app:http/proxy/x');
    expect(byName.status).toBe(201);
    expect(seen.at(-1)!.url).toBe('/x');
    // The Service is an ordinary object too.
    expect(sim.get('services', 'web', 'app')).toBeDefined();
  });
});

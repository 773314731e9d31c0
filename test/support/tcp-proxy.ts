import net from 'node:net';

/**
 * What the proxy does to each new connection:
 * - `pass`: forwards both ways;
 * - `reset`: accepts, then resets the connection (RST) as soon as the client sends anything;
 * - `stall`: accepts and reads, never forwards or answers (a hung upstream behind a live port);
 * - `truncate`: forwards the request, passes the first `afterBytes` bytes of the answer, then
 *   destroys both sides (a proxy or network cutting a response short).
 */
export type ProxyMode = { kind: 'pass' } | { kind: 'reset' } | { kind: 'stall' } | { kind: 'truncate'; afterBytes: number };

/**
 * A TCP proxy on 127.0.0.1 (ephemeral port) in front of `target`, whose mode a test switches
 * while clients are connected. Switching closes every open connection, so a kept-alive socket
 * cannot carry on in the old mode.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly open = new Set<net.Socket>();
  mode: ProxyMode = { kind: 'pass' };
  /** Connections accepted, by the mode they met. */
  readonly accepted: Record<string, number> = {};
  url = '';

  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(url: string): TcpProxy {
    const u = new URL(url);
    return new TcpProxy({ host: u.hostname, port: Number(u.port) });
  }

  async start(): Promise<string> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return this.url;
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  async stop(): Promise<void> {
    for (const s of this.open) s.destroy();
    this.open.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(s: net.Socket): void {
    this.open.add(s);
    s.on('close', () => this.open.delete(s));
    s.on('error', () => {});
  }

  private accept(client: net.Socket): void {
    const mode = this.mode;
    this.accepted[mode.kind] = (this.accepted[mode.kind] ?? 0) + 1;
    this.track(client);
    if (mode.kind === 'reset') {
      client.once('data', () => client.resetAndDestroy());
      return;
    }
    if (mode.kind === 'stall') {
      client.resume();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream);
    if (mode.kind === 'pass') {
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      return;
    }
    let left = mode.afterBytes;
    upstream.on('data', (chunk: Buffer) => {
      if (left <= 0) return;
      const part = chunk.subarray(0, left);
      left -= part.length;
      client.write(part);
      if (left <= 0) {
        upstream.destroy();
        client.end(() => client.destroy());
      }
    });
    client.on('close', () => upstream.destroy());
  }
}

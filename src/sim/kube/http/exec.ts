import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { Pod } from '../types.js';
import { checkAuth } from './api.js';
import type { ExecResult, SimBackend } from './backend.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CHUNK = 32 * 1024;
const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/;

function frame(channel: number, data: string | Buffer = ''): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), payload]);
}

/** A v1 Status on channel 3, as kubelet's remotecommand server ends every exec. */
export function exitStatus(argv: string[], exitCode: number): string {
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  });
}

function rejectUpgrade(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.toStatus());
  const text =
    err.code === 404
      ? 'Not Found'
      : err.code === 401
        ? 'Unauthorized'
        : err.code === 403
          ? 'Forbidden'
          : err.code >= 500
            ? 'Internal Server Error'
            : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${err.code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Pod exec over WebSocket with the v5/v4 channel protocols (stdin 0, stdout 1, stderr 2, status 3, close 255). */
export class ExecEndpoint {
  private readonly wss: WebSocketServer;

  constructor(private readonly b: SimBackend) {
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => this.protocols().find((p) => offered.has(p)) ?? false,
    });
  }

  private protocols(): string[] {
    return this.b.execProtocols ?? PROTOCOLS;
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    this.b.counters.count('exec', url.pathname);
    this.b.counters.execs++;
    try {
      checkAuth(this.b, req);
      const fault = this.b.faults.decide(req.method ?? 'GET', url.pathname + url.search);
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status !== undefined)
        throw new ApiError(fault.status, 'InternalError', 'an error on the server ("injected fault") has prevented the request from succeeding');
      if (fault.forbidUser !== undefined)
        throw new ApiError(403, 'Forbidden', `pods "exec" is forbidden: User "${fault.forbidUser}" cannot create resource "pods/exec" in API group ""`);
      const m = url.pathname.match(EXEC_PATH);
      if (!m) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      const namespace = decodeURIComponent(m[1]!);
      const name = decodeURIComponent(m[2]!);
      this.b.access.enforce({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace });
      const pod = this.b.store.get(this.b.registry.builtin('Pod'), namespace, name) as Pod | undefined;
      if (!pod) throw notFound('pods', '', name);
      const q = url.searchParams;
      const argv = q.getAll('command');
      if (argv.length === 0) throw badRequest('you must specify at least 1 command');
      const container = q.get('container') || pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] || pod.spec.containers[0]!.name;
      if (!pod.spec.containers.some((c) => c.name === container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
      const status = pod.status.containerStatuses?.find((c) => c.name === container);
      if (pod.status.phase !== 'Running' || !status?.state?.running) throw badRequest(`unable to upgrade connection: container not found ("${container}")`);
      const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim());
      if (!this.protocols().some((p) => protocols.includes(p)))
        throw badRequest(`unable to upgrade connection: no supported subprotocol offered (${this.protocols().join(' or ')})`);
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        void this.session(ws, namespace, name, container, argv, {
          stdin: q.get('stdin') === 'true' || q.get('stdin') === '1',
          stdout: q.get('stdout') !== 'false' && q.get('stdout') !== '0',
          stderr: q.get('stderr') !== 'false' && q.get('stderr') !== '0',
        });
      });
    } catch (err) {
      rejectUpgrade(socket, err instanceof ApiError ? err : new ApiError(500, 'InternalError', String(err)));
    }
  }

  private async session(
    ws: WebSocket,
    namespace: string,
    pod: string,
    container: string,
    argv: string[],
    streams: { stdin: boolean; stdout: boolean; stderr: boolean },
  ): Promise<void> {
    const v5 = ws.protocol === 'v5.channel.k8s.io';
    ws.send(frame(streams.stdout ? 1 : streams.stderr ? 2 : 3));
    let stdin: string | null = null;
    if (streams.stdin) stdin = await collectStdin(ws, v5);
    let result: ExecResult;
    try {
      result = await this.b.exec(namespace, pod, container, argv, stdin);
    } catch (err) {
      result = { stdout: '', stderr: `${err instanceof Error ? err.message : String(err)}\n`, exitCode: 126 };
    }
    if (ws.readyState !== ws.OPEN) return;
    const send = (channel: number, data: string | Buffer) => {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      for (let i = 0; i < buf.length; i += CHUNK) ws.send(frame(channel, buf.subarray(i, i + CHUNK)));
    };
    if (streams.stdout && result.stdout.length) send(1, result.stdout);
    if (streams.stderr && result.stderr.length) send(2, result.stderr);
    ws.send(frame(3, exitStatus(argv, result.exitCode)));
    ws.close(1000);
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}

/**
 * v5 clients end stdin with a close frame on channel 255; v4 has no such signal, so stdin ends when the
 * client goes quiet for a moment or closes.
 */
function collectStdin(ws: WebSocket, v5: boolean): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      if (idle) clearTimeout(idle);
      ws.off('message', onMessage);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const arm = () => {
      if (v5) return;
      if (idle) clearTimeout(idle);
      idle = setTimeout(finish, 150);
    };
    const onMessage = (data: Buffer, isBinary: boolean) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as unknown as ArrayBuffer);
      if (!isBinary || buf.length === 0) return;
      if (buf[0] === 0) {
        chunks.push(buf.subarray(1));
        arm();
      } else if (buf[0] === 255 && buf[1] === 0) finish();
    };
    ws.on('message', onMessage);
    ws.once('close', finish);
    arm();
  });
}

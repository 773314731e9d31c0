import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { exitCodeOfStatus, resolveExecPod } from '../kube/actions/exec.js';
import type { ActionContext } from '../kube/actions/context.js';
import { describeError, KubeTimeoutError } from '../kube/errors.js';
import { loadClientNode } from '../kube/load-client.js';

export interface StreamExecResult {
  exitCode: number;
  bytes: number;
  stderr: string;
  pod: string;
  container: string;
}

/**
 * Runs argv in a pod and streams its stdout (bytes, as they arrive) into `file`; the backup path.
 * `execInPod` collects stdout as text, which would corrupt a binary dump and hold a large one in
 * memory. Resolves when the exec's status has arrived, the socket has closed and the file is flushed.
 */
export async function execToFile(
  ctx: ActionContext,
  r: { namespace: string; pod: string; container?: string; command: string[]; file: string; timeoutMs: number; onProgress?: (bytes: number) => void },
): Promise<StreamExecResult> {
  const { pod, container } = await resolveExecPod(ctx, r.namespace, r.pod, r.container);
  const what = `exec '${r.command.join(' ')}' in ${r.namespace}/${pod}`;
  const { Exec } = await loadClientNode();
  const file = createWriteStream(r.file, { mode: 0o600 });
  const fileOpen = new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  await fileOpen;
  let bytes = 0;
  const err: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      bytes += b.length;
      r.onProgress?.(bytes);
      if (!file.write(b)) file.once('drain', () => cb());
      else cb();
    },
  });
  const errOut = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      if (err.reduce((n, x) => n + x.length, 0) < 64 * 1024) err.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  // Chunks `out` accepted may still wait for the file's drain: flush them before closing the file.
  const closeFile = async () => {
    await new Promise<void>((resolve) => out.end(() => resolve()));
    await new Promise<void>((resolve) => file.end(() => resolve()));
  };
  const result = await new Promise<{ code: number }>((resolve, reject) => {
    let status: Parameters<typeof exitCodeOfStatus>[0] | null = null;
    let closed = false;
    let settled = false;
    let socket: { close(): void } | null = null;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const maybeDone = () => {
      if (!status || !closed) return;
      const code = exitCodeOfStatus(status);
      if (code === null) finish(() => reject(new Error(`${what}: ${status?.message ?? status?.reason ?? 'failed'}`)));
      else finish(() => resolve({ code }));
    };
    const timer = setTimeout(() => {
      socket?.close();
      finish(() => reject(new KubeTimeoutError(what, r.timeoutMs, `${bytes} bytes received`)));
    }, r.timeoutMs);
    new Exec(ctx.http.target.kc)
      .exec(r.namespace, pod, container, r.command, out, errOut, null, false, (s) => {
        status = s as typeof status;
        maybeDone();
      })
      .then((ws) => {
        socket = ws as unknown as { close(): void };
        const onClose = () => {
          closed = true;
          if (!status)
            setImmediate(() =>
              status ? maybeDone() : finish(() => reject(new Error(`${what}: connection closed before the command finished (${bytes} bytes received)`))),
            );
          else maybeDone();
        };
        if ((ws as { readyState?: number }).readyState === 3) onClose();
        else ws.on('close', onClose);
        ws.on('error', (e: unknown) => finish(() => reject(new Error(`${what}: ${describeError(e)}`))));
      })
      .catch((e: unknown) => finish(() => reject(new Error(`${what}: ${describeError(e)}`))));
  }).finally(closeFile);
  return { exitCode: result.code, bytes, stderr: Buffer.concat(err).toString('utf8'), pod, container };
}

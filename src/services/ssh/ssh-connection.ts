import type * as Ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { redactSecrets } from '../../domain/redact.js';
import { LineSplitter } from '../runner/output-sink.js';
import type { SshAuth } from './auth.js';
import { captureOn, type CaptureOptions, type CaptureResult } from './capture.js';
import { checkHostKey, hostKeyName, knownKeyTypes, readKnownHosts, type HostKeyVerdict } from './known-hosts.js';

export interface SshTarget {
  host: string;
  port?: number;
  user: string;
  /** Name used in messages (`controller`, `node onyx`). */
  label?: string;
}

export interface SshOptions {
  knownHostsFile: string;
  auth: SshAuth;
  /** Handshake + authentication deadline per hop. */
  connectTimeoutMs?: number;
  /** ProxyJump: reach the target through this host (the controller). */
  jump?: SshTarget;
}

export type SshErrorKind = 'host-key-unknown' | 'host-key-changed' | 'host-key-revoked' | 'auth' | 'timeout' | 'connect';

export class SshError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    readonly fingerprint: string | null = null,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  tail: string[];
  timedOut: boolean;
}

export interface ExecOptions {
  onLines?: (lines: string[]) => void;
  timeoutMs?: number;
  tailLines?: number;
}

/** One SSH connection (through the jump host when configured). */
export interface SshSession {
  readonly target: SshTarget;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** The command's full stdout and stderr, apart, and its exit code (see capture.ts). */
  capture(command: string, opts: CaptureOptions): Promise<CaptureResult>;
  /** Resolves when the connection ends (closed by either side or lost). */
  readonly ended: Promise<void>;
  close(): void;
}

// ssh2 pulls in crypto bindings; the console only pays for it when SSH is used.
let ssh2: Promise<typeof Ssh2> | null = null;
const loadSsh2 = () => (ssh2 ??= import('ssh2'));

function refusal(target: SshTarget, port: number, v: HostKeyVerdict, file: string): SshError {
  const who = `${target.label ?? 'host'} ${hostKeyName(target.host, port)}`;
  if (v.result === 'unknown')
    return new SshError(
      'host-key-unknown',
      `refused ${who}: its host key is not in ${file} (${v.keyType} ${v.fingerprint}). Verify it out of band, then add it (ssh-keyscan -p ${port} ${target.host} >> ${file}); never auto-accepted`,
      v.fingerprint,
    );
  if (v.result === 'changed')
    return new SshError(
      'host-key-changed',
      `refused ${who}: HOST KEY CHANGED — offered ${v.keyType} ${v.fingerprint}, ${file} has ${v.expected.map((e) => `${e.fingerprint} (line ${e.line})`).join(', ')}. Possible man-in-the-middle; if the host was rebuilt, remove the old line (ssh-keygen -R '${hostKeyName(target.host, port)}' -f ${file})`,
      v.fingerprint,
    );
  return new SshError(
    'host-key-revoked',
    `refused ${who}: host key ${v.fingerprint} is marked @revoked in ${file} (line ${v.result === 'revoked' ? v.line : '?'})`,
    v.fingerprint,
  );
}

async function connectOne(target: SshTarget, opts: SshOptions, sock?: ConnectConfig['sock']): Promise<Client> {
  const { Client } = await loadSsh2();
  const port = target.port ?? 22;
  const entries = readKnownHosts(opts.knownHostsFile);
  const types = knownKeyTypes(entries, target.host, port);
  let refused: SshError | null = null;
  const client = new Client();
  const config: ConnectConfig = {
    host: target.host,
    port,
    username: target.user,
    readyTimeout: opts.connectTimeoutMs ?? 10_000,
    hostVerifier: (key: Buffer) => {
      const verdict = checkHostKey(entries, target.host, port, key);
      if (verdict.result === 'known') return true;
      refused = refusal(target, port, verdict, opts.knownHostsFile);
      return false;
    },
    ...(types.length ? { algorithms: { serverHostKey: types as never } } : {}),
    ...(opts.auth.privateKey ? { privateKey: opts.auth.privateKey } : {}),
    ...(opts.auth.agent ? { agent: opts.auth.agent } : {}),
    ...(sock ? { sock } : {}),
  };
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    // ssh2 may emit more than one error while tearing down; only the first one counts.
    client.on('error', (err: Error & { level?: string }) => {
      if (settled) return;
      settled = true;
      client.end();
      const who = `${target.label ?? 'host'} ${target.user}@${hostKeyName(target.host, port)}`;
      if (refused) return reject(refused);
      if (err.level === 'client-authentication')
        return reject(
          new SshError(
            'auth',
            `${who}: key not accepted (tried ${opts.auth.keyFile ?? ''}${opts.auth.agent ? ' ssh-agent' : ''}); add the public key to the host's authorized_keys`,
          ),
        );
      if (err.level === 'client-timeout' || /timed out/i.test(err.message))
        return reject(new SshError('timeout', `${who}: no SSH handshake within ${opts.connectTimeoutMs ?? 10_000} ms`));
      reject(new SshError('connect', `${who}: ${redactSecrets(err.message)}`));
    });
    client.connect(config);
  });
}

/** Opens a session to `target`, through `opts.jump` (ProxyJump) when given. Host keys always checked. */
export async function openSsh(target: SshTarget, opts: SshOptions): Promise<SshSession> {
  let jump: Client | null = null;
  let client: Client;
  if (opts.jump) {
    jump = await connectOne({ label: 'controller', ...opts.jump }, opts);
    const j = jump;
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      j.forwardOut('127.0.0.1', 0, target.host, target.port ?? 22, (err, s) =>
        err ? reject(new SshError('connect', `controller could not reach ${hostKeyName(target.host, target.port ?? 22)}: ${err.message}`)) : resolve(s),
      ),
    ).catch((e) => {
      j.end();
      throw e;
    });
    client = await connectOne(target, opts, stream).catch((e) => {
      j.end();
      throw e;
    });
  } else client = await connectOne(target, opts);

  const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
  return {
    target,
    ended,
    exec: (command, eo = {}) => execOn(client, command, eo),
    capture: (command, co) => captureOn(client, command, co),
    close() {
      client.end();
      jump?.end();
    },
  };
}

function execOn(client: Client, command: string, opts: ExecOptions): Promise<ExecResult> {
  const started = Date.now();
  const tail: string[] = [];
  const keep = opts.tailLines ?? 20;
  const onLines = (lines: string[]) => {
    const clean = lines.map(redactSecrets);
    tail.push(...clean);
    if (tail.length > keep) tail.splice(0, tail.length - keep);
    opts.onLines?.(clean);
  };
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(new SshError('connect', `exec failed: ${err.message}`));
      let timedOut = false;
      let exitCode: number | null = null;
      let signal: string | null = null;
      const out = new LineSplitter(onLines);
      const errOut = new LineSplitter(onLines);
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        out.flush();
        errOut.flush();
        resolve({ exitCode: timedOut ? null : exitCode, signal, durationMs: Date.now() - started, tail: [...tail], timedOut });
      };
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            // sshd may ignore the signal request and keep the channel until its child exits:
            // ask, close our side, and stop waiting after a short grace.
            stream.signal('KILL');
            stream.close();
            setTimeout(finish, 500).unref();
          }, opts.timeoutMs)
        : undefined;
      stream.on('data', (c: Buffer) => out.push(c));
      stream.stderr.on('data', (c: Buffer) => errOut.push(c));
      stream.on('exit', (code: number | null, sig?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        signal = sig ?? null;
      });
      stream.on('close', finish);
    });
  });
}

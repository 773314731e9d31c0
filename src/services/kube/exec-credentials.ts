import { spawn, type SpawnOptions } from 'node:child_process';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { KubeCredentialError } from './errors.js';

/** The parts of the client library's ExecAuth this module takes over (private there, stable in practice). */
interface ExecAuthLike {
  execFn: (command: string, args: readonly string[] | undefined, opts: SpawnOptions) => ReturnType<typeof spawn>;
  getCredential: (user: User) => Promise<unknown>;
  isAuthProvider: (user: User) => boolean;
}

type ExecSpec = NonNullable<User['exec']> & { installHint?: string; provideClusterInfo?: boolean; interactiveMode?: string };

/**
 * Exec credential plugins the way kubectl runs them: once per session (concurrent first requests
 * wait for the one run; the library's cache keeps the credential until it expires), with
 * KUBERNETES_EXEC_INFO describing the request, and failures in kubectl's words ("executable … not
 * found" with the plugin's installHint) instead of a raw `spawn … ENOENT`.
 */
export function installExecCredentials(kc: KubeConfig): void {
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  const exec = authenticators.find((a): a is ExecAuthLike => typeof a === 'object' && a !== null && 'execFn' in a && 'tokenCache' in a);
  if (!exec) return;
  const cluster = () => kc.getCurrentCluster();
  exec.execFn = (command, args, opts) => {
    const user = kc.getCurrentUser();
    const spec = (user?.exec ?? {}) as ExecSpec;
    const c = cluster();
    const info = {
      kind: 'ExecCredential',
      apiVersion: spec.apiVersion ?? 'client.authentication.k8s.io/v1',
      spec: {
        interactive: false,
        ...(spec.provideClusterInfo && c
          ? { cluster: { server: c.server, 'certificate-authority-data': c.caData, 'insecure-skip-tls-verify': c.skipTLSVerify ?? false } }
          : {}),
      },
    };
    return spawn(command, args ?? [], {
      ...opts,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...(opts.env ?? process.env), KUBERNETES_EXEC_INFO: JSON.stringify(info) },
    });
  };
  const original = exec.getCredential.bind(exec);
  const inFlight = new Map<string, Promise<unknown>>();
  exec.getCredential = (user: User) => {
    let p = inFlight.get(user.name);
    if (!p) {
      p = original(user)
        .catch((err: unknown) => {
          throw credentialError(user, err);
        })
        .finally(() => inFlight.delete(user.name));
      inFlight.set(user.name, p);
    }
    return p;
  };
}

function credentialError(user: User, err: unknown): KubeCredentialError {
  const spec = (user.exec ?? {}) as ExecSpec;
  const command = spec.command ?? '(none)';
  const hint = spec.installHint?.trim().split('\n')[0];
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT')
    return new KubeCredentialError(
      `exec: executable ${command} not found (the credential plugin of kubeconfig user '${user.name}')`,
      hint ?? `install ${command}, or put it on PATH; it looks like a client-go credential plugin that is not installed`,
    );
  if (e?.code === 'EACCES') return new KubeCredentialError(`exec: executable ${command} is not executable`, `chmod +x ${command}`);
  const said = (err instanceof Error ? err.message : String(err)).trim().split('\n')[0] ?? '';
  if (err instanceof SyntaxError)
    return new KubeCredentialError(
      `exec: executable ${command}: its output is not an ExecCredential (${said})`,
      `run ${command} by hand: it must print ExecCredential JSON`,
    );
  return new KubeCredentialError(`exec: executable ${command} failed${said ? `: ${said}` : ''}`, `run ${command} by hand to see why`);
}

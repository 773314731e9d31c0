import type { ExecResult, SshSession } from './ssh-connection.js';

/** The built-in read-only checks on a node (what the workflow runs by hand over SSH). */
export const NODE_CHECKS = [
  { name: 'disk', command: 'df -h' },
  { name: 'rook', command: 'du -sh /var/lib/rook/* 2>/dev/null | sort -hr | head -10' },
  { name: 'images', command: 'crictl images 2>/dev/null || sudo -n crictl images' },
] as const;

export type NodeCheckName = (typeof NODE_CHECKS)[number]['name'];

export interface NodeCheckResult extends ExecResult {
  name: NodeCheckName;
  command: string;
}

/** Runs every built-in check on one node, one after the other; each keeps its own output. */
export async function runNodeChecks(
  session: SshSession,
  opts: { timeoutMs?: number; onLines?: (check: NodeCheckName, lines: string[]) => void } = {},
): Promise<NodeCheckResult[]> {
  const out: NodeCheckResult[] = [];
  for (const c of NODE_CHECKS) {
    const r = await session.exec(c.command, { timeoutMs: opts.timeoutMs ?? 30_000, tailLines: 200, onLines: (l) => opts.onLines?.(c.name, l) });
    out.push({ ...r, name: c.name, command: c.command });
  }
  return out;
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * The process groups of the steps this console started, and what happens to them when it ends.
 * Each step runs in its own group (run-bash.ts spawns it detached); the console is their only
 * owner, so a group must not outlive it. A graceful quit cancels the running step and waits for
 * its record (the step engine's close); whatever still runs when the process exits — an exit
 * after a crash, a signal with nobody to handle it — is killed here. A kill -9 of the console runs
 * no handler at all: the step's watchdog (run-bash.ts) covers that, and the journal records each
 * group's id so the restarted console can find a survivor (findGroup).
 */
const live = new Set<number>();
let installed = false;

function killAll(): void {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

/** SIGTERM/SIGHUP with nobody else listening would end node without its 'exit' event: exit so it runs. */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the console's own handler closes the session, then exits
  process.exit(signal === 'SIGTERM' ? 143 : 129);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

/** Tracks a step's group until it ends (call the returned function then). */
export function trackGroup(pgid: number): () => void {
  install();
  live.add(pgid);
  return () => live.delete(pgid);
}

/** The groups this process still owns (for tests and the quit guard). */
export function liveGroups(): number[] {
  return [...live];
}

/** True when some process is in group `pgid` (EPERM: it exists, someone else's). */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface GroupMember {
  pid: number;
  command: string;
}

/**
 * The processes of group `pgid`, from /proc (Linux; elsewhere, or when /proc cannot be read, an
 * empty list and groupAlive alone answers). A group id can be reused after its group ended, so the
 * members' commands are shown to the operator rather than assumed to be the step.
 */
export function groupMembers(pgid: number): GroupMember[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: GroupMember[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.push({ pid: Number(pid), command: cmd || stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** What a restarted console can say about a group a journal names: its live members, or that it is gone. */
export function findGroup(pgid: number): { alive: boolean; members: GroupMember[] } {
  const members = groupMembers(pgid);
  return { alive: members.length > 0 || groupAlive(pgid), members };
}

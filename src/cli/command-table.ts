import type { CommandModule } from './command.js';

/** Every subcommand, loaded on demand so `plan` never pays for the Kubernetes client. */
export const commandTable: Record<string, () => Promise<{ default: CommandModule }>> = {
  console: () => import('./commands/console.js'),
  demo: () => import('./commands/demo.js'),
  plan: () => import('./commands/plan.js'),
  edit: () => import('./commands/edit.js'),
  status: () => import('./commands/status.js'),
  gate: () => import('./commands/gate.js'),
  recon: () => import('./commands/recon.js'),
  close: () => import('./commands/close.js'),
  ceph: () => import('./commands/ceph.js'),
  queue: () => import('./commands/queue.js'),
  backup: () => import('./commands/backup.js'),
  doctor: () => import('./commands/doctor.js'),
  journal: () => import('./commands/journal.js'),
  completion: () => import('./commands/completion.js'),
};

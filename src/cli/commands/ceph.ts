import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

// Placeholder until the issue that owns 'ceph' lands; replaced, not extended.
const command: CommandModule = {
  summary: '(not built yet)',
  usage: 'homelab-console ceph',
  async run() {
    throw new UserError("'ceph' is not built yet");
  },
};
export default command;

import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

// Placeholder until the issue that owns 'status' lands; replaced, not extended.
const command: CommandModule = {
  summary: '(not built yet)',
  usage: 'homelab-console status',
  async run() {
    throw new UserError("'status' is not built yet");
  },
};
export default command;

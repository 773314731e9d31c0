import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

// Placeholder until the issue that owns 'console' lands; replaced, not extended.
const command: CommandModule = {
  summary: '(not built yet)',
  usage: 'homelab-console console',
  async run() {
    throw new UserError("'console' is not built yet");
  },
};
export default command;

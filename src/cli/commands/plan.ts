import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

// Placeholder until the issue that owns 'plan' lands; replaced, not extended.
const command: CommandModule = {
  summary: '(not built yet)',
  usage: 'homelab-console plan',
  async run() {
    throw new UserError("'plan' is not built yet");
  },
};
export default command;

import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

// Placeholder until the issue that owns 'doctor' lands; replaced, not extended.
const command: CommandModule = {
  summary: '(not built yet)',
  usage: 'homelab-console doctor',
  async run() {
    throw new UserError("'doctor' is not built yet");
  },
};
export default command;

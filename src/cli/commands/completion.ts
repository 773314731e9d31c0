import type { CommandModule } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { bashScript, fishScript, flagsOfUsage, zshScript, type CompletionCommand } from '../completion-scripts.js';
import { UsageError } from '../errors.js';
import { writeData } from '../output.js';

const USAGE = `usage: homelab-console completion bash|zsh|fish

Prints the shell completion script for commands and their flags:
  bash  source <(homelab-console completion bash)        (or save it under ~/.local/share/bash-completion/completions/)
  zsh   source <(homelab-console completion zsh)         (or save it as _homelab-console on $fpath)
  fish  homelab-console completion fish > ~/.config/fish/completions/homelab-console.fish`;

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

const command: CommandModule = {
  summary: 'print the bash, zsh or fish completion script',
  usage: USAGE,
  async run(argv) {
    const { positionals } = parseCommandArgs('completion', argv, {}, { positionals: true });
    const shell = positionals[0];
    if (positionals.length !== 1 || !shell || !(shell in SHELLS))
      throw new UsageError(`completion: name one shell: bash, zsh or fish${shell ? ` (got '${shell}')` : ''}`);
    const { commandTable } = await import('../command-table.js');
    const commands: CompletionCommand[] = [];
    for (const [name, load] of Object.entries(commandTable)) {
      const mod = (await load()).default;
      commands.push({ name, summary: mod.summary, flags: flagsOfUsage(mod.usage) });
    }
    writeData(SHELLS[shell as keyof typeof SHELLS](commands));
    return 0;
  },
};
export default command;

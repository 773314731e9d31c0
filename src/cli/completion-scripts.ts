// Shell completion scripts, generated from the commands' own usage texts, so a flag added to a
// command is completed without touching this file.

export interface CompletionCommand {
  name: string;
  summary: string;
  /** Long flags, without the leading `--`. */
  flags: string[];
}

/** Every `--flag` a usage text names, in order, once each. */
export function flagsOfUsage(usage: string): string[] {
  const seen = new Set<string>();
  for (const m of usage.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)) seen.add(m[1]!);
  seen.add('help');
  return [...seen];
}

const BIN = 'homelab-console';
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function bashScript(commands: CompletionCommand[]): string {
  const cases = commands.map((c) => `    ${c.name}) flags=${sq(c.flags.map((f) => `--${f}`).join(' '))} ;;`).join('\n');
  return `# bash completion for ${BIN}: source it, or put it in ~/.local/share/bash-completion/completions/${BIN}
_homelab_console() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd="" flags="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in -*) ;; *) cmd=\${COMP_WORDS[i]}; break ;; esac
  done
  if [[ -z $cmd && $cur != -* ]]; then
    COMPREPLY=($(compgen -W ${sq(commands.map((c) => c.name).join(' '))} -- "$cur"))
    return
  fi
  case \${cmd:-console} in
${cases}
  esac
  COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  # A flag that takes a file: complete file names after it.
  case \${COMP_WORDS[COMP_CWORD-1]} in
    --config|--issue-file|--ceph-conf|--prs-file|--out|--log-file) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -F _homelab_console ${BIN}
`;
}

export function zshScript(commands: CompletionCommand[]): string {
  const describe = commands.map((c) => `    ${sq(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`).join('\n');
  const cases = commands.map((c) => `    ${c.name}) flags=(${c.flags.map((f) => `--${f}`).join(' ')}) ;;`).join('\n');
  return `#compdef ${BIN}
# zsh completion for ${BIN}: put it on $fpath as _${BIN}, or: source <(${BIN} completion zsh)
_homelab_console() {
  local -a commands flags
  commands=(
${describe}
  )
  local cmd=\${words[2]}
  if (( CURRENT == 2 )) && [[ \${words[CURRENT]} != -* ]]; then
    _describe 'command' commands
    return
  fi
  [[ $cmd == -* ]] && cmd=console
  case $cmd in
${cases}
  esac
  case \${words[CURRENT-1]} in
    --config|--issue-file|--ceph-conf|--prs-file|--out|--log-file) _files; return ;;
  esac
  compadd -- $flags
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _homelab_console "$@"; else compdef _homelab_console ${BIN}; fi
`;
}

export function fishScript(commands: CompletionCommand[]): string {
  const names = commands.map((c) => c.name).join(' ');
  const lines = [`# fish completion for ${BIN}: ${BIN} completion fish > ~/.config/fish/completions/${BIN}.fish`, `complete -c ${BIN} -f`];
  for (const c of commands) lines.push(`complete -c ${BIN} -n ${sq(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${sq(c.summary)}`);
  for (const c of commands) {
    for (const f of c.flags) {
      const file = ['config', 'issue-file', 'ceph-conf', 'prs-file', 'out', 'log-file'].includes(f) ? ' -r -F' : '';
      lines.push(`complete -c ${BIN} -n ${sq(`__fish_seen_subcommand_from ${c.name}`)} -l ${f}${file}`);
    }
  }
  return lines.join('\n') + '\n';
}

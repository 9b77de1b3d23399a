import { Argument, Command } from 'commander';
import { action } from './context';
import { CliError, ExitCode } from './exit-codes';

/** A command's words for completion: its subcommands and its long options, by command path. */
export interface CompletionTree {
  [path: string]: string[];
}

/** Walks the commander tree: `''` → top-level commands, `'workshop'` → its subcommands, and so on. */
export function completionTree(program: Command): CompletionTree {
  const tree: CompletionTree = {};
  const visit = (command: Command, path: string) => {
    const words = [
      ...command.commands.map((sub) => sub.name()),
      ...command.options.map((option) => option.long).filter((long): long is string => Boolean(long)),
      ...(path === '' ? [] : ['--json', '--help']),
    ];
    tree[path] = [...new Set(words)].sort();
    for (const sub of command.commands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return tree;
}

/** A bash completion script (`source <(lab completion bash)`). */
export function bashCompletion(tree: CompletionTree): string {
  const cases = Object.entries(tree)
    .map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# bash completion for lab (Backend Lab): source <(lab completion bash)
_lab_complete() {
  local cur cmdpath="" i word words=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ $word == -* ]] && continue
    case "\${cmdpath:+$cmdpath }$word" in
${Object.keys(tree)
  .filter((path) => path !== '')
  .map((path) => `      "${path}") cmdpath="${path}" ;;`)
  .join('\n')}
    esac
  done
  case "$cmdpath" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _lab_complete lab
`;
}

/** A zsh completion script (`source <(lab completion zsh)`, or saved as `_lab` on the fpath). */
export function zshCompletion(tree: CompletionTree): string {
  const cases = Object.entries(tree)
    .map(([path, words]) => `    "${path}") words=(${words.join(' ')}) ;;`)
    .join('\n');
  return `#compdef lab
# zsh completion for lab (Backend Lab): source <(lab completion zsh)
_lab() {
  local cmdpath="" word
  for word in \${words[2,CURRENT-1]}; do
    [[ $word == -* ]] && continue
    case "\${cmdpath:+$cmdpath }$word" in
${Object.keys(tree)
  .filter((path) => path !== '')
  .map((path) => `      "${path}") cmdpath="${path}" ;;`)
  .join('\n')}
    esac
  done
  local -a candidates
  case "$cmdpath" in
${cases.replace(/words=/g, 'candidates=')}
  esac
  compadd -- $candidates
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _lab "$@"
else
  compdef _lab lab
fi
`;
}

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(lab completion bash)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action(
      action(async (ctx, _options, shell: string) => {
        const tree = completionTree(program);
        if (shell === 'bash') return ctx.print(bashCompletion(tree));
        if (shell === 'zsh') return ctx.print(zshCompletion(tree));
        throw new CliError(`no completion for ${shell}`, ExitCode.usage);
      }),
    );
}

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

/**
 * The body of the loop over the typed words, the same in bash and zsh: options are skipped, and a
 * word that extends the command path to a known command moves `cmdpath` on.
 */
function commandPathStep(tree: CompletionTree): string {
  const known = Object.keys(tree)
    .filter((path) => path !== '')
    .map((path) => `      "${path}") cmdpath="${path}" ;;`)
    .join('\n');
  return `    [[ $word == -* ]] && continue
    case "\${cmdpath:+$cmdpath }$word" in
${known}
    esac`;
}

/** One `case` arm per command path, assigning its completion words in the shell's own syntax. */
function wordsCases(tree: CompletionTree, assign: (words: string[]) => string): string {
  return Object.entries(tree)
    .map(([path, words]) => `    "${path}") ${assign(words)} ;;`)
    .join('\n');
}

/** A bash completion script (`source <(lab completion bash)`). */
export function bashCompletion(tree: CompletionTree): string {
  return `# bash completion for lab (Backend Lab): source <(lab completion bash)
_lab_complete() {
  local cur cmdpath="" i word words=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
${commandPathStep(tree)}
  done
  case "$cmdpath" in
${wordsCases(tree, (words) => `words="${words.join(' ')}"`)}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _lab_complete lab
`;
}

/** A zsh completion script (`source <(lab completion zsh)`, or saved as `_lab` on the fpath). */
export function zshCompletion(tree: CompletionTree): string {
  return `#compdef lab
# zsh completion for lab (Backend Lab): source <(lab completion zsh)
_lab() {
  local cmdpath="" word
  for word in \${words[2,CURRENT-1]}; do
${commandPathStep(tree)}
  done
  local -a candidates
  case "$cmdpath" in
${wordsCases(tree, (words) => `candidates=(${words.join(' ')})`)}
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

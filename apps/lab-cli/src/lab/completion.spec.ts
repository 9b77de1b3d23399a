import { Command } from 'commander';
import { bashCompletion, completionTree } from './completion.command';

describe('completionTree', () => {
  const program = new Command('lab').option('--json');
  program.command('ls');
  const workshop = program.command('workshop');
  workshop.command('board').option('--once');

  it('lists the subcommands and long options of every command path', () => {
    expect(completionTree(program)).toEqual({
      '': ['--json', 'ls', 'workshop'],
      ls: ['--help', '--json'],
      workshop: ['--help', '--json', 'board'],
      'workshop board': ['--help', '--json', '--once'],
    });
  });

  it('puts every path into the bash script', () => {
    expect(bashCompletion(completionTree(program))).toContain('"workshop board") words="--help --json --once" ;;');
  });
});

import { expectData } from '@lab/api-client';
import { Command, Option } from 'commander';
import { connectToService } from './connect';
import { action } from './context';
import { ExitCode } from './exit-codes';
import { renderTable } from './table';

/** The lab console of a sandbox: query, guide, check, connect. */
export function registerConsoleCommands(program: Command): void {
  program
    .command('query')
    .description('run one statement on a service of a sandbox, as your own database role')
    .argument('<id>', 'sandbox id')
    .argument('<service>', 'service name, e.g. postgres')
    .argument('<statement>', 'one statement (quote it)')
    .addOption(
      new Option('--explain [mode]', "the engine's plan instead of rows (analyze: runs it)")
        .choices(['plan', 'analyze'])
        .preset('plan'),
    )
    .action(
      action<{ explain?: 'plan' | 'analyze' }, [string, string, string]>(
        async (ctx, options, id, service, statement) => {
          const result = await expectData(
            ctx.api().POST('/api/sandboxes/{id}/query', {
              params: { path: { id } },
              body: { service, statement, ...(options.explain ? { explain: options.explain } : {}) },
            }),
          );
          if (ctx.json) return ctx.printJson(result);
          for (const notice of result.notices ?? []) ctx.stderr.write(`notice: ${notice}\n`);
          if (result.plan !== undefined) ctx.print(JSON.stringify(result.plan, null, 2));
          else if (result.columns.length > 0) ctx.print(renderTable(result.columns, result.rows));
          const rows = `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}`;
          ctx.note(`(${rows}${result.truncated ? ', truncated' : ''}, ${result.durationMs} ms)`);
        },
      ),
    );

  program
    .command('guide')
    .description("the lab guide of a sandbox's example, with your progress")
    .argument('<id>', 'sandbox id')
    .action(
      action(async (ctx, _options, id: string) => {
        const lab = await expectData(ctx.api().GET('/api/sandboxes/{id}/lab', { params: { path: { id } } }));
        if (ctx.json) return ctx.printJson(lab);
        ctx.print(`${lab.example}: ${lab.passed}/${lab.total} steps passed\n`);
        for (const step of lab.steps) {
          const mark = step.passed ? '[x]' : step.hasCheck ? '[ ]' : '[-]';
          ctx.print(`${mark} ${step.id} — ${step.title}`);
          ctx.print(`${indent(step.instructions.trim())}\n`);
          if (step.solution) ctx.print(`${indent(`solution: ${JSON.stringify(step.solution, null, 2)}`)}\n`);
        }
      }),
    );

  program
    .command('check')
    .description('check one step of the lab now (exit 0 when it passes, 1 when not)')
    .argument('<id>', 'sandbox id')
    .argument('<step>', 'step id (see `lab guide`)')
    .action(
      action(async (ctx, _options, id: string, step: string) => {
        const result = await expectData(
          ctx.api().POST('/api/sandboxes/{id}/lab/steps/{step}/check', { params: { path: { id, step } } }),
        );
        if (ctx.json) ctx.printJson(result);
        else ctx.print(`${result.passed ? 'passed' : 'not passed'}: ${result.step} — ${result.detail}`);
        return result.passed ? ExitCode.ok : ExitCode.error;
      }),
    );

  program
    .command('connect')
    .description("open the database's own client (psql, redis-cli, mariadb, mongosh) on a service")
    .argument('<id>', 'sandbox id')
    .argument('[service]', 'service name (default: the first database service)')
    .argument('[clientArgs...]', 'passed to the client after `--`, e.g. -- -c "SELECT 1"')
    .action(
      action(async (ctx, _options, id: string, service: string | undefined, clientArgs: string[]) => {
        const sandbox = await expectData(ctx.api().GET('/api/sandboxes/{id}', { params: { path: { id } } }));
        return connectToService(sandbox, service, clientArgs);
      }),
    );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

import { expectData, LabSchemas } from '@lab/api-client';
import { Command, InvalidArgumentError, Option } from 'commander';
import { action, LabContext } from './context';
import { CliError, ExitCode } from './exit-codes';
import { progressFor } from './progress';
import { readServerSentEvents } from './sse';
import { renderTable } from './table';

type Comparison = LabSchemas['ComparisonDto'];

/** `lab compare run|show`: one workload on a sandbox's engines, its progress and its numbers. */
export function registerCompareCommands(program: Command): void {
  const compare = program.command('compare').description('compare databases side by side on one of your sandboxes');

  compare
    .command('run')
    .description('run a workload (e.g. ycsb-b) on the engines of a sandbox, follow it, print the results')
    .argument('<sandbox>', 'sandbox id (of the compare example)')
    .argument('<workload>', "workload name of the sandbox's example, e.g. ycsb-a, ycsb-b, ycsb-c, ycsb-f, bookstore")
    .option('--engines <list>', 'comma-separated, in the order they run (default: all the sandbox has)', list)
    .option('--rate <n>', 'operations per second', positiveInt)
    .option('--duration <seconds>', 'measured seconds per repetition', positiveInt)
    .option('--no-wait', 'start it and print its id without following it')
    .action(
      action<{ engines?: string[]; rate?: number; duration?: number; wait: boolean }, [string, string]>(
        async (ctx, options, sandbox, workload) => {
          const started = await expectData(
            ctx.api().POST('/api/comparisons', {
              body: {
                sandbox,
                workload,
                ...(options.engines ? { engines: options.engines as Comparison['engines'] } : {}),
                ...(options.rate ? { rate: options.rate } : {}),
                ...(options.duration ? { durationSeconds: options.duration } : {}),
              } as LabSchemas['CreateComparisonDto'],
            }),
          );
          if (!options.wait) {
            if (ctx.json) return ctx.printJson(started);
            ctx.print(started.id);
            return ExitCode.ok;
          }
          await follow(ctx, started.id);
          const done = await expectData(
            ctx.api().GET('/api/comparisons/{id}', { params: { path: { id: started.id } } }),
          );
          printComparison(ctx, done);
          return done.state === 'succeeded' ? ExitCode.ok : ExitCode.error;
        },
      ),
    );

  compare
    .command('show')
    .description('a comparison: state and results, or one of its reports')
    .argument('<id>', 'comparison id')
    .addOption(new Option('--report <format>', 'print the stored report instead').choices(['md', 'csv', 'json']))
    .action(
      action<{ report?: 'md' | 'csv' | 'json' }, [string]>(async (ctx, options, id) => {
        if (options.report) {
          const path = `/api/comparisons/{id}/report.${options.report}` as const;
          const { data, error, response } = await ctx.api().GET(path, { params: { path: { id } }, parseAs: 'text' });
          ctx.print(String(await expectData({ data, error, response })));
          return ExitCode.ok;
        }
        const comparison = await expectData(ctx.api().GET('/api/comparisons/{id}', { params: { path: { id } } }));
        printComparison(ctx, comparison);
        return comparison.state === 'failed' ? ExitCode.error : ExitCode.ok;
      }),
    );
}

/** Progress lines (or a spinner) on stderr until the final `state` event. */
async function follow(ctx: LabContext, id: string): Promise<void> {
  const progress = progressFor(ctx.json ? 'quiet' : ctx.interactive ? 'spinner' : 'lines');
  const { data, error, response } = await ctx.api({ stream: true }).GET('/api/comparisons/{id}/events', {
    params: { path: { id } },
    parseAs: 'stream',
  });
  if (!response.ok || !data) {
    progress.done();
    await expectData({ data, error, response });
    throw new CliError(`no event stream for ${id}`);
  }
  try {
    for await (const message of readServerSentEvents(data)) {
      const event = JSON.parse(message.data) as {
        phase?: string;
        engine?: string;
        repetition?: number;
        completed?: number;
        state?: string;
      };
      if (message.event === 'state') {
        progress.done(`comparison ${id} ${event.state}`);
        return;
      }
      progress.update(
        [
          event.phase,
          event.engine,
          event.repetition ? `#${event.repetition}` : '',
          event.completed ? `${event.completed} done` : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
    }
  } finally {
    progress.done();
  }
}

function printComparison(ctx: LabContext, comparison: Comparison): void {
  if (ctx.json) return ctx.printJson(comparison);
  ctx.print(
    `${comparison.id}: ${comparison.workload} on ${comparison.engines.join(', ')} at ${comparison.rate} op/s, ` +
      `${comparison.durationSeconds} s × ${comparison.repetitions}: ${comparison.state}`,
  );
  if (comparison.error) ctx.print(comparison.error);
  if (!comparison.results) return;
  const rows = comparison.results.flatMap((engine) =>
    engine.operations.map((op) => [
      engine.engine,
      op.operation,
      op.throughput,
      op.latency.p50,
      op.latency.p90,
      op.latency.p99,
      op.latency.p999,
      op.latency.max,
      op.errors,
    ]),
  );
  ctx.print(
    renderTable(['engine', 'operation', 'op/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'errors'], rows),
  );
  if (comparison.unreliable) ctx.note('unreliable: the client CPU or the schedule lag limits what these numbers say');
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

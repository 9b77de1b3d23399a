import { expectData, LabSchemas } from '@lab/api-client';
import { Command, InvalidArgumentError } from 'commander';
import { action, LabContext } from './context';
import { CliError } from './exit-codes';
import { progressFor } from './progress';
import { readServerSentEvents } from './sse';
import { renderTable } from './table';

type Sandbox = LabSchemas['SandboxDto'];
/** The states a sandbox does not leave by itself. */
const SETTLED: Sandbox['state'][] = ['ready', 'failed', 'deleted'];

/** Sandboxes of the logged-in user: examples, launch, ls, show, rm, extend, reset, logs. */
export function registerSandboxCommands(program: Command): void {
  program
    .command('examples')
    .description('list the examples you can launch')
    .action(
      action(async (ctx) => {
        const examples = await expectData(ctx.api().GET('/api/examples'));
        if (ctx.json) return ctx.printJson(examples);
        ctx.print(
          renderTable(
            ['NAME', 'TITLE', 'SERVICES', 'APP'],
            examples.map((e) => [e.name, e.title, e.services.map((s) => s.name).join(','), e.hasApp ? 'yes' : 'no']),
          ),
        );
      }),
    );

  program
    .command('launch')
    .description('launch a sandbox of an example')
    .argument('<example>', 'an example name (see `lab examples`)')
    .option('--wait', 'follow provisioning until the sandbox is ready or failed')
    .option('--ttl <minutes>', 'minutes until it is removed (server default otherwise)', positiveInt)
    .action(
      action<{ wait?: boolean; ttl?: number }>(async (ctx, options, example: string) => {
        const created = await expectData(
          ctx.api().POST('/api/sandboxes', {
            body: { example, ...(options.ttl === undefined ? {} : { ttlMinutes: options.ttl }) },
          }),
        );
        if (!options.wait) {
          if (ctx.json) return ctx.printJson(created);
          return ctx.print(
            `${created.id}  ${created.state}  (follow it: lab launch --wait, or lab show ${created.id})`,
          );
        }
        ctx.note(`Launching ${example} as ${created.id}`);
        const settled = await followUntilSettled(ctx, created.id);
        const sandbox = await expectData(
          ctx.api().GET('/api/sandboxes/{id}', { params: { path: { id: created.id } } }),
        );
        if (ctx.json) ctx.printJson(sandbox);
        else printSandbox(ctx, sandbox);
        if (settled !== 'ready') {
          throw new CliError(`sandbox ${created.id} ended ${settled}${sandbox.reason ? `: ${sandbox.reason}` : ''}`);
        }
      }),
    );

  program
    .command('ls')
    .description('list your sandboxes')
    .action(
      action(async (ctx) => {
        const sandboxes = await expectData(ctx.api().GET('/api/sandboxes'));
        if (ctx.json) return ctx.printJson(sandboxes);
        ctx.print(
          renderTable(
            ['ID', 'EXAMPLE', 'STATE', 'EXPIRES'],
            sandboxes.map((s) => [s.id, s.example, s.state, s.expiresAt]),
          ),
        );
      }),
    );

  program
    .command('show')
    .description('show a sandbox: its state and how to reach its services')
    .argument('<id>', 'sandbox id')
    .action(
      action(async (ctx, _options, id: string) => {
        const sandbox = await expectData(ctx.api().GET('/api/sandboxes/{id}', { params: { path: { id } } }));
        if (ctx.json) return ctx.printJson(sandbox);
        printSandbox(ctx, sandbox);
      }),
    );

  program
    .command('rm')
    .description('remove a sandbox')
    .argument('<id>', 'sandbox id')
    .action(
      action(async (ctx, _options, id: string) => {
        const sandbox = await expectData(ctx.api().DELETE('/api/sandboxes/{id}', { params: { path: { id } } }));
        if (ctx.json) return ctx.printJson(sandbox);
        ctx.print(`${sandbox.id}  ${sandbox.state}`);
      }),
    );

  program
    .command('extend')
    .description('give a sandbox more time')
    .argument('<id>', 'sandbox id')
    .argument('<minutes>', 'minutes to add', positiveInt)
    .action(
      action<Record<string, never>, [string, number]>(async (ctx, _options, id, minutes) => {
        const sandbox = await expectData(
          ctx.api().POST('/api/sandboxes/{id}/extend', { params: { path: { id } }, body: { minutes } }),
        );
        if (ctx.json) return ctx.printJson(sandbox);
        ctx.print(`${sandbox.id} now expires at ${sandbox.expiresAt}`);
      }),
    );

  program
    .command('reset')
    .description("put a sandbox's data back to the seed")
    .argument('<id>', 'sandbox id')
    .action(
      action(async (ctx, _options, id: string) => {
        const reset = await expectData(ctx.api().POST('/api/sandboxes/{id}/reset', { params: { path: { id } } }));
        if (ctx.json) return ctx.printJson(reset);
        ctx.print(`reset ${reset.id} of ${reset.sandboxId}: ${reset.state}${reset.detail ? ` (${reset.detail})` : ''}`);
      }),
    );

  program
    .command('logs')
    .description("print a service's log (default: the first service)")
    .argument('<id>', 'sandbox id')
    .argument('[service]', 'service name')
    .option('-f, --follow', 'keep printing new lines')
    .option('--tail <lines>', 'lines from the end', positiveInt)
    .action(
      action<{ follow?: boolean; tail?: number }>(async (ctx, options, id: string, service?: string) => {
        const { data, error, response } = await ctx.api({ stream: true }).GET('/api/sandboxes/{id}/logs', {
          params: {
            path: { id },
            query: {
              ...(service === undefined ? {} : { service }),
              ...(options.follow ? { follow: true } : {}),
              ...(options.tail === undefined ? {} : { tail: options.tail }),
            },
          },
          parseAs: 'stream',
        });
        if (!response.ok || !data) return void (await expectData({ data, error, response }));
        for await (const line of readServerSentEvents(data)) {
          if (ctx.json) ctx.stdout.write(`${JSON.stringify({ stream: line.event, text: line.data })}\n`);
          else (line.event === 'stderr' ? ctx.stderr : ctx.stdout).write(`${line.data}\n`);
        }
      }),
    );
}

/** Follows `/events` until the sandbox settles; progress lines (or a spinner) on stderr. */
async function followUntilSettled(ctx: LabContext, id: string): Promise<Sandbox['state']> {
  const progress = progressFor(ctx.json ? 'quiet' : ctx.interactive ? 'spinner' : 'lines');
  const { data, error, response } = await ctx.api({ stream: true }).GET('/api/sandboxes/{id}/events', {
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
      const event = JSON.parse(message.data) as
        | { type: 'state'; state: Sandbox['state']; reason: string | null }
        | { type: 'progress'; step: string; service?: string; message: string };
      if (event.type === 'progress') {
        progress.update(`${event.step}${event.service ? ` ${event.service}` : ''}: ${event.message}`);
      } else {
        progress.update(`state: ${event.state}${event.reason ? ` (${event.reason})` : ''}`);
        if (SETTLED.includes(event.state)) {
          progress.done(`${id} is ${event.state}`);
          return event.state;
        }
      }
    }
  } catch (failure) {
    progress.done();
    throw failure;
  }
  progress.done();
  // The stream ended early (e.g. the API restarted): the current state decides.
  return (await expectData(ctx.api().GET('/api/sandboxes/{id}', { params: { path: { id } } }))).state;
}

function printSandbox(ctx: LabContext, sandbox: Sandbox): void {
  ctx.print(
    [
      `id:       ${sandbox.id}`,
      `example:  ${sandbox.example}`,
      `state:    ${sandbox.state}${sandbox.reason ? ` (${sandbox.reason})` : ''}`,
      `expires:  ${sandbox.expiresAt}`,
      ...(sandbox.app ? [`app:      ${sandbox.app.url}`] : []),
    ].join('\n'),
  );
  if (sandbox.services.length === 0) return;
  // Passwords stay out of the human view (a shared screen); `--json` and `lab connect` have them.
  ctx.print(
    '\n' +
      renderTable(
        ['SERVICE', 'ENGINE', 'ADDRESS', 'USER', 'DATABASE'],
        sandbox.services.map((s) => [s.name, s.engine, `${s.host}:${s.port}`, s.username ?? '', s.database ?? '']),
      ),
  );
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a positive integer');
  return n;
}

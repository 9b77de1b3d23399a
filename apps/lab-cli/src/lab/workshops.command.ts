import { expectData, LabSchemas } from '@lab/api-client';
import { Command } from 'commander';
import { action } from './context';
import { CliError, ExitCode } from './exit-codes';
import { positiveInt } from './sandboxes.command';
import { renderTable } from './table';

type Workshop = LabSchemas['WorkshopDto'];

/** `lab workshop …` for leaders: create, ls, board, reset, release, end. */
export function registerWorkshopCommands(program: Command): void {
  const workshop = program.command('workshop').description('run a workshop (leaders)');

  workshop
    .command('create')
    .description('create a workshop: one sandbox per seat, provisioned ahead')
    .argument('<example>', 'example name')
    .requiredOption('--seats <n>', 'number of seats', positiveInt)
    .option('--minutes <n>', 'minutes until it ends', positiveInt, 120)
    .option('--solutions', 'let students see the lab solutions')
    .action(
      action<{ seats: number; minutes: number; solutions?: boolean }>(async (ctx, options, example: string) => {
        const created = await expectData(
          ctx.api().POST('/api/workshops', {
            body: {
              example,
              seats: options.seats,
              endsAt: new Date(Date.now() + options.minutes * 60_000).toISOString(),
              solutionsVisible: Boolean(options.solutions),
            },
          }),
        );
        if (ctx.json) return ctx.printJson(created);
        ctx.print(
          [
            `id:         ${created.id}`,
            `join code:  ${created.joinCode}`,
            `seats:      ${created.capacity}`,
            `ends:       ${created.endsAt}`,
            `solutions:  ${created.solutionsVisible ? 'visible' : 'hidden'}`,
          ].join('\n'),
        );
      }),
    );

  workshop
    .command('ls')
    .description('the workshops you lead')
    .action(
      action(async (ctx) => {
        const workshops = await expectData(ctx.api().GET('/api/workshops'));
        if (ctx.json) return ctx.printJson(workshops);
        ctx.print(
          renderTable(
            ['ID', 'EXAMPLE', 'SEATS', 'TAKEN', 'ENDS', 'ENDED'],
            workshops.map((w) => [
              w.id,
              w.example,
              w.capacity,
              w.seats.filter((s) => s.student).length,
              w.endsAt,
              w.endedAt ?? '',
            ]),
          ),
        );
      }),
    );

  workshop
    .command('board')
    .description('live table of the seats: student, state, lab progress (Ctrl-C to leave)')
    .argument('<id>', 'workshop id')
    .option('--once', 'print the board once and exit (scripts, tests)')
    .option('--interval <seconds>', 'seconds between refreshes', positiveInt, 3)
    .action(
      action<{ once?: boolean; interval: number }>(async (ctx, options, id: string) => {
        const load = () => expectData(ctx.api().GET('/api/workshops/{id}', { params: { path: { id } } }));
        if (options.once || ctx.json) {
          const current = await load();
          if (ctx.json) return ctx.printJson(current);
          return ctx.print(renderBoard(current));
        }
        // Redrawn in place on a terminal; appended (one board per refresh) when piped.
        for (;;) {
          const board = renderBoard(await load(), new Date());
          if (ctx.stdout.isTTY) ctx.stdout.write('\x1b[H\x1b[2J');
          ctx.print(board);
          await new Promise((resolve) => setTimeout(resolve, options.interval * 1000));
        }
      }),
    );

  workshop
    .command('reset')
    .description("reset the seats' data to the seed (all seats, or those given)")
    .argument('<id>', 'workshop id')
    .argument('[seats...]', 'seat numbers')
    .action(
      action<Record<string, never>, [string, string[]]>(async (ctx, _options, id, seats) => {
        const numbers = seats.map((seat) => seatNumber(seat));
        const reset = await expectData(
          ctx.api().POST('/api/workshops/{id}/reset', {
            params: { path: { id } },
            body: numbers.length === 0 ? {} : { seats: numbers },
          }),
        );
        if (ctx.json) return ctx.printJson(reset);
        ctx.print(`reset batch ${reset.batchId}: ${reset.seats.length} seat(s)`);
      }),
    );

  workshop
    .command('release')
    .description('free a seat (its student leaves; the sandbox is reset for the next)')
    .argument('<id>', 'workshop id')
    .argument('<seat>', 'seat number')
    .action(
      action(async (ctx, _options, id: string, seat: string) => {
        const released = await expectData(
          ctx.api().POST('/api/workshops/{id}/seats/{seat}/release', {
            params: { path: { id, seat: seatNumber(seat) } },
          }),
        );
        if (ctx.json) return ctx.printJson(released);
        ctx.print(`seat ${released.seat}: ${released.student ?? 'free'} (${released.state})`);
      }),
    );

  workshop
    .command('end')
    .description('end a workshop now: seat tokens revoked, sandboxes removed')
    .argument('<id>', 'workshop id')
    .action(
      action(async (ctx, _options, id: string) => {
        const ended = await expectData(ctx.api().DELETE('/api/workshops/{id}', { params: { path: { id } } }));
        if (ctx.json) return ctx.printJson(ended);
        ctx.print(`workshop ${ended.id} ended at ${ended.endedAt ?? 'now'}`);
      }),
    );
}

/** The board: one row per seat with its student, state and lab progress. */
export function renderBoard(workshop: Workshop, at?: Date): string {
  const taken = workshop.seats.filter((seat) => seat.student).length;
  const header = `${workshop.example} — ${taken}/${workshop.capacity} seats taken, ends ${workshop.endsAt}${
    at ? ` (as of ${at.toISOString().slice(11, 19)})` : ''
  }`;
  const rows = workshop.seats.map((seat) => [
    seat.seat,
    seat.student ?? '-',
    seat.state,
    seat.progress ? `${seat.progress.passed}/${seat.progress.total}` : '-',
    seat.progress ? seat.progress.steps.map((step) => (step.passed ? '■' : '□')).join('') : '',
    seat.lastActivityAt ?? '',
  ]);
  return `${header}\n\n${renderTable(['SEAT', 'STUDENT', 'STATE', 'LAB', 'STEPS', 'LAST ACTIVITY'], rows)}`;
}

function seatNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new CliError(`"${value}" is not a seat number`, ExitCode.usage);
  return n;
}

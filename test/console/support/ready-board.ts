import type { LabSchemas } from '@lab/api-client';
import { waitFor } from '../../support/wait-for';

type WorkshopView = LabSchemas['WorkshopDto'];

/**
 * Polls the leader's board until every seat of the workshop is ready and answers that board. A
 * failed seat stops the wait at once (it would never become ready) with the seats in the error.
 */
export async function readyBoard(board: () => Promise<WorkshopView>, timeoutMs = 300_000): Promise<WorkshopView> {
  let workshop: WorkshopView | undefined;
  await waitFor(
    () => workshop!.seats.every((s) => s.state === 'ready'),
    timeoutMs,
    async () => {
      workshop = await board();
      if (workshop.seats.some((s) => s.state === 'failed')) throw new Error(JSON.stringify(workshop.seats));
    },
  );
  return workshop!;
}

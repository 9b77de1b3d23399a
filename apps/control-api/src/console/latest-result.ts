import type { SeatLabProgress } from '../workshops/workshop-lab';
import type { LabStepDto } from './lab.dto';
import type { LabCheckRecord } from './lab-checks.repository';

/**
 * A step's result as the student sees it: the newer of their own check and the workshop's
 * evaluation of the seat. A student's check is also written into the seat's progress (so the board
 * shows it) with the check's time, so the seat's time only counts as an evaluation of every step
 * when it is newer than the student's latest check; otherwise its other steps are older results
 * of unknown time (their `passed` is kept, no `checkedAt` is made up).
 */
export function latestResult(
  stepId: string,
  own: LabCheckRecord | undefined,
  seat: SeatLabProgress | undefined,
  latestOwnCheck: Date | undefined,
): Pick<LabStepDto, 'passed' | 'checkedAt' | 'detail'> {
  const evaluated = seat?.steps.find((step) => step.id === stepId);
  const seatIsEvaluation = seat !== undefined && (!latestOwnCheck || seat.evaluatedAt > latestOwnCheck);
  if (evaluated && seatIsEvaluation) return { passed: evaluated.passed, checkedAt: seat.evaluatedAt.toISOString() };
  if (own) return { passed: own.passed, checkedAt: own.checkedAt.toISOString(), detail: own.detail };
  return { passed: evaluated?.passed ?? false };
}

/** When the student last checked any step of the sandbox. */
export function latestCheckOf(checks: LabCheckRecord[]): Date | undefined {
  return checks.reduce<Date | undefined>(
    (latest, check) => (!latest || check.checkedAt > latest ? check.checkedAt : latest),
    undefined,
  );
}

import { driverForUrl, QueryTimedOut, ResultTooLarge, type LabStatement, type LabStatementKind } from '@lab/engines';
import { connectionFor, LabTarget } from './lab-target';
import { LabCheckLimits, LabCheckTimeout, LabResultTooLarge } from './limits';

/**
 * A lab step's statement on the engine of `service` (known by its connection URL), through the
 * engine's capped queries: a check reads (read-only where the engine can), a solution writes.
 * A limit reached is LabResultTooLarge / LabCheckTimeout, as for every other kind of check.
 */
export async function runCappedLabQuery(
  target: LabTarget,
  service: string,
  kind: LabStatementKind,
  mode: 'read' | 'write',
  statement: LabStatement,
  limits: LabCheckLimits,
): Promise<unknown> {
  const url = connectionFor(target, service);
  const driver = driverForUrl(url);
  if (driver.lab?.kind !== kind)
    throw new Error(`"${service}" is a ${driver.name} connection, not one for ${kind} steps`);
  try {
    return await driver.lab.queries[mode](url, statement, limits);
  } catch (error) {
    if (error instanceof ResultTooLarge) throw new LabResultTooLarge(error.what);
    if (error instanceof QueryTimedOut) throw new LabCheckTimeout(limits.timeoutMs);
    throw error;
  }
}

import type { HttpRequest } from '../lab-steps.schema';
import { containsJson } from './json-subset';
import { appUrlOf, LabCheckResult, LabTarget } from './lab-target';
import {
  DEFAULT_LAB_CHECK_LIMITS,
  describeBytes,
  LabCheckLimits,
  LabCheckTimeout,
  LabResultTooLarge,
  readCapped,
} from './limits';

/**
 * One request to the student's app. The body is read up to `maxBytes` and no further (a declared
 * larger `content-length` fails before reading); the deadline covers the whole exchange.
 */
export async function sendLabRequest(
  target: LabTarget,
  request: HttpRequest,
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<{ status: number; body: unknown }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let text: string;
  let status: number;
  try {
    const response = await fetch(`${appUrlOf(target)}${request.path}`, {
      method: request.method,
      headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    status = response.status;
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      throw new LabResultTooLarge(`a body of ${describeBytes(declared)}, more than ${describeBytes(limits.maxBytes)}`);
    }
    text = (await readCapped(response.body, limits.maxBytes)).toString('utf8');
  } catch (error) {
    if (signal.aborted) throw new LabCheckTimeout(limits.timeoutMs);
    throw error;
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status, body };
}

export async function checkHttp(
  target: LabTarget,
  check: HttpRequest & { expect: { status?: number; json?: unknown } },
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<LabCheckResult> {
  const { status, body } = await sendLabRequest(target, check, limits);
  const where = `${check.method} ${check.path}`;
  const statusOk = check.expect.status === undefined ? status >= 200 && status < 300 : status === check.expect.status;
  if (!statusOk)
    return { passed: false, detail: `${where} answered ${status}, expected ${check.expect.status ?? '2xx'}` };
  if (check.expect.json !== undefined && !containsJson(body, check.expect.json)) {
    return { passed: false, detail: `${where} answered ${status} but not with the expected content` };
  }
  return { passed: true, detail: `${where} answered ${status} as expected` };
}

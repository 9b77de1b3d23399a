import type { HttpRequest } from '../lab-steps.schema';
import { containsJson } from './json-subset';
import { appUrlOf, LabCheckResult, LabTarget } from './lab-target';

const TIMEOUT_MS = 10_000;

export async function sendLabRequest(
  target: LabTarget,
  request: HttpRequest,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${appUrlOf(target)}${request.path}`, {
    method: request.method,
    headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}

export async function checkHttp(
  target: LabTarget,
  check: HttpRequest & { expect: { status?: number; json?: unknown } },
): Promise<LabCheckResult> {
  const { status, body } = await sendLabRequest(target, check);
  const where = `${check.method} ${check.path}`;
  const statusOk = check.expect.status === undefined ? status >= 200 && status < 300 : status === check.expect.status;
  if (!statusOk)
    return { passed: false, detail: `${where} answered ${status}, expected ${check.expect.status ?? '2xx'}` };
  if (check.expect.json !== undefined && !containsJson(body, check.expect.json)) {
    return { passed: false, detail: `${where} answered ${status} but not with the expected content` };
  }
  return { passed: true, detail: `${where} answered ${status} as expected` };
}

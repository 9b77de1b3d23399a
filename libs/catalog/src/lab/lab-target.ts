/** Where a lab's checks and actions go: the app's base URL and each service's connection URL. */
export interface LabTarget {
  /** e.g. `http://127.0.0.1:49160` (no trailing slash); required by http checks. */
  appUrl?: string;
  /** Service name → connection URL with the student's credentials (`postgresql://…`, `redis://…`). */
  connections: Record<string, string>;
}

export interface LabCheckResult {
  passed: boolean;
  /** What was seen, for the student: why it passed or not (no secrets). */
  detail: string;
}

export function connectionFor(target: LabTarget, service: string): string {
  const url = target.connections[service];
  if (!url) throw new Error(`the lab needs service "${service}", which has no connection here`);
  return url;
}

export function appUrlOf(target: LabTarget): string {
  if (!target.appUrl) throw new Error('the lab needs the example app, which is not running here');
  return target.appUrl;
}

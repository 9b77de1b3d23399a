/**
 * A failure as a user may read it: the error's message without any of the sandbox's secrets
 * (an engine or driver message could echo one back) and short enough for a status line.
 */
export function failureReason(error: unknown, secrets: Record<string, string>, limit = 300): string {
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of Object.values(secrets)) {
    if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  text = text.replace(/\s+/g, ' ').trim() || 'unknown error';
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Ready means: GET answers with the expected status. */
export async function probeHttp(host: string, port: number, path: string, expectStatus: number, timeoutMs: number) {
  const response = await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  if (response.status !== expectStatus) {
    throw new Error(`http: GET ${path} answered ${response.status}, expected ${expectStatus}`);
  }
}

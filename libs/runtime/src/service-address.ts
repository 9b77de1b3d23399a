import type { ServiceAddress } from './sandbox-runtime.port';

/**
 * `http://host:port/path` for an address `SandboxRuntime.endpoint` gave: the one place a URL is
 * made from an address (an IPv6 host needs brackets, which hand-built template strings forget).
 */
export function serviceUrl(address: ServiceAddress, path = '', scheme = 'http'): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${scheme}://${host}:${address.port}${path}`;
}

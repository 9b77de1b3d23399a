import { compile } from '@fastify/proxy-addr';
import type { TrustProxy as LabTrustProxy } from '@lab/config';
import type { IncomingMessage } from 'node:http';
import type { BrowserSide } from './app-proxy.service';

/** The compiled LAB_TRUST_PROXY setting: is the hop at `index` one we believe? */
export type TrustProxy = (address: string, index: number) => boolean;

/**
 * LAB_TRUST_PROXY as the function Fastify makes of its `trustProxy` for the requests it handles
 * (false: no one; a number: that many hops; addresses or subnets, comma separated).
 */
export function trustProxyFn(setting: LabTrustProxy): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, index) => index < setting;
  return compile(setting.split(',').map((part) => part.trim()));
}

/**
 * `req.ip`, `req.protocol` and `req.host` as Express works them out, for an upgrade request that
 * Express never sees: the client is the first address, walking `X-Forwarded-For` back from the
 * socket's peer, that is not a trusted proxy; scheme and host come from `X-Forwarded-Proto`/`-Host`
 * only when the peer itself is trusted.
 */
export function upgradeBrowserSide(request: IncomingMessage, trust: TrustProxy): BrowserSide {
  const peer = request.socket.remoteAddress ?? '';
  const forwardedFor = firstHeader(request.headers['x-forwarded-for']);
  const hops = [
    peer,
    ...(forwardedFor ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean)
      .reverse(),
  ];
  let index = 0;
  while (index < hops.length - 1 && trust(hops[index]!, index)) index += 1;
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  const trusted = trust(peer, 0);
  const firstOf = (value: string | undefined) => value?.split(',')[0]!.trim() || undefined;
  return {
    clientIp: hops[index] || undefined,
    proto: (trusted && firstOf(firstHeader(request.headers['x-forwarded-proto']))) || (encrypted ? 'https' : 'http'),
    host: (trusted && firstOf(firstHeader(request.headers['x-forwarded-host']))) || request.headers.host,
  };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

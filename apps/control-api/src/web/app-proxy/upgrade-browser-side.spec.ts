import type { IncomingMessage } from 'node:http';
import { upgradeBrowserSide } from './upgrade-browser-side';

const upgrade = (peer: string, headers: Record<string, string>) =>
  ({ socket: { remoteAddress: peer }, headers: { host: 'api:3000', ...headers } }) as unknown as IncomingMessage;
const forwarded = {
  'x-forwarded-for': '6.6.6.6, 10.0.0.7',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'lab.lan',
};

describe('upgradeBrowserSide', () => {
  it('believes nothing forwarded when no proxy is trusted (LAB_TRUST_PROXY unset)', () => {
    expect(upgradeBrowserSide(upgrade('127.0.0.1', forwarded), () => false)).toEqual({
      clientIp: '127.0.0.1',
      proto: 'http',
      host: 'api:3000',
    });
  });

  it('takes the client and scheme from a trusted proxy on loopback, stopping at the first untrusted hop', () => {
    const loopback = (address: string) => address === '127.0.0.1';
    expect(upgradeBrowserSide(upgrade('127.0.0.1', forwarded), loopback)).toEqual({
      clientIp: '10.0.0.7',
      proto: 'https',
      host: 'lab.lan',
    });
  });

  it('walks as many hops as a hop count trusts', () => {
    const twoHops = (_address: string, index: number) => index < 2;
    expect(upgradeBrowserSide(upgrade('127.0.0.1', forwarded), twoHops).clientIp).toBe('6.6.6.6');
  });
});

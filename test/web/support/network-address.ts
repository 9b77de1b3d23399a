import { networkInterfaces } from 'node:os';

// Bridges of the Docker engine and of sandbox networks: addresses of this machine that no other
// machine would use to reach it.
const ENGINE_BRIDGES = /^(docker\d*|br-|lab-|veth)/;

/** This machine's IPv4 address on its network (e.g. eth0's), or undefined when it has none. */
export function lanAddress(): string | undefined {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (ENGINE_BRIDGES.test(name)) continue;
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  return undefined;
}

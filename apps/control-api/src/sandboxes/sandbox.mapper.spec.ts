import { ingressLocator, readyShopSandbox, shopExample } from './testing/ready-sandbox';
import { compileSandbox } from '@lab/catalog';
import { connectionsOf, toSandboxDto } from './sandbox.mapper';

describe('toSandboxDto', () => {
  it('takes every address from the runtime, never from the recorded host and port', () => {
    const record = readyShopSandbox();
    const dto = toSandboxDto(record, shopExample, ingressLocator);
    expect(dto.services).toEqual([
      expect.objectContaining({
        name: 'postgres',
        host: `postgres.${record.id}.lab.internal`,
        port: 35432,
        url: `postgresql://lab:${record.secrets.pg}@postgres.${record.id}.lab.internal:35432/shop`,
      }),
    ]);
    expect(dto.app).toEqual({ url: `http://app.${record.id}.lab.internal:33000/docs` });
  });

  it('leaves out services the runtime cannot locate', () => {
    const record = { ...readyShopSandbox(), endpoints: [] };
    const dto = toSandboxDto(record, shopExample, ingressLocator);
    expect(dto.services).toEqual([]);
    expect(dto).not.toHaveProperty('app');
  });

  it('gives each sandbox the connections of its own secrets, as compileSandbox makes them, remembered per secret set', () => {
    const first = readyShopSandbox();
    const second = readyShopSandbox();
    expect(second.secrets.pg).not.toBe(first.secrets.pg);
    expect(connectionsOf(shopExample, first)).toEqual(
      compileSandbox(shopExample, first.ownerId, first.secrets).connections,
    );
    expect(connectionsOf(shopExample, second)[0]?.password).toBe(second.secrets.pg);
    expect(toSandboxDto(first, shopExample, ingressLocator).services[0]?.password).toBe(first.secrets.pg);
    // A record read again from the database: equal secrets in a new object.
    expect(connectionsOf(shopExample, { ...first, secrets: { ...first.secrets } })).toBe(
      connectionsOf(shopExample, first),
    );
  });
});

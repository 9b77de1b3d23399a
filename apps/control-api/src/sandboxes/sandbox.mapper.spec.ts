import { ingressLocator, readyShopSandbox, shopExample } from './testing/ready-sandbox';
import { toSandboxDto } from './sandbox.mapper';

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
});

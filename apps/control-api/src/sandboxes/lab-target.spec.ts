import { ingressLocator, readyShopSandbox, shopExample } from './testing/ready-sandbox';
import { labTarget } from './lab-target';

describe('labTarget', () => {
  it('sends lab checks to the addresses the runtime gives', () => {
    const record = readyShopSandbox();
    expect(labTarget(record, shopExample, ingressLocator)).toEqual({
      connections: { postgres: `postgresql://lab:${record.secrets.pg}@postgres.${record.id}.lab.internal:35432/shop` },
      appUrl: `http://app.${record.id}.lab.internal:33000`,
    });
  });
});

import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { createServer, connect, type Server } from 'node:net';
import { initWhenStoresAnswer } from './lab-app.http';
import { closedPort } from './testing/closed-port';

let storePort = 0;
const attempts = { init: 0 };

/** Like the caching example's setup: the store is reached in an init hook, not in a factory. */
@Injectable()
class StoreSetup implements OnModuleInit {
  async onModuleInit(): Promise<void> {
    attempts.init++;
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: storePort });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', reject);
    });
  }
}

@Module({ providers: [StoreSetup] })
class AppWithStore {}

describe('initWhenStoresAnswer (an example app whose stores start with it)', () => {
  let store: Server | undefined;
  afterEach(() => store?.close());

  it('initialises again once a store that refused in an init hook listens', async () => {
    storePort = await closedPort();
    attempts.init = 0;
    let configured = 0;
    setTimeout(() => {
      store = createServer((socket) => socket.destroy()).listen(storePort, '127.0.0.1');
    }, 300);

    const app = await initWhenStoresAnswer(AppWithStore, () => configured++);
    try {
      expect(attempts.init).toBeGreaterThanOrEqual(2);
      // Every attempt is a fresh app, set up before its init.
      expect(configured).toBe(attempts.init);
    } finally {
      await app.close();
    }
  });

  it('fails at once on an error that is not "not up yet"', async () => {
    @Injectable()
    class BrokenSetup implements OnModuleInit {
      onModuleInit(): void {
        throw Object.assign(new Error('password authentication failed'), { code: '28P01' });
      }
    }
    @Module({ providers: [BrokenSetup] })
    class BrokenApp {}
    await expect(initWhenStoresAnswer(BrokenApp, () => undefined)).rejects.toThrow('password authentication failed');
  });
});

import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { LabConfig } from '@lab/config';
import { AuthenticationRequiredException } from '../../access/access.errors';
import type { Principal } from '../../access/access-token.verifier';
import { CREDENTIAL_VERIFIER, credentialOf, CredentialVerifier } from '../../access/credential';
import { normaliseOrigin, ownOrigins } from '../../access/origin-rule';
import { LAB_CONFIG } from '../../config.provider';
import { atAppRoot, parseAppProxyUrl } from './app-proxy-path';
import { ForeignOriginUpgradeException } from './app-proxy.errors';
import { AppProxyService, BrowserSide } from './app-proxy.service';
import { refuseUpgrade } from './http-forwarder';
import { TrustProxy, trustProxyFn, upgradeBrowserSide } from './upgrade-browser-side';

/**
 * WebSockets to a sandbox's app (`/api/sandboxes/:id/app/…` with `Upgrade`). Nest's routing never
 * sees an upgrade, so this listens on the HTTP server itself, and only for that path: other
 * upgrades (the terminal) are left to their own listeners. Access is what the HTTP route checks:
 * a credential, then the sandbox's visibility, state and app.
 */
@Injectable()
export class AppProxyUpgrades implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly sockets = new Set<Duplex>();
  private trust?: TrustProxy;
  private server?: Server;
  private readonly listener = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    void this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly proxy: AppProxyService,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Absent when no HTTP server is made (e.g. the OpenAPI document built in preview mode).
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('upgrade', this.listener);
  }

  beforeApplicationShutdown(): void {
    this.server?.off('upgrade', this.listener);
    // Open tunnels would keep the server from closing.
    for (const socket of this.sockets) socket.destroy();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const parsed = parseAppProxyUrl(request.url ?? '');
    if (!parsed) return; // another listener's path
    const target = parsed.kind === 'redirect' ? atAppRoot(parsed) : parsed;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const instance = (request.url ?? '/').split('?')[0] ?? '/';
    const browser = this.browserSide(request);
    let located: Awaited<ReturnType<AppProxyService['locate']>>;
    try {
      const principal = await this.authenticate(request, browser);
      located = await this.proxy.locate(principal, target);
    } catch (error) {
      this.proxy.refused('websocket');
      refuseUpgrade(socket, error, instance);
      return;
    }
    // Counted by the service; the browser gets the problem (502, 504) as the handshake's answer.
    await this.proxy
      .tunnel(request, socket, head, located, browser)
      .catch((error: unknown) => refuseUpgrade(socket, error, instance));
  }

  /**
   * The AccessGuard's rule for a request Nest does not route: a bearer token or the session
   * cookie. A handshake is a GET, so the guard's Origin rule would let it through; but a WebSocket
   * is not covered by the same-origin policy, so a browser's handshake must come from this API's
   * own pages — and one the cookie authenticates must say where it comes from.
   */
  private async authenticate(request: IncomingMessage, browser: BrowserSide): Promise<Principal> {
    const credential = credentialOf(request);
    if (credential === undefined) throw new AuthenticationRequiredException('missing');
    const origin = request.headers.origin;
    if (origin !== undefined || credential.scheme === 'session') {
      const own = ownOrigins(browser.proto, browser.host, this.config.publicOrigin);
      const normalised = origin === undefined ? undefined : normaliseOrigin(origin);
      if (normalised === undefined || !own.includes(normalised)) {
        throw new ForeignOriginUpgradeException(
          `A WebSocket to a sandbox's app must be opened from this API's own pages (${own.join(' or ')}).`,
        );
      }
    }
    const principal = await this.verifier.verify(credential);
    if (!principal) throw new AuthenticationRequiredException(credential.scheme === 'bearer' ? 'invalid' : 'session');
    return principal;
  }

  /** What Fastify would say of the browser, under the same LAB_TRUST_PROXY rule. */
  private browserSide(request: IncomingMessage): BrowserSide {
    return upgradeBrowserSide(request, (this.trust ??= trustProxyFn(this.config.trustProxy)));
  }
}

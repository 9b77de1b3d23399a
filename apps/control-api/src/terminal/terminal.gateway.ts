import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import { DockerCallError } from '@lab/runtime';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { roleSatisfies } from '../access/access.decorator';
import { Credential, CREDENTIAL_VERIFIER, credentialOf, CredentialVerifier } from '../access/credential';
import { LAB_CONFIG } from '../config.provider';
import { CATALOG } from '../examples/catalog.provider';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import {
  CLOSE,
  initialSize,
  originAllowed,
  TERMINAL_SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  upgradeToken,
} from './terminal-protocol';
import { TerminalRefused, TerminalSessions } from './terminal-sessions';
import type { TerminalSession } from './terminal-session';

/** `/api/sandboxes/<id>/terminal`, the only upgrade this gateway answers. */
const TERMINAL_PATH = /^\/api\/sandboxes\/([^/]+)\/terminal$/;
/** The image key whose service is a sandbox's terminal (docker/images.yaml). */
export const TOOLBOX_IMAGE = 'toolbox';
/** Keystrokes and control messages are small; a paste larger than this closes the socket (1009). */
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * `GET /api/sandboxes/:id/terminal` as a WebSocket: a shell in the sandbox's toolbox (see
 * terminal-protocol.ts for the frames). Access as every sandbox route: the owner, the leader of its
 * workshop, an admin; anyone else gets the same close as for no such sandbox (4404). The Origin is
 * checked before the upgrade (403 for a foreign one). Express never sees these requests: Node hands
 * upgrades to the server's `upgrade` listeners.
 */
@Injectable()
export class TerminalGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TerminalGateway.name);
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // The terminal protocol when offered; the token subprotocol is never selected (never echoed).
    handleProtocols: (protocols) => (protocols.has(TERMINAL_SUBPROTOCOL) ? TERMINAL_SUBPROTOCOL : false),
  });
  private server?: Server;
  private readonly listener = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    void this.upgrade(request, socket, head).catch((error: unknown) => {
      this.logger.warn(`terminal upgrade failed: ${(error as Error).message}`);
      socket.destroy();
    });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly sandboxes: SandboxesFacade,
    private readonly sessions: TerminalSessions,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('upgrade', this.listener);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.listener);
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://upgrade.invalid');
    const match = TERMINAL_PATH.exec(url.pathname);
    if (!match) {
      // Another listener's (e.g. a proxied app's WebSocket); with none, Node's default: drop it.
      if (this.server && this.server.listenerCount('upgrade') <= 1) socket.destroy();
      return;
    }
    socket.on('error', () => socket.destroy());
    if (!this.originOk(request)) {
      refuseUpgrade(socket, 403, 'Forbidden', 'This origin may not open terminals.');
      return;
    }
    // Sandbox ids are plain slugs: anything else is answered as an unknown sandbox (4404).
    const sandboxId = match[1]!;
    let session: TerminalSession;
    try {
      session = await this.sessionFor(request, sandboxId, url.searchParams);
    } catch (error) {
      const refused =
        error instanceof TerminalRefused
          ? error
          : error instanceof DockerCallError && error.statusCode === 409
            ? new TerminalRefused(CLOSE.unavailable, 'the container of the terminal is not running')
            : new TerminalRefused(CLOSE.failed, 'the terminal could not be opened; try again');
      if (refused.code === CLOSE.failed) {
        this.logger.warn(`sandbox ${sandboxId}: terminal failed: ${(error as Error).message}`);
      }
      // Upgraded, then closed with a code: a browser sees the code and reason, never an HTTP status.
      this.accept(request, socket, head, (ws) => ws.close(refused.code, closeReason(refused.message)));
      return;
    }
    this.accept(request, socket, head, (ws) => session.attach(ws));
  }

  private accept(request: IncomingMessage, socket: Duplex, head: Buffer, then: (ws: WebSocket) => void): void {
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, then);
  }

  /** Who asks, whether they may, and the session: a new one, or theirs again on `?session=`. */
  private async sessionFor(request: IncomingMessage, sandboxId: string, query: URLSearchParams) {
    const credential = credentialOfUpgrade(request);
    const principal = credential === undefined ? undefined : await this.verifier.verify(credential);
    if (!principal || !roleSatisfies(principal.role, 'student')) {
      throw new TerminalRefused(
        CLOSE.unauthenticated,
        `needs a bearer token (Authorization header, or a "${TOKEN_SUBPROTOCOL_PREFIX}<token>" subprotocol) or a signed-in browser`,
      );
    }
    const record = await this.sandboxes.visible(principal, sandboxId).catch(() => undefined);
    if (!record) throw new TerminalRefused(CLOSE.notFound, 'there is no such sandbox that you can see');
    const example = this.catalog.examples.find((candidate) => candidate.name === record.example);
    const service = example?.services.find((candidate) => candidate.image === TOOLBOX_IMAGE)?.name;
    if (!service) throw new TerminalRefused(CLOSE.unavailable, 'this sandbox has no terminal');
    if (record.state !== 'ready' || record.desired !== 'running') {
      throw new TerminalRefused(CLOSE.unavailable, `the sandbox is ${record.state}; a terminal needs it ready`);
    }
    // Made before its example had a toolbox (its containers keep the spec they were made with).
    if (!record.endpoints?.some((endpoint) => endpoint.name === service)) {
      throw new TerminalRefused(CLOSE.unavailable, 'this sandbox predates its terminal; launch a new one to get it');
    }
    const owner = { userId: principal.userId, sandboxId };
    const resumed = query.get('session');
    const existing = resumed ? this.sessions.find(owner, resumed) : undefined;
    return existing ?? (await this.sessions.open(owner, service, initialSize(query)));
  }

  private originOk(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    // A shell opened with the browser's cookie must say which page asked for it.
    if (origin === undefined && credentialOfUpgrade(request)?.scheme === 'session') return false;
    const host = request.headers.host ?? '';
    const publicOrigins = this.config.publicOrigin === undefined ? [] : [this.config.publicOrigin];
    // The API's own address as the browser used it (either scheme: TLS may end at a proxy).
    const own = [`http://${host}`, `https://${host}`];
    return own.some((candidate) => originAllowed(origin, candidate, publicOrigins));
  }
}

/** A bearer token (header or subprotocol: browsers cannot set headers on a WebSocket), else the session cookie. */
function credentialOfUpgrade(request: IncomingMessage): Credential | undefined {
  const token = upgradeToken(request.headers.authorization, request.headers['sec-websocket-protocol']);
  return token === undefined ? credentialOf(request) : { scheme: 'bearer', token };
}

/** A close frame's reason holds at most 123 bytes (RFC 6455 §5.5): cut on a character boundary. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/** A plain HTTP answer on a socket that asked for an upgrade, then closed. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title: statusText, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServiceAddress } from '@lab/runtime';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Counter, Gauge } from 'prom-client';
import type { Principal } from '../../access/access-token.verifier';
import { LAB_CONFIG } from '../../config.provider';
import { HttpMetrics } from '../../metrics/http-metrics';
import { SandboxNotFoundException } from '../../sandboxes/sandbox.errors';
import { SandboxesFacade } from '../../sandboxes/sandboxes.facade';
import { AppProxyRequest } from './app-proxy-path';
import {
  AppUnreachableException,
  BadAppPathException,
  NoAppException,
  SandboxNotReadyException,
} from './app-proxy.errors';
import { forwardHttp, forwardUpgrade, Upstream } from './http-forwarder';
import { downstreamResponseHeaders, ForwardContext, upstreamRequestHeaders } from './proxy-headers';

type Forward = Extract<AppProxyRequest, { kind: 'forward' }>;
type Outcome = 'ok' | 'refused' | 'unreachable' | 'timeout' | 'too-large' | 'client-gone' | 'declined';

/** What the browser looked like to the API (Fastify's view: LAB_TRUST_PROXY decides what to believe). */
export type BrowserSide = Pick<ForwardContext, 'clientIp' | 'proto' | 'host'>;

/**
 * The example app of a sandbox through the control API: who may reach it (those who may see the
 * sandbox), when (ready), where (the runtime's endpoint), and the exchange itself.
 */
@Injectable()
export class AppProxyService {
  private readonly logger = new Logger(AppProxyService.name);
  private readonly exchanges: Counter<'kind' | 'outcome'>;
  private readonly openTunnels: Gauge;

  constructor(
    private readonly sandboxes: SandboxesFacade,
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    metrics: HttpMetrics,
  ) {
    this.exchanges = new Counter({
      name: 'lab_app_proxy_requests_total',
      help: "Requests and WebSocket handshakes passed to sandboxes' apps, by kind and outcome",
      labelNames: ['kind', 'outcome'] as const,
      registers: [metrics.registry],
    });
    this.openTunnels = new Gauge({
      name: 'lab_app_proxy_websockets',
      help: 'WebSockets open through the app proxy',
      registers: [metrics.registry],
    });
  }

  /** The app's address for this caller: 404 (not theirs, no app), 409 (not ready), 502 (no address). */
  async locate(principal: Principal, target: AppProxyRequest): Promise<{ address: ServiceAddress; request: Forward }> {
    if (target.kind === 'bad-path') throw new BadAppPathException();
    if (target.kind === 'unknown-sandbox') throw new SandboxNotFoundException(target.sandboxId);
    if (target.kind === 'redirect') throw new Error('a redirect is answered before the app is located');
    const sandbox = await this.sandboxes.visible(principal, target.sandboxId);
    if (!this.sandboxes.hasApp(sandbox)) throw new NoAppException(sandbox.id, sandbox.example);
    if (sandbox.state !== 'ready') throw new SandboxNotReadyException(sandbox.id, sandbox.state);
    const address = this.sandboxes.appEndpoint(sandbox);
    if (!address) throw new AppUnreachableException(sandbox.id, 'no published port');
    return { address, request: target };
  }

  async forward(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    located: { address: ServiceAddress; request: Forward },
    browser: BrowserSide,
  ): Promise<void> {
    const upstream = this.upstream(incoming, located, browser, false);
    try {
      this.count('http', await forwardHttp(incoming, outgoing, upstream, this.config.appProxy));
    } catch (error) {
      this.count('http', outcomeOf(error), located.request.sandboxId);
      throw error;
    }
  }

  async tunnel(
    incoming: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    located: { address: ServiceAddress; request: Forward },
    browser: BrowserSide,
  ): Promise<void> {
    const upstream = this.upstream(incoming, located, browser, true);
    try {
      const outcome = await forwardUpgrade(incoming, socket, head, upstream, this.config.appProxy);
      this.count('websocket', outcome === 'tunnel' ? 'ok' : 'declined');
      if (outcome === 'tunnel') {
        this.openTunnels.inc();
        socket.once('close', () => this.openTunnels.dec());
      }
    } catch (error) {
      this.count('websocket', outcomeOf(error), located.request.sandboxId);
      throw error;
    }
  }

  /** Counts an exchange refused before it reached the app (401, 403, 404, 409…). */
  refused(kind: 'http' | 'websocket'): void {
    this.count(kind, 'refused');
  }

  private upstream(
    incoming: IncomingMessage,
    { address, request }: { address: ServiceAddress; request: Forward },
    browser: BrowserSide,
    websocket: boolean,
  ): Upstream {
    const upstreamHost = address.host.includes(':')
      ? `[${address.host}]:${address.port}`
      : `${address.host}:${address.port}`;
    const context: ForwardContext = { ...browser, prefix: request.prefix, upstreamHost, websocket };
    return {
      sandboxId: request.sandboxId,
      address,
      path: request.path,
      headers: upstreamRequestHeaders(incoming.headers, context),
      responseHeaders: (headers) => downstreamResponseHeaders(headers, context),
    };
  }

  private count(kind: 'http' | 'websocket', outcome: Outcome, sandboxId?: string): void {
    this.exchanges.inc({ kind, outcome });
    // The sandbox and the reason only: never a path, a query or a header.
    if (sandboxId && (outcome === 'unreachable' || outcome === 'timeout')) {
      this.logger.warn(`${kind} to the app of ${sandboxId}: ${outcome}`);
    }
  }
}

function outcomeOf(error: unknown): Outcome {
  const status = (error as { getStatus?: () => number }).getStatus?.();
  if (status === 413) return 'too-large';
  if (status === 504) return 'timeout';
  if (status === 502) return 'unreachable';
  return 'refused';
}

/** The browser's side of a request, from Fastify's view of it (its `trustProxy` decides what to believe). */
export function browserSide(request: Pick<FastifyRequest, 'ip' | 'protocol' | 'host'>): BrowserSide {
  return { clientIp: request.ip, proto: request.protocol, host: request.host };
}

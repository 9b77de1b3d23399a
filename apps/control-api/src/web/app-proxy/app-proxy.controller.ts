import { All, Controller, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '../../access/access.decorator';
import type { AuthenticatedRequest } from '../../access/access.guard';
import type { Principal } from '../../access/access-token.verifier';
import { CREDENTIAL_VERIFIER, CredentialVerifier } from '../../access/credential';
import { CurrentPrincipal } from '../../access/principal.decorator';
import { APP_PROXY_ROUTE, AppProxyRequest, grantedPrefix, parseAppProxyUrl } from './app-proxy-path';
import { AppGrantInvalidException } from './app-proxy.errors';
import { AppProxyService, browserSide } from './app-proxy.service';
import { AppViewGrants } from './app-view-grants';

/**
 * `/api/sandboxes/:id/app/…`: the sandbox's example app, for those who may see the sandbox (its
 * owner, the leader of its workshop, admins). Not in the OpenAPI document: it is the app's own
 * API (documented at `…/app/docs`), not the lab's. WebSockets: AppProxyUpgrades.
 *
 * App pages run as an opaque origin (proxy-headers.ts, APP_SANDBOX_CSP), so a browser's navigation
 * authenticated by the session cookie is redirected under `…/app/~<grant>/`, where what the page
 * loads is authenticated by the grant (app-view-grants.ts) and answered to its `Origin: null`.
 */
@ApiExcludeController()
@Controller()
@Access('student')
export class AppProxyController {
  constructor(
    private readonly proxy: AppProxyService,
    private readonly grants: AppViewGrants,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
  ) {}

  // Fastify's router prefers the more specific route (`~:grant`) over the wildcard below.
  @All([`${APP_PROXY_ROUTE}/~:grant`, `${APP_PROXY_ROUTE}/~:grant/*`])
  @Access('public') // authenticated here, by the grant in the path (the page sends no cookie)
  async forwardGranted(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const target = parseAppProxyUrl(request.url) ?? { kind: 'bad-path' };
    // The page is an opaque origin: its requests say `Origin: null` and carry no credentials.
    void response.header('Access-Control-Allow-Origin', 'null');
    const principal = await this.grantHolder(target).catch((error: unknown) => {
      this.proxy.refused('http');
      throw error;
    });
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      // The preflight of a "Try it out" call (JSON bodies, custom headers): the app never sees it.
      void response.header('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
      const asked = request.headers['access-control-request-headers'];
      if (asked) void response.header('Access-Control-Allow-Headers', asked);
      void response.header('Access-Control-Max-Age', '600');
      await response.status(HttpStatus.NO_CONTENT).send();
      return;
    }
    await this.forwardAs(principal, target, request, response);
  }

  @All([APP_PROXY_ROUTE, `${APP_PROXY_ROUTE}/*`])
  async forward(
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const target = parseAppProxyUrl(request.url);
    if (target?.kind === 'forward' && isCookieNavigation(request)) {
      // A page is about to load: under a grant, so that what it loads is authenticated too.
      await this.locate(principal, target);
      const grant = this.grants.issue(target.sandboxId, request.credential!);
      await response.redirect(`${grantedPrefix(target.sandboxId, grant)}${target.path}`, HttpStatus.SEE_OTHER);
      return;
    }
    await this.forwardAs(principal, target ?? { kind: 'bad-path' }, request, response);
  }

  private async forwardAs(
    principal: Principal,
    target: AppProxyRequest,
    request: FastifyRequest,
    response: FastifyReply,
  ): Promise<void> {
    if (target.kind === 'redirect') {
      await response.redirect(target.location, HttpStatus.PERMANENT_REDIRECT);
      return;
    }
    const located = await this.locate(principal, target);
    // From here the exchange is the app's, written on the Node response: Fastify sends nothing
    // more. Headers set above (CORS of a granted page) go with it.
    for (const [name, value] of Object.entries(response.getHeaders())) {
      if (value !== undefined) response.raw.setHeader(name, value);
    }
    response.hijack();
    await this.proxy.forward(request.raw, response.raw, located, browserSide(request));
  }

  private async locate(principal: Principal, target: AppProxyRequest) {
    try {
      return await this.proxy.locate(principal, target);
    } catch (error) {
      this.proxy.refused('http');
      throw error; // rendered by the problem filter
    }
  }

  /** Who a grant stands for now: its session verified again (signed out, revoked: refused). */
  private async grantHolder(target: AppProxyRequest): Promise<Principal> {
    const credential =
      (target.kind === 'forward' || target.kind === 'redirect') && target.grant !== undefined
        ? this.grants.credentialFor(target.grant, target.sandboxId)
        : undefined;
    const principal = credential === undefined ? undefined : await this.verifier.verify(credential);
    if (!principal) throw new AppGrantInvalidException();
    return principal;
  }
}

/**
 * A browser loading a page (top-level or a frame) with the session cookie. Browsers send
 * `Sec-Fetch-Mode` only to trustworthy origins (https, loopback): over plain http on a LAN address
 * a navigation is known by its `Accept`, which asks for HTML first (`fetch()` sends a bare wildcard).
 */
function isCookieNavigation(request: AuthenticatedRequest): boolean {
  if (request.credential?.scheme !== 'session') return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const mode = request.headers['sec-fetch-mode'];
  return mode === undefined ? (request.headers.accept ?? '').startsWith('text/html') : mode === 'navigate';
}

import { All, Controller, HttpStatus, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../../access/access.decorator';
import type { Principal } from '../../access/access-token.verifier';
import { CurrentPrincipal } from '../../access/principal.decorator';
import { APP_PROXY_ROUTE, parseAppProxyUrl } from './app-proxy-path';
import { AppProxyService, browserSide } from './app-proxy.service';

/**
 * `/api/sandboxes/:id/app/…`: the sandbox's example app, for those who may see the sandbox (its
 * owner, the leader of its workshop, admins). Not in the OpenAPI document: it is the app's own
 * API (documented at `…/app/docs`), not the lab's. WebSockets: AppProxyUpgrades.
 */
@ApiExcludeController()
@Controller()
@Access('student')
export class AppProxyController {
  constructor(private readonly proxy: AppProxyService) {}

  @All([APP_PROXY_ROUTE, `${APP_PROXY_ROUTE}/{*path}`])
  async forward(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const target = parseAppProxyUrl(request.originalUrl);
    if (target?.kind === 'redirect') {
      response.redirect(HttpStatus.PERMANENT_REDIRECT, target.location);
      return;
    }
    let located: Awaited<ReturnType<AppProxyService['locate']>>;
    try {
      located = await this.proxy.locate(principal, target ?? { kind: 'bad-path' });
    } catch (error) {
      this.proxy.refused('http');
      throw error; // rendered by the problem filter
    }
    await this.proxy.forward(request, response, located, browserSide(request));
  }
}

import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException, problemType } from '@lab/http-problems';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import { CurrentPrincipal } from '../access/principal.decorator';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';

/**
 * The terminal is a WebSocket (TerminalGateway answers the upgrade before Express sees it); this
 * route documents it and tells a plain GET what to do instead.
 */
@ApiTags('sandboxes')
@Controller('sandboxes')
export class SandboxTerminalController {
  constructor(private readonly sandboxes: SandboxesFacade) {}

  @Get(':id/terminal')
  @Access('student')
  @ApiOperation({
    summary: 'A shell in the sandbox toolbox, over a WebSocket (subprotocol lab.terminal.v1)',
    description:
      'Open with a WebSocket upgrade (owner, workshop leader or admin). Binary frames carry keystrokes and ' +
      'output; text frames carry JSON control messages ({"type":"resize","cols":n,"rows":n}). The first ' +
      'message is {"type":"session","id":…,"replayed":n}; reconnect with ?session=<id> to get the last 64 KiB ' +
      'of output again. Browsers send the token as a second subprotocol "lab.token.<token>". Close codes: ' +
      '4401 unauthenticated, 4404 no such sandbox, 4409 no terminal or not ready, 4429 too many terminals.',
  })
  @ApiResponse({ status: 404, description: 'No such sandbox that the caller can see.' })
  @ApiResponse({ status: 426, description: 'A plain GET: the terminal needs a WebSocket upgrade.' })
  async upgradeRequired(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<never> {
    // Someone else's sandbox is a 404 here as on every sandbox route (no existence oracle).
    await this.sandboxes.visible(principal, id);
    throw new ProblemException(
      426 as HttpStatus,
      `GET /api/sandboxes/${id}/terminal is a WebSocket: open it with an upgrade (subprotocol lab.terminal.v1).`,
      { type: problemType('upgrade-required'), title: 'Upgrade required', headers: { Upgrade: 'websocket' } },
    );
  }
}

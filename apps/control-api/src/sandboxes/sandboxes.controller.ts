import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import { CurrentPrincipal } from '../access/principal.decorator';
import { EngineAvailableGuard } from '../runtime/engine-availability';
import { problemResponse } from '@lab/http-problems';
import { CreateSandboxDto, ExtendSandboxDto } from './create-sandbox.dto';
import { SandboxDto } from './sandbox.dto';
import { ResetDto } from './reset/reset.dto';
import { SandboxIdPipe } from './sandbox-id.pipe';
import { SandboxesService } from './sandboxes.service';

@ApiTags('sandboxes')
@Controller('sandboxes')
@Access('student')
export class SandboxesController {
  constructor(private readonly sandboxes: SandboxesService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat a launch safely: the same key and body answer with the same sandbox',
  })
  @ApiAcceptedResponse({ type: SandboxDto, description: 'Provisioning started; follow /events or poll' })
  @ApiBadRequestResponse(problemResponse('Unknown example, unknown fields or a bad TTL'))
  @ApiUnprocessableEntityResponse(problemResponse('The Idempotency-Key was used with another body'))
  @ApiTooManyRequestsResponse(problemResponse('Quota or rate limit reached; see Retry-After'))
  @ApiServiceUnavailableResponse(problemResponse('The Docker engine does not answer; see Retry-After'))
  @UseGuards(EngineAvailableGuard)
  async launch(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSandboxDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<SandboxDto> {
    const outcome = await this.sandboxes.launch(principal, body, idempotencyKey);
    void response.header('Location', `/api/sandboxes/${outcome.sandbox.id}`);
    if (!outcome.created) void response.header('Idempotent-Replayed', 'true');
    return outcome.sandbox;
  }

  @Get()
  @ApiOkResponse({ type: [SandboxDto], description: 'Your sandboxes (admins: everyone’s), newest first' })
  list(@CurrentPrincipal() principal: Principal): Promise<SandboxDto[]> {
    return this.sandboxes.list(principal);
  }

  @Get(':id')
  @ApiOkResponse({ type: SandboxDto })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  get(@CurrentPrincipal() principal: Principal, @Param('id', SandboxIdPipe) id: string): Promise<SandboxDto> {
    return this.sandboxes.get(principal, id);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SandboxDto, description: 'The new expiry' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  @ApiConflictResponse(problemResponse('The sandbox is deleted or failed'))
  extend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
    @Body() body: ExtendSandboxDto,
  ): Promise<SandboxDto> {
    return this.sandboxes.extend(principal, id, body.minutes);
  }

  @Post(':id/reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: ResetDto, description: 'Reset to the seed started (or already under way)' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  @ApiConflictResponse(problemResponse('The sandbox is deleted or failed'))
  reset(@CurrentPrincipal() principal: Principal, @Param('id', SandboxIdPipe) id: string): Promise<ResetDto> {
    return this.sandboxes.reset(principal, id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SandboxDto, description: 'Removal started; the state becomes `deleted`' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  delete(@CurrentPrincipal() principal: Principal, @Param('id', SandboxIdPipe) id: string): Promise<SandboxDto> {
    return this.sandboxes.delete(principal, id);
  }
}

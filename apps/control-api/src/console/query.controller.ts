import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { problemResponse } from '@lab/http-problems';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import { CurrentPrincipal } from '../access/principal.decorator';
import { SandboxIdPipe } from '../sandboxes/sandbox-id.pipe';
import { ConsoleRateGuard } from './console-rate.guard';
import { ConsoleHistoryEntryDto, ConsoleQueryDto, ConsoleResultDto } from './query.dto';
import { QueryConsoleService } from './query-console.service';

/** The owner, the leader of its workshop and admins; anybody else gets 404, as on every sandbox route. */
@ApiTags('console')
@Controller('sandboxes')
@Access('student')
export class QueryController {
  constructor(private readonly console: QueryConsoleService) {}

  @Post(':id/query')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ConsoleRateGuard)
  @ApiOkResponse({ type: ConsoleResultDto, description: 'The statement’s result (or plan), within the limits' })
  @ApiBadRequestResponse(
    problemResponse('Bad body, several statements or an unreadable one, or a service without a database'),
  )
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours; or no such service'))
  @ApiConflictResponse(problemResponse('The sandbox is not ready'))
  @ApiUnprocessableEntityResponse(
    problemResponse(
      'The engine refused or failed the statement, or it timed out; `code` and `position` as the engine gave them',
    ),
  )
  @ApiTooManyRequestsResponse(problemResponse('LAB_CONSOLE_PER_MINUTE reached; see Retry-After'))
  query(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
    @Body() body: ConsoleQueryDto,
  ): Promise<ConsoleResultDto> {
    return this.console.run(principal, id, body);
  }

  @Get(':id/queries')
  @ApiOkResponse({
    type: [ConsoleHistoryEntryDto],
    description: 'The sandbox’s last 50 console statements, newest first',
  })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
  ): Promise<ConsoleHistoryEntryDto[]> {
    return this.console.latest(principal, id);
  }
}

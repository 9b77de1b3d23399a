import { Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { problemResponse } from '@lab/http-problems';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import { CurrentPrincipal } from '../access/principal.decorator';
import { SandboxIdPipe } from '../sandboxes/sandbox-id.pipe';
import { ConsoleRateGuard } from './console-rate.guard';
import { LabCheckResultDto, LabDto } from './lab.dto';
import { LabGuideService } from './lab-guide.service';

/** The owner, the leader of its workshop and admins; anybody else gets 404, as on every sandbox route. */
@ApiTags('lab')
@Controller('sandboxes')
@Access('student')
export class LabController {
  constructor(private readonly lab: LabGuideService) {}

  @Get(':id/lab')
  @ApiOkResponse({ type: LabDto, description: 'The example’s guide with this sandbox’s progress' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours; or its example has no lab'))
  guide(@CurrentPrincipal() principal: Principal, @Param('id', SandboxIdPipe) id: string): Promise<LabDto> {
    return this.lab.guide(principal, id);
  }

  @Post(':id/lab/steps/:step/check')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ConsoleRateGuard)
  @ApiParam({ name: 'step', description: 'A step id of the lab', example: 'cache-aside' })
  @ApiOkResponse({
    type: LabCheckResultDto,
    description: 'The step checked now; the result is kept (and shown on the workshop leader’s board)',
  })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours; no lab; or no such step'))
  @ApiConflictResponse(problemResponse('The sandbox is not ready'))
  @ApiTooManyRequestsResponse(problemResponse('LAB_CONSOLE_PER_MINUTE reached; see Retry-After'))
  check(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
    @Param('step') step: string,
  ): Promise<LabCheckResultDto> {
    return this.lab.check(principal, id, step);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  MessageEvent,
  Param,
  ParseIntPipe,
  Patch,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  Sse,
} from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { defer, filter, map, merge, Observable, startWith, switchMap } from 'rxjs';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import type { Credential } from '../access/credential';
import { CurrentCredential, CurrentPrincipal } from '../access/principal.decorator';
import { problemResponse } from '@lab/http-problems';
import {
  CreatedWorkshopDto,
  CreateWorkshopDto,
  ExtendWorkshopDto,
  JoinedWorkshopDto,
  JoinWorkshopDto,
  ResetWorkshopDto,
  SeatDto,
  UpdateWorkshopDto,
  WorkshopDto,
  WorkshopResetDto,
} from './workshop.dto';
import { SessionCookies } from '../session/session-cookies';
import { WorkshopEvents } from './workshop-events';
import { WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@Controller('workshops')
@Access('leader')
export class WorkshopsController {
  constructor(
    private readonly workshops: WorkshopsService,
    private readonly sandboxes: SandboxesFacade,
    private readonly cookies: SessionCookies,
    private readonly changes: WorkshopEvents,
  ) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedWorkshopDto,
    description: 'Seats are being provisioned; the join code is shown once',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWorkshopDto): Promise<CreatedWorkshopDto> {
    return this.workshops.create(principal, body);
  }

  @Post('join')
  @Access('public')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: JoinedWorkshopDto,
    description: 'Your seat and your token; a browser is signed in with the session cookie as well',
  })
  @ApiNotFoundResponse(problemResponse('Unknown or expired join code'))
  @ApiConflictResponse(problemResponse('The workshop is full, or the name holds a seat and no matching secret came'))
  @ApiForbiddenResponse(problemResponse('A browser’s Origin that is not this API’s'))
  async join(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() body: JoinWorkshopDto,
  ): Promise<JoinedWorkshopDto> {
    // Before the seat is taken: another origin's page must not join a visitor to a workshop.
    this.cookies.refuseForeignOrigin(request);
    const joined = await this.workshops.join(body);
    // The seat's browser session (README: "Signing in from a browser"). The token stays in the body
    // for API clients (the CLI); the web app keeps only the cookie and never stores the token.
    await this.cookies.open(request, response, joined.token);
    return joined;
  }

  @Get()
  @ApiOkResponse({ type: [WorkshopDto], description: 'The workshops you lead (admins: all)' })
  list(@CurrentPrincipal() principal: Principal): Promise<WorkshopDto[]> {
    return this.workshops.list(principal);
  }

  @Get(':id')
  @ApiQuery({ name: 'refresh', required: false, description: 'Evaluate every seat’s lab progress now' })
  @ApiOkResponse({ type: WorkshopDto })
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('refresh') refresh?: string,
  ): Promise<WorkshopDto> {
    return this.workshops.get(principal, id, refresh === 'true');
  }

  @Patch(':id')
  @ApiOkResponse({ type: WorkshopDto, description: 'The workshop with the new setting' })
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWorkshopDto,
  ): Promise<WorkshopDto> {
    return this.workshops.setSolutionsVisible(principal, id, body.solutionsVisible);
  }

  /**
   * Every seat's state changes and provisioning steps (`seat` added to each event), and `seat`
   * events for what changed on the workshop itself: a join, a release, a check or an evaluation of
   * the lab progress, a reset asked for, the workshop extended or ended. A seat brought back as a
   * new sandbox is followed from then on.
   */
  @Sse(':id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: `state` and `progress` events of every seat, `seat` events of the workshop' })
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  async events(
    @CurrentPrincipal() principal: Principal,
    @CurrentCredential() credential: Credential,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<Observable<MessageEvent>> {
    const first = (await this.workshops.get(principal, id, false)).seats;
    const changes = this.changes.of(id);
    const seatSandboxes = changes.pipe(
      filter((change) => change.change === 'seat-sandbox'),
      switchMap(() => defer(async () => (await this.workshops.get(principal, id, false)).seats)),
      startWith(first),
      switchMap((seats) =>
        merge(
          ...seats.map((seat) =>
            this.sandboxes
              .eventsOf(seat.sandboxId)
              .pipe(map((event) => ({ type: event.type, data: { seat: seat.seat, ...event } }))),
          ),
        ),
      ),
    );
    const events = merge(seatSandboxes, changes.pipe(map((change): MessageEvent => ({ type: 'seat', data: change }))));
    // Counted against the leader's LAB_STREAMS_PER_USER; ends when the leader's token is revoked.
    return this.sandboxes.stream(principal, credential, events);
  }

  /** More time for the class: its seats and seat tokens end with it. */
  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WorkshopDto, description: 'The workshop with its new end' })
  @ApiBadRequestResponse(problemResponse('Past LAB_MAX_TTL_MINUTES from now'))
  @ApiConflictResponse(problemResponse('The workshop has ended'))
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  extend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ExtendWorkshopDto,
  ): Promise<WorkshopDto> {
    return this.workshops.extend(principal, id, body.minutes);
  }

  @Post(':id/reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: WorkshopResetDto,
    description: 'Resets started; each seat reports its own. A seat whose sandbox was removed gets a new one',
  })
  @ApiConflictResponse(problemResponse('The workshop has ended'))
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  reset(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResetWorkshopDto,
  ): Promise<WorkshopResetDto> {
    return this.workshops.reset(principal, id, body.seats);
  }

  /** The seat's student token is revoked and the seat can be joined again without a secret. */
  @Post(':id/seats/:seat/release')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SeatDto, description: 'The seat, free again (also when it already was)' })
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead, or no such seat'))
  release(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('seat', new ParseIntPipe()) seat: number,
  ): Promise<SeatDto> {
    return this.workshops.release(principal, id, seat);
  }

  @Delete(':id')
  @ApiOkResponse({ type: WorkshopDto, description: 'Ended now: every seat token revoked, every seat being removed' })
  @ApiNotFoundResponse(problemResponse('No such workshop that you lead'))
  end(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WorkshopDto> {
    return this.workshops.end(principal, id);
  }
}

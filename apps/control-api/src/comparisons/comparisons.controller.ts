import { problemResponse } from '@lab/http-problems';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Injectable,
  MessageEvent,
  Param,
  PipeTransform,
  Post,
  Sse,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { map, Observable } from 'rxjs';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import type { Credential } from '../access/credential';
import { CurrentCredential, CurrentPrincipal } from '../access/principal.decorator';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import { ComparisonNotFoundException } from './comparison.errors';
import { ComparisonDto, CreateComparisonDto, WorkloadDto } from './comparison.dto';
import { ComparisonsService } from './comparisons.service';

/** A malformed id names no comparison: the same 404 as an unknown one. */
@Injectable()
export class ComparisonIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) {
      throw new ComparisonNotFoundException(value.slice(0, 40));
    }
    return value;
  }
}

/** Comparing engines on one of your sandboxes; each comparison is its owner's (admins see all). */
@ApiTags('comparisons')
@Controller('comparisons')
@Access('student')
export class ComparisonsController {
  constructor(
    private readonly comparisons: ComparisonsService,
    private readonly sandboxes: SandboxesFacade,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: ComparisonDto,
    description: 'Started: answers are checked first, then each engine is timed',
  })
  @ApiBadRequestResponse(
    problemResponse(
      'Bad body, unknown or invalid workload (errors with paths), engines the sandbox lacks, or beyond the limits',
    ),
  )
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  @ApiConflictResponse(problemResponse('The sandbox is not ready'))
  @ApiTooManyRequestsResponse(
    problemResponse('You have one running, or LAB_COMPARE_MAX_RUNNING are running; see Retry-After'),
  )
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateComparisonDto): Promise<ComparisonDto> {
    return this.comparisons.start(principal, body);
  }

  @Get()
  @ApiOkResponse({ type: [ComparisonDto], description: 'Your comparisons (admins: all), newest first, at most 100' })
  list(@CurrentPrincipal() principal: Principal): Promise<ComparisonDto[]> {
    return this.comparisons.list(principal);
  }

  /** Declared before `:id`, which would otherwise take "workloads" for an id. */
  @Get('workloads')
  @ApiOkResponse({
    type: [WorkloadDto],
    description:
      "The examples' workloads (`examples/<example>/workloads/*.yaml`): what POST takes as `workload` by name, " +
      'with operations and weights, key distribution and default rate and duration',
  })
  workloads(): WorkloadDto[] {
    return this.comparisons.workloads();
  }

  @Get(':id')
  @ApiOkResponse({
    type: ComparisonDto,
    description: 'State, progress while running, results per engine × operation once done',
  })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  get(@CurrentPrincipal() principal: Principal, @Param('id', ComparisonIdPipe) id: string): Promise<ComparisonDto> {
    return this.comparisons.get(principal, id);
  }

  /** `progress` events while it runs (phase, engine, repetition, completed), then one `state` event. */
  @Sse(':id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: `progress` events, then the final `state`' })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  @ApiTooManyRequestsResponse(problemResponse('Too many open streams (LAB_STREAMS_PER_USER)'))
  async events(
    @CurrentPrincipal() principal: Principal,
    @CurrentCredential() credential: Credential,
    @Param('id', ComparisonIdPipe) id: string,
  ): Promise<Observable<MessageEvent>> {
    const events = (await this.comparisons.events(principal, id)).pipe(map((e) => ({ type: e.type, data: e.data })));
    return this.sandboxes.stream(principal, credential, events);
  }

  @Get(':id/report.md')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiProduces('text/markdown')
  @ApiOkResponse({ description: 'The report as Markdown', schema: { type: 'string' } })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  @ApiConflictResponse(problemResponse('Not succeeded (yet)'))
  markdown(@CurrentPrincipal() principal: Principal, @Param('id', ComparisonIdPipe) id: string): Promise<string> {
    return this.comparisons.report(principal, id, 'md');
  }

  @Get(':id/report.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    description: 'The full result as JSON (workload, every engine × operation, repetitions)',
    schema: { type: 'object' },
  })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  @ApiConflictResponse(problemResponse('Not succeeded (yet)'))
  json(@CurrentPrincipal() principal: Principal, @Param('id', ComparisonIdPipe) id: string): Promise<string> {
    return this.comparisons.report(principal, id, 'json');
  }

  @Get(':id/report.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per engine × operation', schema: { type: 'string' } })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  @ApiConflictResponse(problemResponse('Not succeeded (yet)'))
  csv(@CurrentPrincipal() principal: Principal, @Param('id', ComparisonIdPipe) id: string): Promise<string> {
    return this.comparisons.report(principal, id, 'csv');
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Cancelled if it was running, and forgotten' })
  @ApiNotFoundResponse(problemResponse('No such comparison, or not yours'))
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ComparisonIdPipe) id: string): Promise<void> {
    await this.comparisons.remove(principal, id);
  }
}

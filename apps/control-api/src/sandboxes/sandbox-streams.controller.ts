import type { LogLine, SandboxRuntime } from '@lab/runtime';
import { Controller, Inject, MessageEvent, Param, Query, Sse } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { map, Observable } from 'rxjs';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import type { Credential } from '../access/credential';
import { CurrentCredential, CurrentPrincipal } from '../access/principal.decorator';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { problemResponse } from '@lab/http-problems';
import { LogsQueryDto } from './logs-query.dto';
import { followSandbox } from './follow-sandbox';
import { SandboxEventBus } from './sandbox-events';
import { SandboxIdPipe } from './sandbox-id.pipe';
import { SandboxNotFoundException, UnknownServiceException } from './sandbox.errors';
import { SandboxesService } from './sandboxes.service';
import { SandboxStreams } from './sandbox-streams';

/**
 * Server-sent event streams of one sandbox: its lifecycle, and its services' logs. Each counts
 * against the caller's LAB_STREAMS_PER_USER and ends when the caller's token is revoked (or browser
 * session ends) or the sandbox is deleted.
 */
@ApiTags('sandboxes')
@Controller('sandboxes/:id')
@Access('student')
export class SandboxStreamsController {
  constructor(
    private readonly sandboxes: SandboxesService,
    private readonly bus: SandboxEventBus,
    private readonly streams: SandboxStreams,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
  ) {}

  /** The current state first, then every change and provisioning step; ends once it is being deleted. */
  @Sse('events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: `state` and `progress` events' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  @ApiTooManyRequestsResponse(problemResponse('Too many open streams (LAB_STREAMS_PER_USER)'))
  async events(
    @CurrentPrincipal() principal: Principal,
    @CurrentCredential() credential: Credential,
    @Param('id', SandboxIdPipe) id: string,
  ): Promise<Observable<MessageEvent>> {
    const followed = await followSandbox(this.bus, id, async () => {
      const record = await this.sandboxes.visible(principal, id);
      return {
        sandboxId: id,
        type: 'state',
        state: record.state,
        reason: record.reason,
        at: record.updatedAt.toISOString(),
      };
    });
    const events = followed.events.pipe(map((event) => ({ type: event.type, data: event })));
    return this.streams.bound(principal, credential, [id], events, followed.cancel);
  }

  /** A service's log lines (`stdout`/`stderr` events); `follow=true` keeps streaming new ones. */
  @Sse('logs')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: one event per log line, typed `stdout` or `stderr`' })
  @ApiNotFoundResponse(problemResponse('No such sandbox or service, or not yours'))
  @ApiTooManyRequestsResponse(problemResponse('Too many open streams (LAB_STREAMS_PER_USER)'))
  async logs(
    @CurrentPrincipal() principal: Principal,
    @CurrentCredential() credential: Credential,
    @Param('id', SandboxIdPipe) id: string,
    @Query() query: LogsQueryDto,
  ): Promise<Observable<MessageEvent>> {
    await this.sandboxes.visible(principal, id);
    const status = await this.runtime.inspect(id);
    if (!status || status.services.length === 0) throw new SandboxNotFoundException(id);
    const names = status.services.map((service) => service.name);
    const service = query.service ?? names[0]!;
    if (!names.includes(service)) throw new UnknownServiceException(id, service, names);
    const stream = new Observable<MessageEvent>((subscriber) => {
      const abort = new AbortController();
      const lines = this.runtime.logs(id, service, {
        follow: query.follow ?? false,
        tail: query.tail ?? 200,
        signal: abort.signal,
      });
      void forward(lines, (line) => subscriber.next({ type: line.stream, data: line.text })).then(
        () => subscriber.complete(),
        (error: unknown) => (abort.signal.aborted ? subscriber.complete() : subscriber.error(error)),
      );
      // The client left (or the stream was ended): stop following the container's log stream.
      return () => abort.abort();
    });
    return this.streams.bound(principal, credential, [id], stream);
  }
}

async function forward(lines: AsyncIterable<LogLine>, next: (line: LogLine) => void): Promise<void> {
  for await (const line of lines) next(line);
}

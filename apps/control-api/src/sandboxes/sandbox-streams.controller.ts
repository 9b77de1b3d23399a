import type { LogLine, SandboxRuntime } from '@lab/runtime';
import { Controller, Inject, MessageEvent, Param, Query, Sse } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { concat, map, Observable, of, takeWhile } from 'rxjs';
import { Access } from '../access/access.decorator';
import type { Principal } from '../access/access-token.verifier';
import { CurrentPrincipal } from '../access/principal.decorator';
import { SANDBOX_RUNTIME } from '../docker/docker.module';
import { problemResponse } from '@lab/http-problems';
import { LogsQueryDto } from './logs-query.dto';
import { SandboxEvent, SandboxEventBus } from './sandbox-events';
import { SandboxIdPipe } from './sandbox-id.pipe';
import { SandboxNotFoundException, UnknownServiceException } from './sandbox.errors';
import { SandboxesService } from './sandboxes.service';

/** Server-sent event streams of one sandbox: its lifecycle, and its services' logs. */
@ApiTags('sandboxes')
@Controller('sandboxes/:id')
@Access('student')
export class SandboxStreamsController {
  constructor(
    private readonly sandboxes: SandboxesService,
    private readonly bus: SandboxEventBus,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
  ) {}

  /** The current state first, then every change and provisioning step; ends once it is deleted. */
  @Sse('events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: `state` and `progress` events' })
  @ApiNotFoundResponse(problemResponse('No such sandbox, or not yours'))
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
  ): Promise<Observable<MessageEvent>> {
    // Subscribe before reading the state, so no change can fall between the two.
    const live = this.bus.of(id);
    const record = await this.sandboxes.visible(principal, id);
    const current: SandboxEvent = {
      sandboxId: id,
      type: 'state',
      state: record.state,
      reason: record.reason,
      at: record.updatedAt.toISOString(),
    };
    const stream = record.state === 'deleted' ? of(current) : concat(of(current), live);
    return stream.pipe(
      takeWhile((event) => !(event.type === 'state' && event.state === 'deleted'), true),
      map((event) => ({ type: event.type, data: event })),
    );
  }

  /** A service's log lines (`stdout`/`stderr` events); `follow=true` keeps streaming new ones. */
  @Sse('logs')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'SSE: one event per log line, typed `stdout` or `stderr`' })
  @ApiNotFoundResponse(problemResponse('No such sandbox or service, or not yours'))
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SandboxIdPipe) id: string,
    @Query() query: LogsQueryDto,
  ): Promise<Observable<MessageEvent>> {
    await this.sandboxes.visible(principal, id);
    const status = await this.runtime.inspect(id);
    if (!status || status.services.length === 0) throw new SandboxNotFoundException(id);
    const names = status.services.map((service) => service.name);
    const service = query.service ?? names[0]!;
    if (!names.includes(service)) throw new UnknownServiceException(id, service, names);
    return new Observable<MessageEvent>((subscriber) => {
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
      // The client left: stop following the container's log stream.
      return () => abort.abort();
    });
  }
}

async function forward(lines: AsyncIterable<LogLine>, next: (line: LogLine) => void): Promise<void> {
  for await (const line of lines) next(line);
}

import { Body, ConflictException, Controller, Get, HttpStatus, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Access } from '../../apps/control-api/src/access/access.decorator';
import { ProblemException, problemType, UNEXPECTED_DETAIL } from '@lab/http-problems';
import { ControlApi, startControlApi } from './support/control-api';

// Test-only routes: declared here, never shipped.
class LimitsDto {
  @IsInt()
  @Min(64)
  @Max(4096)
  memoryMb!: number;
}

class CreateProbeDto {
  @IsString()
  example!: string;

  @ValidateNested()
  @Type(() => LimitsDto)
  limits!: LimitsDto;
}

class ProbeNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `Probe ${id} does not exist.`, {
      type: problemType('probe-not-found'),
      title: 'Probe not found',
    });
  }
}

const SECRET = 'postgres://lab:s3cr3t-password@db.internal/lab';

@Controller('probes')
class ProbeController {
  @Post()
  @Access('public')
  create(@Body() body: CreateProbeDto): { example: string; memoryMb: number; isDto: boolean } {
    return { example: body.example, memoryMb: body.limits.memoryMb, isDto: body instanceof CreateProbeDto };
  }

  @Get('boom')
  @Access('public')
  boom(): never {
    throw new Error(`connection to ${SECRET} refused`);
  }

  @Get('busy')
  @Access('public')
  busy(): never {
    throw new ConflictException('Probe p-1 is already running.');
  }

  @Get(':id')
  @Access('public')
  find(@Param('id') id: string): never {
    throw new ProbeNotFoundException(id);
  }
}

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

function post(api: ControlApi, path: string, body: string): Promise<Response> {
  return fetch(`${api.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('control API: errors are problem+json (RFC 9457)', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ controllers: [ProbeController] });
  });
  afterAll(() => api.close());

  it.each(['/api/nope', '/nope', '/api/probes/x/y'])('404 for the unknown route %s', async (path) => {
    const response = await fetch(`${api.base}${path}?token=abc`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `Cannot GET ${path}?token=abc`,
      instance: path,
    });
  });

  it('accepts a valid body and hands the handler a DTO instance', async () => {
    const response = await post(api, '/api/probes', JSON.stringify({ example: 'sql', limits: { memoryMb: 512 } }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ example: 'sql', memoryMb: 512, isDto: true });
  });

  it('400 listing each invalid field, nested and unknown ones included', async () => {
    const response = await post(
      api,
      '/api/probes',
      JSON.stringify({ example: 7, limits: { memoryMb: 1 }, debug: true }),
    );
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      type: 'urn:backend-lab:problem:validation-failed',
      title: 'Request validation failed',
      status: 400,
      instance: '/api/probes',
    });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'example', message: 'example must be a string' },
        { path: 'limits.memoryMb', message: 'memoryMb must not be less than 64' },
        { path: 'debug', message: 'property debug should not exist' },
      ]),
    );
    expect(problem.detail).toContain('limits.memoryMb: memoryMb must not be less than 64');
    expect(problem.detail).toContain('debug: property debug should not exist');
  });

  it('400 for a body that is not JSON', async () => {
    const response = await post(api, '/api/probes', '{"example": ');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  });

  it('renders a domain error (a ProblemException) with its type and detail', async () => {
    const response = await fetch(`${api.base}/api/probes/p-42`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      type: 'urn:backend-lab:problem:probe-not-found',
      title: 'Probe not found',
      status: 404,
      detail: 'Probe p-42 does not exist.',
      instance: '/api/probes/p-42',
    });
  });

  it("renders Nest's own HTTP exceptions the same way", async () => {
    const response = await fetch(`${api.base}/api/probes/busy`);
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({ title: 'Conflict', detail: 'Probe p-1 is already running.' });
  });

  it('500 with a generic detail for an unknown error, logged with its stack but never sent', async () => {
    const response = await fetch(`${api.base}/api/probes/boom`);
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    const raw = await response.text();
    expect(raw).not.toContain('s3cr3t');
    expect(raw).not.toContain('refused');
    expect(raw).not.toMatch(/\bat .+\.ts:\d+/);
    expect(JSON.parse(raw)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: UNEXPECTED_DETAIL,
      instance: '/api/probes/boom',
    });

    const logged = api.logs.entries().find((entry) => entry.context === 'ProblemDetailsFilter');
    expect(logged).toMatchObject({ level: 50 });
    const err = logged?.err as { message: string; stack: string };
    expect(err.message).toContain(`GET /api/probes/boom (request ${requestId}) failed: connection to`);
    expect(err.stack).toMatch(/ProbeController\.boom/);
  });
});

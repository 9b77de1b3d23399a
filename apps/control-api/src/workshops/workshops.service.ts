import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/access-token.verifier';
import { LAB_CONFIG } from '../config.provider';
import { CATALOG } from '../examples/catalog.provider';
import { toResetDto } from '../sandboxes/reset/reset.dto';
import { ResetsRepository } from '../sandboxes/reset/resets.repository';
import { SandboxResetter } from '../sandboxes/reset/sandbox-resetter';
import { UnknownExampleException } from '../sandboxes/sandbox.errors';
import { SandboxesRepository } from '../sandboxes/sandboxes.repository';
import { SandboxesService } from '../sandboxes/sandboxes.service';
import { TokensService } from '../tokens/tokens.service';
import { generateJoinCode, hashJoinCode } from './join-code';
import { SeatProgress } from './seat-progress';
import {
  CreatedWorkshopDto,
  CreateWorkshopDto,
  JoinedWorkshopDto,
  JoinWorkshopDto,
  SeatDto,
  WorkshopDto,
  WorkshopResetDto,
} from './workshop.dto';
import {
  InvalidJoinCodeException,
  InvalidWorkshopEndException,
  UnknownSeatsException,
  WorkshopFullException,
  WorkshopNotFoundException,
} from './workshop.errors';
import { SeatRecord, WorkshopRecord } from './workshop.record';
import { WorkshopsRepository } from './workshops.repository';

/** Workshops: a leader's class of pre-provisioned seats, joined with one code. */
@Injectable()
export class WorkshopsService {
  private readonly logger = new Logger(WorkshopsService.name);

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly workshops: WorkshopsRepository,
    private readonly sandboxes: SandboxesRepository,
    private readonly sandboxService: SandboxesService,
    private readonly resetter: SandboxResetter,
    private readonly resets: ResetsRepository,
    private readonly tokens: TokensService,
    private readonly progress: SeatProgress,
  ) {}

  async create(principal: Principal, input: CreateWorkshopDto): Promise<CreatedWorkshopDto> {
    const now = new Date();
    if (!this.catalog.examples.some((example) => example.name === input.example)) {
      throw new UnknownExampleException(
        input.example,
        this.catalog.examples.map((example) => example.name),
      );
    }
    const endsAt = new Date(input.endsAt);
    if (endsAt.getTime() <= now.getTime() + 60_000)
      throw new InvalidWorkshopEndException('endsAt must be at least a minute from now');
    if (endsAt.getTime() > now.getTime() + this.config.ttl.maxMinutes * 60_000) {
      throw new InvalidWorkshopEndException(`a workshop may last at most ${this.config.ttl.maxMinutes} minutes`);
    }
    const joinCode = generateJoinCode();
    const workshop: WorkshopRecord = {
      id: randomUUID(),
      leaderId: principal.userId,
      example: input.example,
      seats: input.seats,
      joinCodeHash: hashJoinCode(joinCode),
      createdAt: now,
      endsAt,
      endedAt: null,
    };
    // All seats fit the lab's total or none is made (429), atomically with every other admission.
    // Seats expire with the workshop: the reconciler removes them at endsAt, even after a crash.
    const sandboxes = await this.sandboxService.launchSeats(
      input.example,
      principal.userId,
      workshop.id,
      endsAt,
      input.seats,
    );
    const seats: SeatRecord[] = [];
    for (const [index, sandbox] of sandboxes.entries()) {
      seats.push({
        workshopId: workshop.id,
        seat: index + 1,
        sandboxId: sandbox.id,
        studentName: null,
        tokenId: null,
        joinedAt: null,
        progress: null,
        progressAt: null,
      });
    }
    await this.workshops.insert(workshop, seats);
    this.logger.log(`workshop ${workshop.id}: ${input.seats} seat(s) of ${input.example} for ${principal.userId}`);
    return { ...(await this.toDto(workshop)), joinCode };
  }

  async list(principal: Principal): Promise<WorkshopDto[]> {
    const workshops = await this.workshops.list(principal.role === 'admin' ? undefined : principal.userId);
    return Promise.all(workshops.map((workshop) => this.toDto(workshop)));
  }

  async get(principal: Principal, id: string, refreshProgress: boolean): Promise<WorkshopDto> {
    const workshop = await this.led(principal, id);
    if (refreshProgress) await this.progress.evaluate(workshop.example, await this.workshops.seatsOf(id));
    return this.toDto(workshop);
  }

  /**
   * First come, first served: the lowest free seat; the same name again gets the same seat (with a
   * fresh token, the earlier one revoked). A full workshop is a 409.
   */
  async join(input: JoinWorkshopDto): Promise<JoinedWorkshopDto> {
    const workshop = await this.workshops.findByJoinCodeHash(hashJoinCode(input.code));
    const now = new Date();
    if (!workshop || workshop.endedAt || workshop.endsAt.getTime() <= now.getTime())
      throw new InvalidJoinCodeException();
    const name = input.name.trim();
    let seat = await this.workshops.seatOfStudent(workshop.id, name);
    while (!seat) {
      const free = (await this.workshops.seatsOf(workshop.id)).find((candidate) => candidate.studentName === null);
      if (!free) throw new WorkshopFullException(workshop.seats);
      // Lost the race for this seat to another student: try the next free one.
      if (await this.workshops.claimSeat(workshop.id, free.seat, name, now)) seat = { ...free, studentName: name };
      else seat = await this.workshops.seatOfStudent(workshop.id, name);
    }
    if (seat.tokenId) await this.tokens.revoke(seat.tokenId).catch(() => undefined);
    const token = await this.tokens.create({ name: `${name} (workshop seat ${seat.seat})`, role: 'student' });
    await this.workshops.setSeatToken(workshop.id, seat.seat, token.id);
    await this.sandboxService.transferTo(seat.sandboxId, token.id);
    this.logger.log(`workshop ${workshop.id}: seat ${seat.seat} joined`);
    return { workshopId: workshop.id, seat: seat.seat, sandboxId: seat.sandboxId, token: token.token };
  }

  /** Resets the given seats (all by default) as one batch; idempotent per seat while one is unfinished. */
  async reset(principal: Principal, id: string, only?: number[]): Promise<WorkshopResetDto> {
    const workshop = await this.led(principal, id);
    const seats = await this.workshops.seatsOf(id);
    const unknown = (only ?? []).filter((number) => !seats.some((seat) => seat.seat === number));
    if (unknown.length > 0) throw new UnknownSeatsException(unknown, workshop.seats);
    const chosen = only ? seats.filter((seat) => only.includes(seat.seat)) : seats;
    const batchId = randomUUID();
    for (const seat of chosen) {
      const sandbox = await this.sandboxes.findById(seat.sandboxId);
      if (sandbox && sandbox.desired === 'running') await this.resetter.request(sandbox, batchId);
    }
    this.logger.log(`workshop ${id}: reset of ${chosen.length} seat(s) asked for (batch ${batchId})`);
    const all = await this.seatDtos(workshop, seats);
    return { batchId, seats: all.filter((seat) => chosen.some((c) => c.seat === seat.seat)) };
  }

  /** Ends it now: every seat is removed (the reconciler's expiry does the work). */
  async end(principal: Principal, id: string): Promise<WorkshopDto> {
    const workshop = await this.led(principal, id);
    const now = new Date();
    for (const seat of await this.workshops.seatsOf(id)) {
      await this.sandboxes.update(seat.sandboxId, { expiresAt: now }, now);
    }
    await this.workshops.markEnded(id, now);
    return this.toDto({ ...workshop, endedAt: now });
  }

  /** The workshop if this principal leads it (or is an admin); 404 otherwise. */
  private async led(principal: Principal, id: string): Promise<WorkshopRecord> {
    const workshop = await this.workshops.findById(id);
    if (!workshop || (principal.role !== 'admin' && workshop.leaderId !== principal.userId)) {
      throw new WorkshopNotFoundException(id);
    }
    return workshop;
  }

  private async toDto(workshop: WorkshopRecord): Promise<WorkshopDto> {
    const seats = await this.workshops.seatsOf(workshop.id);
    return {
      id: workshop.id,
      example: workshop.example,
      capacity: workshop.seats,
      createdAt: workshop.createdAt.toISOString(),
      endsAt: workshop.endsAt.toISOString(),
      ...(workshop.endedAt ? { endedAt: workshop.endedAt.toISOString() } : {}),
      seats: await this.seatDtos(workshop, seats),
    };
  }

  private async seatDtos(workshop: WorkshopRecord, seats: SeatRecord[]): Promise<SeatDto[]> {
    const steps = this.catalog.examples.find((example) => example.name === workshop.example)?.lab?.steps ?? [];
    const lastResets = await this.resets.latestFor(seats.map((seat) => seat.sandboxId));
    return Promise.all(
      seats.map(async (seat): Promise<SeatDto> => {
        const sandbox = await this.sandboxes.findById(seat.sandboxId);
        const lastReset = lastResets.get(seat.sandboxId);
        return {
          seat: seat.seat,
          sandboxId: seat.sandboxId,
          state: sandbox?.state ?? 'deleted',
          ...(sandbox?.reason ? { reason: sandbox.reason } : {}),
          ...(seat.studentName ? { student: seat.studentName } : {}),
          ...(seat.joinedAt ? { joinedAt: seat.joinedAt.toISOString() } : {}),
          ...(seat.progress && seat.progressAt
            ? {
                progress: {
                  passed: seat.progress.filter((step) => step.passed).length,
                  total: seat.progress.length,
                  steps: seat.progress.map((step) => ({
                    id: step.id,
                    title: steps.find((candidate) => candidate.id === step.id)?.title ?? step.id,
                    passed: step.passed,
                  })),
                  evaluatedAt: seat.progressAt.toISOString(),
                },
              }
            : {}),
          ...(seat.studentName && sandbox?.lastActivityAt
            ? { lastActivityAt: sandbox.lastActivityAt.toISOString() }
            : {}),
          ...(lastReset ? { lastReset: toResetDto(lastReset) } : {}),
        };
      }),
    );
  }
}

import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/access-token.verifier';
import { LAB_CONFIG } from '../config.provider';
import { CATALOG } from '../examples/catalog.provider';
import { QuotaExceededException, SandboxesFacade, SandboxRecord } from '../sandboxes/sandboxes.facade';
import { TokensService } from '../tokens/tokens.service';
import { generateJoinCode, hashJoinCode } from './join-code';
import { generateRejoinSecret, hashRejoinSecret, rejoinSecretMatches } from './rejoin-secret';
import { BrowserSessions } from '../session/browser-sessions.service';
import { SeatProgress } from './seat-progress';
import { WorkshopEvents } from './workshop-events';
import { WorkshopEnder } from './workshop-ender';
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
  SeatNotFoundException,
  SeatTakenException,
  UnknownSeatsException,
  WorkshopEndedException,
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
    private readonly sandboxes: SandboxesFacade,
    private readonly tokens: TokensService,
    private readonly progress: SeatProgress,
    private readonly ender: WorkshopEnder,
    private readonly events: WorkshopEvents,
    private readonly browserSessions: BrowserSessions,
  ) {}

  async create(principal: Principal, input: CreateWorkshopDto): Promise<CreatedWorkshopDto> {
    const now = new Date();
    this.sandboxes.checkExample(input.example);
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
      solutionsVisible: input.solutionsVisible ?? false,
    };
    // All seats fit the lab's total or none is made (429), atomically with every other admission.
    // Seats expire with the workshop: the reconciler removes them at endsAt, even after a crash.
    const sandboxes = await this.sandboxes.launchSeats(
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
        rejoinSecretHash: null,
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
   * First come, first served: the lowest free seat, with a student token that expires at the
   * workshop's end and a rejoin secret shown this once. A name that already holds a seat is a 409
   * unless the request carries that seat's rejoin secret: then the same seat with a new token, the
   * earlier one revoked. A full workshop is a 409.
   */
  async join(input: JoinWorkshopDto): Promise<JoinedWorkshopDto> {
    const workshop = await this.workshops.findByJoinCodeHash(hashJoinCode(input.code));
    const now = new Date();
    if (!workshop || workshop.endedAt || workshop.endsAt.getTime() <= now.getTime())
      throw new InvalidJoinCodeException();
    const name = input.name.trim();
    // Every turn of this loop that does not return lost a compare-and-set to another request, which
    // therefore made progress (took a seat, rotated or released one): it ends.
    for (;;) {
      const held = await this.workshops.seatOfStudent(workshop.id, name);
      if (held) {
        if (!rejoinSecretMatches(input.secret, held.rejoinSecretHash)) {
          throw new SeatTakenException(name, input.secret !== undefined);
        }
        const joined = await this.bindToken(workshop, held);
        if (joined) return joined;
        continue;
      }
      const free = (await this.workshops.seatsOf(workshop.id)).find((candidate) => candidate.studentName === null);
      if (!free) throw new WorkshopFullException(workshop.seats);
      const secret = generateRejoinSecret();
      const claim = { studentName: name, rejoinSecretHash: hashRejoinSecret(secret) };
      // `lost`: another student took this seat, try the next; `name-taken`: the same name won a seat
      // meanwhile, which the next turn refuses without its secret.
      if ((await this.workshops.claimSeat(workshop.id, free.seat, claim, now)) !== 'claimed') continue;
      const joined = await this.bindToken(workshop, { ...free, ...claim, tokenId: null });
      if (joined) return { ...joined, secret };
    }
  }

  /** A new student token for the seat, bound if the seat is still held as seen; the earlier token revoked. */
  private async bindToken(workshop: WorkshopRecord, seat: SeatRecord): Promise<JoinedWorkshopDto | undefined> {
    const studentName = seat.studentName!;
    const token = await this.tokens.create({
      name: `${studentName} (workshop seat ${seat.seat})`,
      role: 'student',
      expiresAt: workshop.endsAt,
    });
    if (
      !(await this.workshops.swapSeatToken(workshop.id, seat.seat, { studentName, tokenId: seat.tokenId }, token.id))
    ) {
      await this.tokens.revoke(token.id);
      return undefined;
    }
    if (seat.tokenId) await this.tokens.revoke(seat.tokenId).catch(() => undefined);
    // Read again: a leader's reset may have given the seat a new sandbox meanwhile.
    const sandboxId = (await this.workshops.seat(workshop.id, seat.seat))?.sandboxId ?? seat.sandboxId;
    await this.sandboxes.transferTo(sandboxId, token.id);
    this.logger.log(`workshop ${workshop.id}: seat ${seat.seat} ${seat.tokenId ? 'rejoined' : 'joined'}`);
    this.events.publish(workshop.id, 'joined', seat.seat);
    return {
      workshopId: workshop.id,
      seat: seat.seat,
      sandboxId,
      token: token.token,
      expiresAt: workshop.endsAt.toISOString(),
    };
  }

  /**
   * Frees a seat (its student lost the rejoin secret, or left): the student's token is revoked, the
   * name and secret are forgotten, and the sandbox goes back to the leader as it is (reset it for a
   * new student). The same or another name can then join it without a secret. Idempotent.
   */
  async release(principal: Principal, id: string, seatNumber: number): Promise<SeatDto> {
    const workshop = await this.led(principal, id);
    for (;;) {
      const seat = await this.workshops.seat(id, seatNumber);
      if (!seat) throw new SeatNotFoundException(seatNumber, workshop.seats);
      if (seat.studentName === null) break;
      const holder = { studentName: seat.studentName, tokenId: seat.tokenId };
      // Lost to a concurrent rejoin (a new token): release what holds the seat now.
      if (!(await this.workshops.releaseSeat(id, seatNumber, holder))) continue;
      if (seat.tokenId) await this.tokens.revoke(seat.tokenId).catch(() => undefined);
      await this.sandboxes.transferTo(seat.sandboxId, workshop.leaderId);
      this.logger.log(`workshop ${id}: seat ${seatNumber} released`);
      this.events.publish(id, 'released', seatNumber);
      break;
    }
    const [dto] = await this.seatDtos(workshop, [(await this.workshops.seat(id, seatNumber))!]);
    return dto!;
  }

  /**
   * Resets the given seats (all by default) as one batch; idempotent per seat while one is
   * unfinished. A seat whose sandbox was removed while the workshop runs (idle culling, or its
   * student deleted it) is brought back: a new sandbox with fresh containers, owned by the seat's
   * student (same token, same seat, same rejoin secret), provisioned from the seed; the seat points
   * at it and its lab progress starts over. The removed sandbox stays `deleted`, as history.
   */
  async reset(principal: Principal, id: string, only?: number[]): Promise<WorkshopResetDto> {
    const workshop = await this.led(principal, id);
    const now = new Date();
    if (workshop.endedAt || workshop.endsAt.getTime() <= now.getTime()) {
      throw new WorkshopEndedException(id, workshop.endedAt ?? workshop.endsAt);
    }
    const seats = await this.workshops.seatsOf(id);
    const unknown = (only ?? []).filter((number) => !seats.some((seat) => seat.seat === number));
    if (unknown.length > 0) throw new UnknownSeatsException(unknown, workshop.seats);
    const chosen = only ? seats.filter((seat) => only.includes(seat.seat)) : seats;
    const running = new Map<number, SandboxRecord>();
    for (const seat of chosen) {
      const sandbox = await this.sandboxes.find(seat.sandboxId);
      if (sandbox && sandbox.desired === 'running') running.set(seat.seat, sandbox);
    }
    const removed = chosen.filter((seat) => !running.has(seat.seat));
    const live = await this.sandboxes.liveCount();
    if (removed.length > 0 && live + removed.length > this.config.quota.total) {
      throw new QuotaExceededException(
        `${removed.length} seat(s) to bring back do not fit: ${live} of the lab's ${this.config.quota.total} sandboxes are running.`,
        60,
      );
    }
    const batchId = randomUUID();
    for (const seat of chosen) {
      const sandbox = running.get(seat.seat);
      if (sandbox) await this.sandboxes.requestReset(sandbox, batchId);
      else await this.recreateSeat(workshop, seat, now);
      this.events.publish(id, 'reset', seat.seat);
    }
    this.logger.log(
      `workshop ${id}: reset of ${chosen.length} seat(s) asked for (batch ${batchId}, ${removed.length} brought back)`,
    );
    const all = await this.seatDtos(workshop, await this.workshops.seatsOf(id));
    return { batchId, seats: all.filter((seat) => chosen.some((c) => c.seat === seat.seat)) };
  }

  /** A new sandbox for a seat whose sandbox is gone; its student (if any) owns it at once. */
  private async recreateSeat(workshop: WorkshopRecord, seat: SeatRecord, now: Date): Promise<void> {
    const owner = seat.studentName !== null && seat.tokenId !== null ? seat.tokenId : workshop.leaderId;
    const sandbox = await this.sandboxes.launchSeat(
      workshop.example,
      workshop.leaderId,
      workshop.id,
      workshop.endsAt,
      owner,
    );
    if (await this.workshops.replaceSeatSandbox(workshop.id, seat.seat, seat.sandboxId, sandbox.id)) {
      this.logger.log(`workshop ${workshop.id}: seat ${seat.seat} brought back as sandbox ${sandbox.id}`);
      // The leaders' event streams follow the new sandbox from now on.
      this.events.publish(workshop.id, 'seat-sandbox', seat.seat);
      return;
    }
    // A concurrent reset brought the seat back first: this sandbox is not needed.
    await this.sandboxes.expire(sandbox.id, now);
  }

  /** Ends it now: every seat token revoked, every seat removed (see WorkshopEnder). */
  async end(principal: Principal, id: string): Promise<WorkshopDto> {
    const workshop = await this.led(principal, id);
    const now = new Date();
    if (!workshop.endedAt) {
      await this.ender.end(workshop, now);
      this.events.publish(id, 'ended');
    }
    return this.toDto({ ...workshop, endedAt: workshop.endedAt ?? now });
  }

  /**
   * More time: the end moves by `minutes` (at most LAB_MAX_TTL_MINUTES from now), and everything
   * that ends with the workshop moves with it — every seat's sandbox, every seat token and the
   * browser sessions those tokens opened. An ended workshop is a 409.
   */
  async extend(principal: Principal, id: string, minutes: number): Promise<WorkshopDto> {
    const workshop = await this.led(principal, id);
    const now = new Date();
    if (workshop.endedAt || workshop.endsAt.getTime() <= now.getTime()) {
      throw new WorkshopEndedException(id, workshop.endedAt ?? workshop.endsAt);
    }
    const endsAt = new Date(workshop.endsAt.getTime() + minutes * 60_000);
    if (endsAt.getTime() > now.getTime() + this.config.ttl.maxMinutes * 60_000) {
      throw new InvalidWorkshopEndException(
        `a workshop may end at most ${this.config.ttl.maxMinutes} minutes from now`,
        'minutes',
      );
    }
    // Lost to a concurrent extension or end: the leader sees the workshop as it is now.
    if (!(await this.workshops.extend(id, workshop.endsAt, endsAt)))
      return this.toDto((await this.workshops.findById(id))!);
    for (const seat of await this.workshops.seatsOf(id)) {
      const sandbox = await this.sandboxes.find(seat.sandboxId);
      if (sandbox && sandbox.desired === 'running') await this.sandboxes.extendSeat(seat.sandboxId, endsAt);
      if (seat.tokenId) {
        await this.tokens.extend(seat.tokenId, endsAt);
        await this.browserSessions.followTokenExpiry(seat.tokenId, workshop.endsAt, endsAt);
      }
    }
    this.logger.log(`workshop ${id}: extended by ${minutes} minute(s) to ${endsAt.toISOString()}`);
    this.events.publish(id, 'extended');
    return this.toDto({ ...workshop, endsAt });
  }

  /** Shows (or hides again) the lab's solutions to the students of the workshop's seats. */
  async setSolutionsVisible(principal: Principal, id: string, visible: boolean): Promise<WorkshopDto> {
    const workshop = await this.led(principal, id);
    await this.workshops.setSolutionsVisible(id, visible);
    return this.toDto({ ...workshop, solutionsVisible: visible });
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
      solutionsVisible: workshop.solutionsVisible,
      seats: await this.seatDtos(workshop, seats),
    };
  }

  private async seatDtos(workshop: WorkshopRecord, seats: SeatRecord[]): Promise<SeatDto[]> {
    const steps = this.catalog.examples.find((example) => example.name === workshop.example)?.lab?.steps ?? [];
    const lastResets = await this.sandboxes.lastResets(seats.map((seat) => seat.sandboxId));
    return Promise.all(
      seats.map(async (seat): Promise<SeatDto> => {
        const sandbox = await this.sandboxes.find(seat.sandboxId);
        const lastReset = lastResets.get(seat.sandboxId);
        // A reset brings the seed back: results from before it no longer say anything of the seat
        // (as in the student's guide); until the next evaluation every step counts as not passed.
        const stale =
          lastReset !== undefined &&
          lastReset.state !== 'failed' &&
          seat.progressAt !== null &&
          seat.progressAt.getTime() <= new Date(lastReset.requestedAt).getTime();
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
                  passed: stale ? 0 : seat.progress.filter((step) => step.passed).length,
                  total: seat.progress.length,
                  steps: seat.progress.map((step) => ({
                    id: step.id,
                    title: steps.find((candidate) => candidate.id === step.id)?.title ?? step.id,
                    passed: step.passed && !stale,
                  })),
                  evaluatedAt: seat.progressAt.toISOString(),
                },
              }
            : {}),
          ...(seat.studentName && sandbox?.lastActivityAt
            ? { lastActivityAt: sandbox.lastActivityAt.toISOString() }
            : {}),
          ...(lastReset ? { lastReset } : {}),
        };
      }),
    );
  }
}

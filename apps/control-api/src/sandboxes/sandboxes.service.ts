import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import type { SandboxRuntime } from '@lab/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Principal } from '../access/access-token.verifier';
import { LAB_CONFIG } from '../config.provider';
import { frozenOncePer } from '../common/deep-freeze';
import { CATALOG } from '../examples/catalog.provider';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { CreateSandboxDto } from './create-sandbox.dto';
import { canAccessSandbox, listingOwner } from './sandbox-access';
import { SandboxDto } from './sandbox.dto';
import {
  IdempotencyKeyReusedException,
  InvalidIdempotencyKeyException,
  QuotaExceededException,
  SandboxGoneException,
  SandboxNotFoundException,
  SeatEndsWithWorkshopException,
  TtlTooLongException,
} from './sandbox.errors';
import { exampleNamed } from './example-named';
import { SandboxLifecycle } from './sandbox-lifecycle';
import { SandboxStates } from './sandbox-states';
import { idleRemovalAt } from './reconcile/idle';
import { toSandboxDto } from './sandbox.mapper';
import { LIVE_STATES, SandboxRecord } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';
import { newSandboxRecord } from './sandbox-factory';
import { planExtension, workshopEndOf } from './extension';
import { WarmPool } from './pool/warm-pool';
import { SandboxAdmission } from './sandbox-admission';
import { ResetDto, toResetDto } from './reset/reset.dto';
import { ResetsRepository } from './reset/resets.repository';
import { SandboxResetter } from './reset/sandbox-resetter';

export interface LaunchOutcome {
  sandbox: SandboxDto;
  /** False when an earlier request with the same Idempotency-Key is answered again. */
  created: boolean;
}

/** The use cases behind /api/sandboxes: access is checked here, the slow work is the lifecycle's. */
@Injectable()
export class SandboxesService {
  private readonly logger = new Logger(SandboxesService.name);
  private readonly answers = new WeakMap<SandboxRecord, SandboxDto>();

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly sandboxes: SandboxesRepository,
    private readonly lifecycle: SandboxLifecycle,
    private readonly states: SandboxStates,
    private readonly resetter: SandboxResetter,
    private readonly resets: ResetsRepository,
    private readonly pool: WarmPool,
    private readonly admission: SandboxAdmission,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
  ) {}

  async launch(principal: Principal, input: CreateSandboxDto, idempotencyKey?: string): Promise<LaunchOutcome> {
    const key = checkIdempotencyKey(idempotencyKey);
    const requestHash = hashRequest(input);
    if (key !== undefined) {
      const earlier = await this.answerAgain(principal, key, requestHash);
      if (earlier) return earlier;
    }
    const example = exampleNamed(this.catalog, input.example);
    const ttlMinutes = input.ttlMinutes ?? this.config.ttl.defaultMinutes;
    if (ttlMinutes > this.config.ttl.maxMinutes) throw new TtlTooLongException(this.config.ttl.maxMinutes);

    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
    const record = newSandboxRecord(example, principal.userId, expiresAt, now);
    record.idempotencyKey = key ?? null;
    record.requestHash = key === undefined ? null : requestHash;
    // Idempotency keys need a row of their own; a plain launch is served from the warm pool if it can.
    const admitted = await this.admission.launch({
      ownerId: principal.userId,
      record,
      fromPool: key === undefined && this.pool.offers(example.name),
    });
    switch (admitted.kind) {
      case 'refused':
        throw new QuotaExceededException(admitted.refusal.detail, admitted.refusal.retryAfterSeconds);
      case 'repeated': {
        // A concurrent request with the same key was admitted first: answer with its sandbox.
        if (admitted.record.requestHash !== requestHash) throw new IdempotencyKeyReusedException();
        return { sandbox: this.toDto(admitted.record), created: false };
      }
      case 'claimed':
        this.pool.claimed(admitted.record);
        return { sandbox: toSandboxDto(admitted.record, example, this.runtime), created: true };
      case 'inserted':
        break;
    }
    this.logger.log(`sandbox ${record.id} of ${record.example} requested by ${principal.userId}`);
    this.lifecycle.provision(record.id);
    return { sandbox: toSandboxDto(record, example, this.runtime), created: true };
  }

  async list(principal: Principal): Promise<SandboxDto[]> {
    const records = await this.sandboxes.list(listingOwner(principal));
    return records.map((record) => this.toDto(record));
  }

  async get(principal: Principal, id: string): Promise<SandboxDto> {
    const record = await this.visible(principal, id);
    const dto = this.toDto(record);
    const lastReset = (await this.resets.latestFor([id])).get(id);
    return lastReset ? { ...dto, lastReset: toResetDto(lastReset) } : dto;
  }

  /** The record, if this principal may see it; 404 otherwise (the same answer as for no such id). */
  async visible(principal: Principal, id: string): Promise<SandboxRecord> {
    const record = await this.sandboxes.findById(id);
    if (!record || !canAccessSandbox(principal, record)) throw new SandboxNotFoundException(id);
    if (record.ownerId === principal.userId) await this.noteActivity(record);
    return record;
  }

  /** Back to the example's seed (202): idempotent while a reset of this sandbox is unfinished. */
  async reset(principal: Principal, id: string): Promise<ResetDto> {
    const record = await this.visible(principal, id);
    if (record.desired !== 'running' || !['ready', 'resetting', 'provisioning'].includes(record.state)) {
      throw new SandboxGoneException(id, record.state);
    }
    return toResetDto(await this.resetter.request(record));
  }

  /** Its user did something with it: not idle. Written at most once a minute. */
  private async noteActivity(record: SandboxRecord): Promise<void> {
    const now = new Date();
    if (record.lastActivityAt && now.getTime() - record.lastActivityAt.getTime() < 60_000) return;
    await this.sandboxes.update(record.id, { lastActivityAt: now }, now);
  }

  async extend(principal: Principal, id: string, minutes: number): Promise<SandboxDto> {
    const record = await this.visible(principal, id);
    if (record.desired !== 'running' || !LIVE_STATES.includes(record.state)) {
      throw new SandboxGoneException(id, record.state);
    }
    const now = new Date();
    const extension = planExtension({
      now,
      expiresAt: record.expiresAt,
      minutes,
      maxMinutes: this.config.ttl.maxMinutes,
      workshopEndsAt: workshopEndOf(record),
    });
    if (extension.kind === 'too-long') throw new TtlTooLongException(extension.maxMinutes);
    if (extension.kind === 'past-workshop-end') throw new SeatEndsWithWorkshopException(id, extension.endsAt);
    const { expiresAt } = extension;
    await this.sandboxes.update(id, { expiresAt }, now);
    return this.toDto({ ...record, expiresAt });
  }

  /** Idempotent: deleting a deleted sandbox answers with its current state. */
  async delete(principal: Principal, id: string): Promise<SandboxDto> {
    const record = await this.visible(principal, id);
    if (record.state === 'deleted') return this.toDto(record);
    const now = new Date();
    await this.sandboxes.update(id, { desired: 'deleted', reason: 'deleted by its user' }, now);
    // Published: the sandbox's open streams end now.
    await this.states.move(id, ['provisioning', 'ready', 'resetting', 'failed'], 'stopping', {
      reason: 'deleted by its user',
    });
    this.logger.log(`sandbox ${id} deletion requested by ${principal.userId}`);
    this.lifecycle.destroy(id);
    return this.toDto((await this.sandboxes.findById(id)) ?? record);
  }

  private async answerAgain(
    principal: Principal,
    key: string,
    requestHash: string,
  ): Promise<LaunchOutcome | undefined> {
    const earlier = await this.sandboxes.findByIdempotencyKey(principal.userId, key);
    if (!earlier) return undefined;
    if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedException();
    return { sandbox: this.toDto(earlier), created: false };
  }

  /**
   * A record read from the database's kept rows is the same object at every poll while its
   * sandbox does not change (SandboxesRepository), so its answer is made once. It depends on the
   * record, the catalog and the configuration only (the runtime's addresses are the recorded ones).
   */
  private toDto(record: SandboxRecord): SandboxDto {
    return frozenOncePer(this.answers, record, (made) => this.answerFor(made));
  }

  private answerFor(record: SandboxRecord): SandboxDto {
    const dto = toSandboxDto(
      record,
      this.catalog.examples.find((example) => example.name === record.example),
      this.runtime,
    );
    // Shown to its user so a page can warn before the sandbox is culled (README: warnings).
    const idleAt = idleRemovalAt(record, this.config.idleMs);
    return idleAt ? { ...dto, idleRemovalAt: idleAt.toISOString() } : dto;
  }
}

/** RFC draft "The Idempotency-Key HTTP Header Field": an opaque string; we bound its size. */
function checkIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) throw new InvalidIdempotencyKeyException();
  return header;
}

function hashRequest(input: CreateSandboxDto): string {
  return createHash('sha256')
    .update(JSON.stringify({ example: input.example, ttlMinutes: input.ttlMinutes ?? null }))
    .digest('hex');
}

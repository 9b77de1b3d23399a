import { Catalog, ExampleManifest, LabTarget } from '@lab/catalog';
import type { SandboxRuntime, ServiceAddress } from '@lab/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Principal } from '../access/access-token.verifier';
import type { Credential } from '../access/credential';
import { CATALOG } from '../examples/catalog.provider';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { exampleNamed } from './example-named';
import { labTarget } from './lab-target';
import { Reconciler } from './reconcile/reconciler.service';
import { ResetDto, toResetDto } from './reset/reset.dto';
import { ResetsRepository } from './reset/resets.repository';
import { SandboxResetter } from './reset/sandbox-resetter';
import { SandboxAdmission } from './sandbox-admission';
import { SandboxEvent, SandboxEventBus } from './sandbox-events';
import { newSandboxRecord } from './sandbox-factory';
import { SandboxLifecycle } from './sandbox-lifecycle';
import { SandboxStreams } from './sandbox-streams';
import { QuotaExceededException } from './sandbox.errors';
import { SandboxRecord } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';
import { SandboxesService } from './sandboxes.service';
import type { SandboxDto } from './sandbox.dto';

// The vocabulary other modules share with this one.
export type { SandboxEvent } from './sandbox-events';
export type { SandboxRecord } from './sandbox.record';
export { QuotaExceededException } from './sandbox.errors';

/**
 * What other modules (workshops, the console) may do with sandboxes: launch and hand over workshop
 * seats, find them, show them to a caller, reset them, let them expire, follow their events. Everything else of `sandboxes/` stays
 * inside the module.
 */
@Injectable()
export class SandboxesFacade {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    private readonly sandboxes: SandboxesRepository,
    private readonly admission: SandboxAdmission,
    private readonly lifecycle: SandboxLifecycle,
    private readonly resetter: SandboxResetter,
    private readonly resets: ResetsRepository,
    private readonly reconciler: Reconciler,
    private readonly bus: SandboxEventBus,
    private readonly streams: SandboxStreams,
    private readonly service: SandboxesService,
  ) {}

  /** Throws the 400 problem when the catalog has no such example. */
  checkExample(name: string): void {
    exampleNamed(this.catalog, name);
  }

  /**
   * Workshop seats: admitted all at once or not at all (429 when they do not fit the lab's total,
   * as one atomic step with every other admission), provisioned now (queued behind other
   * operations), owned by the leader until a student joins (or by `ownerId`: the student of a seat
   * brought back), removed when the workshop ends — their expiry is the workshop's end, never
   * extended past it. Unjoined seats count in the total only, not against the leader's own quota.
   */
  async launchSeats(
    exampleName: string,
    leaderId: string,
    workshopId: string,
    endsAt: Date,
    count: number,
    ownerId: string = leaderId,
  ): Promise<SandboxRecord[]> {
    const example = exampleNamed(this.catalog, exampleName);
    const now = new Date();
    const records = Array.from({ length: count }, () => {
      const record = newSandboxRecord(example, ownerId, endsAt, now);
      record.workshopId = workshopId;
      record.leaderId = leaderId;
      return record;
    });
    const refusal = await this.admission.reserve(records);
    if (refusal) {
      throw new QuotaExceededException(`${count} seat(s) do not fit. ${refusal.detail}`, refusal.retryAfterSeconds);
    }
    for (const record of records) this.lifecycle.provision(record.id);
    return records;
  }

  /** One workshop seat (see launchSeats). */
  async launchSeat(
    exampleName: string,
    leaderId: string,
    workshopId: string,
    endsAt: Date,
    ownerId: string = leaderId,
  ): Promise<SandboxRecord> {
    const [record] = await this.launchSeats(exampleName, leaderId, workshopId, endsAt, 1, ownerId);
    return record!;
  }

  /** Hands a sandbox to a new owner (a student joining a seat, or the leader getting it back). */
  async transferTo(id: string, ownerId: string): Promise<void> {
    const now = new Date();
    await this.sandboxes.update(id, { ownerId, lastActivityAt: now }, now);
  }

  /** The record, if this principal may see it; the 404 problem otherwise (as every sandbox route). */
  visible(principal: Principal, id: string): Promise<SandboxRecord> {
    return this.service.visible(principal, id);
  }

  /** What this principal sees of it (services with their connection URLs); the 404 problem otherwise. */
  view(principal: Principal, id: string): Promise<SandboxDto> {
    return this.service.get(principal, id);
  }

  find(id: string): Promise<SandboxRecord | undefined> {
    return this.sandboxes.findById(id);
  }

  /** How many sandboxes hold resources now (every owner). */
  async liveCount(): Promise<number> {
    return (await this.sandboxes.listLive()).length;
  }

  /** Asks for a reset of a running sandbox (idempotent while one is unfinished); it runs in the background. */
  async requestReset(sandbox: SandboxRecord, batchId: string | null = null): Promise<ResetDto> {
    return toResetDto(await this.resetter.request(sandbox, batchId));
  }

  /** The latest reset of each of these sandboxes that has one. */
  async lastResets(ids: string[]): Promise<Map<string, ResetDto>> {
    const latest = await this.resets.latestFor(ids);
    return new Map([...latest].map(([id, reset]) => [id, toResetDto(reset)]));
  }

  /** Its user did something with it (e.g. lab progress): not idle. */
  async noteActivity(id: string, now: Date): Promise<void> {
    await this.sandboxes.update(id, { lastActivityAt: now }, now);
  }

  /** A workshop seat lives until its (extended) workshop's new end. */
  async extendSeat(id: string, endsAt: Date): Promise<void> {
    await this.sandboxes.update(id, { expiresAt: endsAt }, new Date());
  }

  /** Expires it now: the reconciler removes it (at its next pass, or at once after `removeExpiredSoon`). */
  async expire(id: string, now: Date): Promise<void> {
    await this.sandboxes.update(id, { expiresAt: now }, now);
  }

  /** A reconcile pass now rather than at the next periodic one. */
  removeExpiredSoon(): void {
    void this.reconciler.requestPass();
  }

  /** Where a sandbox's lab checks go: its app's published base URL and its services' connection URLs. */
  labTarget(sandbox: SandboxRecord, example: ExampleManifest): LabTarget {
    return labTarget(sandbox, example, this.runtime);
  }

  /**
   * Where its example's app (`app:` in lab.yaml) answers, as the runtime locates it: `undefined`
   * when the example has none or the sandbox has no address for it (not provisioned yet).
   */
  appEndpoint(sandbox: SandboxRecord): ServiceAddress | undefined {
    const app = this.catalog.examples.find((example) => example.name === sandbox.example)?.app;
    return app ? this.runtime.endpoint(sandbox, app.service, app.port) : undefined;
  }

  /** Whether its example declares an app at all. */
  hasApp(sandbox: SandboxRecord): boolean {
    return this.catalog.examples.find((example) => example.name === sandbox.example)?.app !== undefined;
  }

  /** State changes and provisioning steps of one sandbox, as they happen. */
  eventsOf(sandboxId: string): Observable<SandboxEvent> {
    return this.bus.of(sandboxId);
  }

  /**
   * `source` as one of the caller's LAB_STREAMS_PER_USER streams (429 beyond), ended when the
   * caller's token is revoked or browser session ends.
   */
  stream<T>(principal: Principal, credential: Credential, source: Observable<T>): Observable<T> {
    return this.streams.bound(principal, credential, [], source);
  }
}

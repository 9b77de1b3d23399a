import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Not, QueryFailedError, Repository } from 'typeorm';
import { WorkshopEntity, WorkshopSeatEntity } from './workshop.entity';
import { SeatRecord, StepProgress, WorkshopRecord } from './workshop.record';

@Injectable()
export class WorkshopsRepository {
  constructor(
    @InjectRepository(WorkshopEntity) private readonly workshops: Repository<WorkshopEntity>,
    @InjectRepository(WorkshopSeatEntity) private readonly seats: Repository<WorkshopSeatEntity>,
  ) {}

  async insert(workshop: WorkshopRecord, seats: SeatRecord[]): Promise<void> {
    await this.workshops.manager.transaction(async (manager) => {
      await manager.insert(WorkshopEntity, toWorkshopEntity(workshop));
      await manager.insert(WorkshopSeatEntity, seats.map(toSeatEntity));
    });
  }

  async findById(id: string): Promise<WorkshopRecord | undefined> {
    const row = await this.workshops.findOneBy({ id });
    return row ? toWorkshopRecord(row) : undefined;
  }

  async findByJoinCodeHash(joinCodeHash: string): Promise<WorkshopRecord | undefined> {
    const row = await this.workshops.findOneBy({ joinCodeHash });
    return row ? toWorkshopRecord(row) : undefined;
  }

  /** Newest first; `leaderId` undefined = everyone's. */
  async list(leaderId?: string): Promise<WorkshopRecord[]> {
    const rows = await this.workshops.find({
      where: leaderId === undefined ? {} : { leaderId },
      order: { createdAt: 'DESC' },
    });
    return rows.map(toWorkshopRecord);
  }

  async listActive(): Promise<WorkshopRecord[]> {
    return (await this.workshops.findBy({ endedAt: IsNull() })).map(toWorkshopRecord);
  }

  /** Workshops ended before their `endsAt` that has not come yet (their seat tokens would still be valid). */
  async listEndedEarly(now: Date): Promise<WorkshopRecord[]> {
    return (await this.workshops.findBy({ endedAt: Not(IsNull()), endsAt: MoreThan(now.toISOString()) })).map(
      toWorkshopRecord,
    );
  }

  async seatsOf(workshopId: string): Promise<SeatRecord[]> {
    return (await this.seats.find({ where: { workshopId }, order: { seat: 'ASC' } })).map(toSeatRecord);
  }

  async seatOfStudent(workshopId: string, studentName: string): Promise<SeatRecord | undefined> {
    const row = await this.seats.findOneBy({ workshopId, studentName });
    return row ? toSeatRecord(row) : undefined;
  }

  async seat(workshopId: string, seat: number): Promise<SeatRecord | undefined> {
    const row = await this.seats.findOneBy({ workshopId, seat });
    return row ? toSeatRecord(row) : undefined;
  }

  /**
   * Gives the seat to the student if nobody has it yet (compare-and-set on the free seat): two
   * students joining at once never get the same seat. `name-taken`: the name got a seat meanwhile
   * (the unique index on workshop + name refused a second one).
   */
  async claimSeat(
    workshopId: string,
    seat: number,
    claim: { studentName: string; rejoinSecretHash: string },
    at: Date,
  ): Promise<'claimed' | 'lost' | 'name-taken'> {
    try {
      const result = await this.seats.update(
        { workshopId, seat, studentName: IsNull() },
        { ...claim, tokenId: null, joinedAt: at.toISOString() },
      );
      return (result.affected ?? 0) > 0 ? 'claimed' : 'lost';
    } catch (error) {
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) return 'name-taken';
      throw error;
    }
  }

  /**
   * Binds a new token to the seat if its current one is still `expected` (compare-and-set): of two
   * concurrent rejoins, or a rejoin and a release, exactly one wins.
   */
  async swapSeatToken(
    workshopId: string,
    seat: number,
    holder: { studentName: string; tokenId: string | null },
    tokenId: string,
  ): Promise<boolean> {
    const result = await this.seats.update(
      { workshopId, seat, studentName: holder.studentName, tokenId: holder.tokenId ?? IsNull() },
      { tokenId },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Frees the seat if it is still held as seen (compare-and-set); its progress goes with the student. */
  async releaseSeat(
    workshopId: string,
    seat: number,
    holder: { studentName: string; tokenId: string | null },
  ): Promise<boolean> {
    const result = await this.seats.update(
      { workshopId, seat, studentName: holder.studentName, tokenId: holder.tokenId ?? IsNull() },
      { studentName: null, tokenId: null, joinedAt: null, rejoinSecretHash: null, progress: null, progressAt: null },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Points the seat at a new sandbox if it still has `previous` (compare-and-set); its progress starts over. */
  async replaceSeatSandbox(workshopId: string, seat: number, previous: string, sandboxId: string): Promise<boolean> {
    const result = await this.seats.update(
      { workshopId, seat, sandboxId: previous },
      { sandboxId, progress: null, progressAt: null },
    );
    return (result.affected ?? 0) > 0;
  }

  async saveProgress(workshopId: string, seat: number, progress: StepProgress[], at: Date): Promise<void> {
    await this.seats.update({ workshopId, seat }, { progress: JSON.stringify(progress), progressAt: at.toISOString() });
  }

  /** Moves the end from `previous` to `next` unless it changed or the workshop ended meanwhile (compare-and-set). */
  async extend(id: string, previous: Date, next: Date): Promise<boolean> {
    const result = await this.workshops.update(
      { id, endsAt: previous.toISOString(), endedAt: IsNull() },
      { endsAt: next.toISOString() },
    );
    return (result.affected ?? 0) > 0;
  }

  async setSolutionsVisible(id: string, visible: boolean): Promise<void> {
    await this.workshops.update({ id }, { solutionsVisible: visible });
  }

  async seatOfSandbox(workshopId: string, sandboxId: string): Promise<SeatRecord | undefined> {
    const row = await this.seats.findOneBy({ workshopId, sandboxId });
    return row ? toSeatRecord(row) : undefined;
  }

  async markEnded(id: string, at: Date): Promise<void> {
    await this.workshops.update({ id, endedAt: IsNull() }, { endedAt: at.toISOString() });
  }
}

function toWorkshopEntity(record: WorkshopRecord): WorkshopEntity {
  return {
    id: record.id,
    leaderId: record.leaderId,
    example: record.example,
    seats: record.seats,
    joinCodeHash: record.joinCodeHash,
    createdAt: record.createdAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    endedAt: record.endedAt?.toISOString() ?? null,
    solutionsVisible: record.solutionsVisible,
  };
}

function toWorkshopRecord(row: WorkshopEntity): WorkshopRecord {
  return {
    id: row.id,
    leaderId: row.leaderId,
    example: row.example,
    seats: row.seats,
    joinCodeHash: row.joinCodeHash,
    createdAt: new Date(row.createdAt),
    endsAt: new Date(row.endsAt),
    endedAt: row.endedAt === null ? null : new Date(row.endedAt),
    // SQLite hands booleans back as 0/1.
    solutionsVisible: Boolean(row.solutionsVisible),
  };
}

function toSeatEntity(record: SeatRecord): WorkshopSeatEntity {
  return {
    workshopId: record.workshopId,
    seat: record.seat,
    sandboxId: record.sandboxId,
    studentName: record.studentName,
    tokenId: record.tokenId,
    joinedAt: record.joinedAt?.toISOString() ?? null,
    rejoinSecretHash: record.rejoinSecretHash,
    progress: record.progress === null ? null : JSON.stringify(record.progress),
    progressAt: record.progressAt?.toISOString() ?? null,
  };
}

function toSeatRecord(row: WorkshopSeatEntity): SeatRecord {
  return {
    workshopId: row.workshopId,
    seat: row.seat,
    sandboxId: row.sandboxId,
    studentName: row.studentName,
    tokenId: row.tokenId,
    joinedAt: row.joinedAt === null ? null : new Date(row.joinedAt),
    rejoinSecretHash: row.rejoinSecretHash,
    progress: row.progress === null ? null : (JSON.parse(row.progress) as StepProgress[]),
    progressAt: row.progressAt === null ? null : new Date(row.progressAt),
  };
}

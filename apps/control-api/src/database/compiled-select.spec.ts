import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn, Repository } from 'typeorm';
import { CompiledSelect } from './compiled-select';

@Entity('notes')
class NoteEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 }) id!: string;
  @Column({ name: 'owner_id', type: 'varchar', length: 8 }) ownerId!: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ type: 'text', nullable: true }) body!: string | null;
  @Column({ name: 'word_count', type: 'integer', nullable: true }) wordCount!: number | null;
}

const NOTES: NoteEntity[] = [
  { id: 'a', ownerId: 'ann', createdAt: '2026-01-01', body: 'first', wordCount: 1 },
  { id: 'b', ownerId: 'bob', createdAt: '2026-01-02', body: null, wordCount: null },
  { id: 'c', ownerId: 'ann', createdAt: '2026-01-03', body: "it's", wordCount: 2 },
];

// A real SQLite database (in memory): the SQL TypeORM renders is what runs.
describe('CompiledSelect', () => {
  let source: DataSource;
  let notes: Repository<NoteEntity>;

  beforeAll(async () => {
    source = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [NoteEntity],
      synchronize: true,
    });
    await source.initialize();
    notes = source.getRepository(NoteEntity);
    await notes.insert(NOTES);
  });

  afterAll(() => source.destroy());

  it('returns the rows find() returns, with every column under its property name', async () => {
    const ofOwner = new CompiledSelect<NoteEntity, { ownerId: string }>(
      notes,
      (query) => query.where('row.ownerId = :ownerId').orderBy('row.createdAt', 'DESC'),
      ['ownerId'],
    );
    const expected = await notes.find({ where: { ownerId: 'ann' }, order: { createdAt: 'DESC' } });
    expect(await ofOwner.run({ ownerId: 'ann' })).toEqual(expected.map((note) => ({ ...note })));
  });

  it('binds each run’s values in the order the SQL names them', async () => {
    const between = new CompiledSelect<NoteEntity, { from: string; owner: string }>(
      notes,
      (query) => query.where('row.createdAt >= :from').andWhere('row.ownerId = :owner').orderBy('row.id', 'ASC'),
      ['owner', 'from'],
    );
    await between.run({ owner: 'bob', from: '2026-01-01' });
    expect((await between.run({ owner: 'ann', from: '2026-01-02' })).map((note) => note.id)).toEqual(['c']);
  });

  it('refuses a query with a value fixed at build time', async () => {
    const fixed = new CompiledSelect<NoteEntity, Record<string, never>>(
      notes,
      (query) => query.where('row.ownerId = :owner', { owner: 'ann' }),
      [],
    );
    await expect(fixed.run({})).rejects.toThrow(/every value of the query must be a parameter/);
  });
});

// Kept rows on SQLite: a file database, so a second connection can stand for another process.
describe('CompiledSelect on SQLite keeps rows until the database changes', () => {
  let dir: string;
  let source: DataSource;
  let other: DataSource;
  let notes: Repository<NoteEntity>;
  let ofOwner: CompiledSelect<NoteEntity, { ownerId: string }>;
  const bodiesOf = async (ownerId: string) => (await ofOwner.run({ ownerId })).map((note) => note.body);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compiled-select-'));
    const options = { type: 'better-sqlite3' as const, database: join(dir, 'notes.sqlite'), entities: [NoteEntity] };
    source = await new DataSource({ ...options, synchronize: true, enableWAL: true }).initialize();
    other = await new DataSource(options).initialize();
    notes = source.getRepository(NoteEntity);
    await notes.insert(NOTES);
    ofOwner = new CompiledSelect(notes, (query) => query.where('row.ownerId = :ownerId').orderBy('row.id', 'ASC'), [
      'ownerId',
    ]);
  });

  afterEach(async () => {
    await other.destroy();
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the same parameters again without the query, with frozen rows', async () => {
    const query = jest.spyOn(notes, 'query');
    const first = await ofOwner.run({ ownerId: 'ann' });
    const again = await ofOwner.run({ ownerId: 'ann' });
    expect(again).toBe(first);
    expect(query).toHaveBeenCalledTimes(1);
    expect([again, ...again].map((value) => Object.isFrozen(value))).toEqual([true, true, true]);
    expect(await bodiesOf('bob')).toEqual([null]);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('sees a write of this process at once', async () => {
    expect(await bodiesOf('ann')).toEqual(['first', "it's"]);
    await notes.update({ id: 'a' }, { body: 'changed' });
    expect(await bodiesOf('ann')).toEqual(['changed', "it's"]);
    await notes.delete({ id: 'c' });
    expect(await bodiesOf('ann')).toEqual(['changed']);
  });

  it('sees a commit of another connection (another process on the same file) at once', async () => {
    expect(await bodiesOf('ann')).toEqual(['first', "it's"]);
    await other.getRepository(NoteEntity).update({ id: 'a' }, { body: 'from elsewhere' });
    expect(await bodiesOf('ann')).toEqual(['from elsewhere', "it's"]);
  });

  it('reads what a transaction wrote while it is open, and never keeps it past a rollback', async () => {
    expect(await bodiesOf('ann')).toEqual(['first', "it's"]);
    const rolledBack = source.transaction(async (manager) => {
      await manager.update(NoteEntity, { id: 'a' }, { body: 'uncommitted' });
      // SQLite's one connection is shared: a read outside the transaction sees its write.
      expect(await bodiesOf('ann')).toEqual(['uncommitted', "it's"]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await bodiesOf('ann')).toEqual(['first', "it's"]);
  });

  it('keeps nothing for a repository bound to a transaction', async () => {
    await source.transaction(async (manager) => {
      const bound = manager.getRepository(NoteEntity);
      const inside = new CompiledSelect<NoteEntity, { id: string }>(bound, (query) => query.where('row.id = :id'), [
        'id',
      ]);
      const query = jest.spyOn(bound, 'query');
      await inside.run({ id: 'a' });
      await inside.run({ id: 'a' });
      expect(query).toHaveBeenCalledTimes(2);
    });
  });
});

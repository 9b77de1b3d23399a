import 'reflect-metadata';
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

/**
 * `brackets-manager`'s storage (its CrudInterface) on our database: one adapter per tournament and
 * transaction, so the library reads and writes one tournament's bracket, under the lock its caller
 * holds (bracket.ts). Each library table is a `tournament_*` table of migration 032; the columns of
 * our own (`tournament_id`, `game_id`) are written by us and never handed to the library.
 * `match_game` (best-of-N child games) is not used: every match is one game.
 */
import type { Db } from '@volley/core';
import type { CrudInterface, DataTypes, Id, OmitId, Table } from 'brackets-model';

interface TableSpec {
  name: string;
  /** The library's columns, `id` aside. */
  columns: readonly string[];
  json: readonly string[];
}

const TABLES: Record<Exclude<Table, 'match_game'>, TableSpec> = {
  participant: { name: 'tournament_participants', columns: ['tournament_id', 'name'], json: [] },
  stage: { name: 'tournament_stages', columns: ['tournament_id', 'name', 'type', 'settings', 'number'], json: ['settings'] },
  group: { name: 'tournament_groups', columns: ['stage_id', 'number'], json: [] },
  round: { name: 'tournament_rounds', columns: ['stage_id', 'group_id', 'number'], json: [] },
  match: { name: 'tournament_matches', columns: ['stage_id', 'group_id', 'round_id', 'number', 'child_count', 'status', 'opponent1', 'opponent2'], json: ['opponent1', 'opponent2'] },
};

type Row = Record<string, unknown>;

function specOf(table: Table): TableSpec {
  if (table === 'match_game') throw new Error('tournament matches are single games: no match_game');
  return TABLES[table];
}

/** The library's values as columns: JSON columns serialized (null stays SQL null), unknown keys dropped. */
function toColumns(spec: TableSpec, value: Row): Row {
  const row: Row = {};
  for (const column of spec.columns) {
    if (!(column in value)) continue;
    const v = value[column];
    row[column] = spec.json.includes(column) && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
  }
  return row;
}

/** A row as the library knows it: its columns only; a null opponent is a bye. */
function fromRow(spec: TableSpec, row: Row): Row {
  const value: Row = { id: row.id };
  for (const column of spec.columns) {
    const v = row[column];
    value[column] = spec.json.includes(column) && typeof v === 'string' ? JSON.parse(v) : v;
  }
  return value;
}

/** True when `value` holds everything `filter` says: objects (an opponent) by their keys, as `@>` does on a JSON column. */
function holds(value: unknown, filter: unknown): boolean {
  if (filter !== null && typeof filter === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(filter).every(([key, v]) => v === undefined || holds((value as Row)[key], v));
  }
  return value === filter || (value !== null && filter !== null && value !== undefined && String(value) === String(filter));
}

export class BracketStorage implements CrudInterface {
  constructor(
    private readonly db: Db,
    readonly tournamentId: string,
  ) {}

  private scoped(spec: TableSpec) {
    return this.db(spec.name).where('tournament_id', this.tournamentId);
  }

  /** A filter's keys as column conditions; an object value (an opponent) compares as JSON. */
  private filtered(spec: TableSpec, filter: Row) {
    const query = this.scoped(spec);
    for (const [key, v] of Object.entries(filter)) {
      if (v === undefined) continue;
      if (key !== 'id' && !spec.columns.includes(key)) throw new Error(`no column ${key} in ${spec.name}`);
      if (v !== null && typeof v === 'object') query.whereRaw('?? @> ?::jsonb', [key, JSON.stringify(v)]);
      else query.where(key, v as string | number | boolean);
    }
    return query;
  }

  insert<T extends Table>(table: T, value: OmitId<DataTypes[T]>): Promise<Id>;
  insert<T extends Table>(table: T, values: OmitId<DataTypes[T]>[]): Promise<boolean>;
  async insert<T extends Table>(table: T, value: OmitId<DataTypes[T]> | OmitId<DataTypes[T]>[]): Promise<Id | boolean> {
    const spec = specOf(table);
    const rows = (Array.isArray(value) ? value : [value]).map((v) => ({ ...toColumns(spec, v as Row), tournament_id: this.tournamentId }));
    if (rows.length === 0) return true;
    const inserted: { id: number }[] = await this.db(spec.name).insert(rows).returning('id');
    return Array.isArray(value) ? true : inserted[0]!.id;
  }

  select<T extends Table>(table: T): Promise<DataTypes[T][] | null>;
  select<T extends Table>(table: T, id: Id): Promise<DataTypes[T] | null>;
  select<T extends Table>(table: T, filter: Partial<DataTypes[T]>): Promise<DataTypes[T][] | null>;
  async select<T extends Table>(table: T, arg?: Id | Partial<DataTypes[T]>): Promise<DataTypes[T] | DataTypes[T][] | null> {
    if (table === 'match_game') return arg === undefined || typeof arg === 'object' ? [] : null;
    const spec = specOf(table);
    if (arg !== undefined && typeof arg !== 'object') {
      const row: Row | undefined = await this.scoped(spec).where('id', arg).first();
      return row ? (fromRow(spec, row) as unknown as DataTypes[T]) : null;
    }
    const rows: Row[] = await this.filtered(spec, (arg ?? {}) as Row).orderBy('id');
    return rows.map((row) => fromRow(spec, row) as unknown as DataTypes[T]);
  }

  update<T extends Table>(table: T, id: Id, value: DataTypes[T]): Promise<boolean>;
  update<T extends Table>(table: T, filter: Partial<DataTypes[T]>, value: Partial<DataTypes[T]>): Promise<boolean>;
  async update<T extends Table>(table: T, arg: Id | Partial<DataTypes[T]>, value: Partial<DataTypes[T]>): Promise<boolean> {
    if (table === 'match_game') return true;
    const spec = specOf(table);
    const changes = toColumns(spec, value as Row);
    if (Object.keys(changes).length === 0) return true;
    const query = typeof arg === 'object' ? this.filtered(spec, arg as Row) : this.scoped(spec).where('id', arg);
    await query.update(changes);
    return true;
  }

  async delete<T extends Table>(table: T, filter?: Partial<DataTypes[T]>): Promise<boolean> {
    if (table === 'match_game') return true;
    const spec = specOf(table);
    await this.filtered(spec, (filter ?? {}) as Row).delete();
    return true;
  }
}

type CachedTable = Exclude<Table, 'match_game'>;

/**
 * The same storage for the length of one step: each table of the tournament is read once, on the
 * library's first look at it, and served from memory after; updates change the rows in memory and
 * are written, one statement per table, by `flush` before the step reads the bracket again.
 * Recording a result makes the library look at the stage, its rounds and its matches a dozen times:
 * through the plain adapter each look was a statement under the tournament's lock. Inserts and
 * deletes (drawing a stage) go straight to the database and forget what was read.
 */
export class StepStorage implements CrudInterface {
  readonly #direct: BracketStorage;
  readonly #rows = new Map<CachedTable, Promise<Row[]>>();
  readonly #dirty = new Map<CachedTable, Set<number>>();

  constructor(
    private readonly db: Db,
    readonly tournamentId: string,
  ) {
    this.#direct = new BracketStorage(db, tournamentId);
  }

  /** The tournament's rows of `table`, in id order, with our own columns too (`game_id`). */
  rows(table: CachedTable): Promise<Row[]> {
    let rows = this.#rows.get(table);
    if (!rows) {
      const spec = TABLES[table];
      rows = this.db(spec.name)
        .where('tournament_id', this.tournamentId)
        .orderBy('id')
        .then((found: Row[]) => found.map((row) => ({ ...row, ...fromRow(spec, row) })));
      this.#rows.set(table, rows);
    }
    return rows;
  }

  insert<T extends Table>(table: T, value: OmitId<DataTypes[T]>): Promise<Id>;
  insert<T extends Table>(table: T, values: OmitId<DataTypes[T]>[]): Promise<boolean>;
  async insert<T extends Table>(table: T, value: OmitId<DataTypes[T]> | OmitId<DataTypes[T]>[]): Promise<Id | boolean> {
    await this.flush();
    this.#rows.clear();
    return await this.#direct.insert(table, value as OmitId<DataTypes[T]>[]);
  }

  select<T extends Table>(table: T): Promise<DataTypes[T][] | null>;
  select<T extends Table>(table: T, id: Id): Promise<DataTypes[T] | null>;
  select<T extends Table>(table: T, filter: Partial<DataTypes[T]>): Promise<DataTypes[T][] | null>;
  async select<T extends Table>(table: T, arg?: Id | Partial<DataTypes[T]>): Promise<DataTypes[T] | DataTypes[T][] | null> {
    if (table === 'match_game') return arg === undefined || typeof arg === 'object' ? [] : null;
    const spec = specOf(table);
    const rows = await this.rows(table as CachedTable);
    // Copies: the library changes what it reads before writing it back.
    const asLibrary = (row: Row) => structuredClone(fromRow(spec, row)) as unknown as DataTypes[T];
    if (arg !== undefined && typeof arg !== 'object') {
      const row = rows.find((r) => holds(r.id, arg));
      return row ? asLibrary(row) : null;
    }
    return rows.filter((row) => this.#matches(spec, row, (arg ?? {}) as Row)).map(asLibrary);
  }

  update<T extends Table>(table: T, id: Id, value: DataTypes[T]): Promise<boolean>;
  update<T extends Table>(table: T, filter: Partial<DataTypes[T]>, value: Partial<DataTypes[T]>): Promise<boolean>;
  async update<T extends Table>(table: T, arg: Id | Partial<DataTypes[T]>, value: Partial<DataTypes[T]>): Promise<boolean> {
    if (table === 'match_game') return true;
    const spec = specOf(table);
    const changes = Object.fromEntries(spec.columns.filter((c) => c in (value as Row)).map((c) => [c, structuredClone((value as Row)[c] ?? null)]));
    if (Object.keys(changes).length === 0) return true;
    const rows = await this.rows(table as CachedTable);
    const chosen = typeof arg === 'object' ? rows.filter((row) => this.#matches(spec, row, arg as Row)) : rows.filter((r) => holds(r.id, arg));
    let dirty = this.#dirty.get(table as CachedTable);
    if (!dirty) this.#dirty.set(table as CachedTable, (dirty = new Set()));
    for (const row of chosen) {
      Object.assign(row, changes);
      dirty.add(Number(row.id));
    }
    return true;
  }

  async delete<T extends Table>(table: T, filter?: Partial<DataTypes[T]>): Promise<boolean> {
    await this.flush();
    this.#rows.clear();
    return await this.#direct.delete(table, filter);
  }

  /**
   * Writes the rows the library changed since the last flush: one statement per table, the rows
   * typed by the table itself (`json_populate_recordset`), however many a step changed (a round's
   * results move two matches each).
   */
  async flush(): Promise<void> {
    for (const [table, ids] of this.#dirty) {
      const spec = TABLES[table];
      const rows = (await this.rows(table)).filter((r) => ids.has(Number(r.id)));
      if (rows.length === 0) continue;
      const values = rows.map((row) => Object.fromEntries(['id', ...spec.columns].map((c) => [c, row[c] ?? null])));
      const columns = spec.columns.filter((c) => c !== 'tournament_id');
      await this.db.raw(
        `update ?? as t set ${columns.map(() => '?? = v.??').join(', ')} from json_populate_recordset(null::??, ?::json) as v where t.id = v.id and t.tournament_id = ?`,
        [spec.name, ...columns.flatMap((c) => [c, c]), spec.name, JSON.stringify(values), this.tournamentId],
      );
    }
    this.#dirty.clear();
  }

  #matches(spec: TableSpec, row: Row, filter: Row): boolean {
    return Object.entries(filter).every(([key, v]) => {
      if (v === undefined) return true;
      if (key !== 'id' && !spec.columns.includes(key)) throw new Error(`no column ${key} in ${spec.name}`);
      return holds(row[key], v);
    });
  }
}

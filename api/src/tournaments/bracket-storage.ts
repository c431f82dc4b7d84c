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

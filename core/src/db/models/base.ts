import { Model, snakeCaseMappers } from 'objection';

/** Models are never bound to a global knex: query with `X.query(db)` or `X.query(trx)`. */
export class BaseModel extends Model {
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }
}

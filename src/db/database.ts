/** The one thing stores need from a database: parameterised queries and transactions. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A transaction can also bulk-load: COPY is several times faster than INSERT for many rows. */
export interface Transaction extends Queryable {
  /** Loads rows (COPY's text format, one `copyLine` each) into `table`'s `columns`. */
  copyFrom(table: string, columns: readonly string[], rows: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

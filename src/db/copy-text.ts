/** A value COPY's text format can carry: null is `\N`; booleans and numbers as PostgreSQL reads them. */
export type CopyValue = string | number | boolean | null;

/** Backslash, tab, newline and carriage return are the only bytes COPY's text format treats specially. */
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row of `COPY … FROM STDIN` (text format): tab-separated, escaped, newline-terminated. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else if (typeof v === 'string') line += SPECIAL.test(v) ? v.replace(SPECIAL, (c) => ESCAPES[c]!) : v;
    else line += String(v);
    SPECIAL.lastIndex = 0;
  }
  return line + '\n';
}

/** The COPY statement's target: our own table and column names, checked so nothing else can reach the SQL. */
export function copyTarget(table: string, columns: readonly string[]): string {
  for (const name of [table, ...columns]) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `${table} (${columns.join(', ')})`;
}

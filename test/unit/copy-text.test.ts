import { describe, expect, it } from 'vitest';
import { copyLine, copyTarget } from '../../src/db/copy-text.ts';

describe('COPY text rows', () => {
  it('escapes the four bytes COPY reads specially, writes null as \\N and ends the row', () => {
    expect(copyLine(['a\tb', 'line\nbreak\r', 'back\\slash', null, 7, true])).toBe('a\\tb\tline\\nbreak\\r\tback\\\\slash\t\\N\t7\ttrue\n');
  });

  it('leaves everything else as it is, including a literal "\\N" typed by someone', () => {
    expect(copyLine(['María José', '{"city":"Monterrey"}', '\\N'])).toBe('María José\t{"city":"Monterrey"}\t\\\\N\n');
  });

  it('names only plain identifiers', () => {
    expect(copyTarget('import_rows', ['email', 'name'])).toBe('import_rows (email, name)');
    expect(() => copyTarget('import_rows; drop table x', ['email'])).toThrow(/not a plain identifier/);
  });
});

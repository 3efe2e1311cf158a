import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from '../../src/subscribers/csv-parser.ts';
import { emailProblem } from '../../src/subscribers/email-address.ts';
import { readHeader } from '../../src/subscribers/csv-dialects.ts';
import { parseSubscriberRow } from '../../src/subscribers/subscriber-row.ts';
import { seededRandom } from '../support/fake-resend-server.ts';

const ALPHABET = ['a', 'Z', '0', '@', '.', ',', '"', '\n', '\r', '\r\n', ' ', 'é', '用', '\ufeff', '=', '-', 'paid', 'free', 'x@y.io', 'America/Mexico_City', '\u0000', '😀'];
const VALID_TIERS = new Set(['free', 'paid']);

/** Imports text the way `subscribers import` does, chunked at random, and returns what would be written. */
function importText(text: string, random: () => number) {
  const parser = new CsvParser();
  const records = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(random() * 40);
    records.push(...parser.push(text.slice(i, i + n)));
    i += n;
  }
  try {
    records.push(...parser.end());
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err; // the only error allowed: reported by line
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const h = readHeader(header.fields);
  if ('error' in h) return [];
  return rows.map((r) => parseSubscriberRow(h, r.fields)).filter((r) => r.ok).map((r) => r.value);
}

describe('CSV import under random and mutated input', () => {
  it('never crashes and never accepts an invalid row (2,000 random files)', () => {
    const random = seededRandom(7);
    for (let file = 0; file < 2000; file++) {
      const header = random() < 0.8 ? 'email,name,tier,timezone\n' : '';
      const body = Array.from({ length: Math.floor(random() * 200) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
      for (const row of importText(header + body, random)) {
        expect(emailProblem(row.email)).toBeNull();
        expect(VALID_TIERS.has(row.tier ?? 'free')).toBe(true);
        expect(row.emailNormalized).toBe(row.emailNormalized.toLowerCase());
      }
    }
  });

  it('survives mutations of a valid file: every imported row is still valid', () => {
    const random = seededRandom(11);
    const valid = 'email,name,tier,timezone,city\r\n"ana@example.com","Ana, ""la jefa""",paid,America/Mexico_City,CDMX\r\nluis@example.com,Luis,free,,\r\n';
    for (let i = 0; i < 2000; i++) {
      const chars = [...valid];
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, ALPHABET[Math.floor(random() * ALPHABET.length)]!);
        else chars[at] = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
      }
      for (const row of importText(chars.join(''), random)) {
        expect(emailProblem(row.email)).toBeNull();
        expect(VALID_TIERS.has(row.tier ?? 'free')).toBe(true);
      }
    }
  });
});

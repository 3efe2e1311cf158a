/**
 * Publication dates as feeds write them: RFC 822/2822 (`Thu, 21 Nov 2024
 * 14:00:00 +0000`, two-digit years, named zones), ISO 8601 / W3C-DTF
 * (`2024-11-21T08:00:00-06:00`, `2024-11-21`), and the same with Spanish or
 * Portuguese day and month names (`mié, 20 nov 2024 10:00:00 -0600`, `20 de
 * noviembre de 2024 10:00`, `quarta-feira, 20 de novembro de 2024`). A date
 * without a zone is UTC. Pure: text in, a Date or null out.
 */

const MONTHS: Record<string, number> = {};
const monthNames: [number, string[]][] = [
  [1, ['jan', 'january', 'ene', 'enero', 'janeiro']],
  [2, ['feb', 'february', 'febrero', 'fev', 'fevereiro']],
  [3, ['mar', 'march', 'marzo', 'marco']],
  [4, ['apr', 'april', 'abr', 'abril']],
  [5, ['may', 'mayo', 'mai', 'maio']],
  [6, ['jun', 'june', 'junio', 'junho']],
  [7, ['jul', 'july', 'julio', 'julho']],
  [8, ['aug', 'august', 'ago', 'agosto']],
  [9, ['sep', 'sept', 'september', 'septiembre', 'set', 'setiembre', 'setembro']],
  [10, ['oct', 'october', 'octubre', 'out', 'outubro']],
  [11, ['nov', 'november', 'noviembre', 'novembro']],
  [12, ['dec', 'december', 'dic', 'diciembre', 'dez', 'dezembro']],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;

/** Day names (and the words around dates) that carry nothing once the date is known. */
const NOISE = new Set([
  ...['mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday'],
  ...['lun', 'lunes', 'mar', 'martes', 'mie', 'miercoles', 'jue', 'jueves', 'vie', 'viernes', 'sab', 'sabado', 'dom', 'domingo'],
  ...['seg', 'segunda', 'ter', 'terca', 'qua', 'quarta', 'qui', 'quinta', 'sex', 'sexta', 'feira'],
  ...['de', 'del', 'of', 'the', 'at', 'a', 'as', 'las', 'los', 'el', 'h', 'hs', 'hrs'],
]);

/** RFC 822's zone names and military letters, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, cest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, art: -180, brt: -180, clt: -240, cot: -300, pet: -300,
};

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMin = 0): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  const date = new Date(t);
  // 31 February is not a date.
  if (Number.isNaN(t) || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  return date;
}

function offsetMinutes(zone: string): number | null {
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return minutes > 14 * 60 ? null : (m[1] === '-' ? -1 : 1) * minutes;
  }
  // Military single letters other than Z are ambiguous in practice (RFC 2822 §4.3): treat as UTC.
  if (/^[a-ik-y]$/.test(z)) return 0;
  return null;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function parseFeedDate(input: string | null | undefined): Date | null {
  if (!input) return null;
  const text = input.trim();
  if (!text || text.length > 100) return null;

  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const offset = zone ? offsetMinutes(zone) : 0;
    if (offset === null) return null;
    return utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), frac ? Math.round(Number(`0.${frac}`) * 1000) : 0, offset);
  }

  // Word by word: a month name, a day, a year, a time, a zone; everything else must be noise.
  const tokens = fold(text)
    .replace(/\([^)]*\)/g, ' ') // "+0000 (UTC)"
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .split(/[\s,]+|(?<=[a-z])\.|-(?=feira)/)
    .filter(Boolean);
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: { h: number; mi: number; s: number } | undefined;
  let offset: number | undefined;
  let pm: boolean | undefined;
  let marFirst = false;
  for (const raw of tokens) {
    const t = raw.replace(/\.$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(t)) && !time) {
      time = { h: Number(m[1]), mi: Number(m[2]), s: Number(m[3] ?? 0) };
    } else if ((m = /^(\d{1,2})[h:](\d{2})$/.exec(t)) && !time) {
      time = { h: Number(m[1]), mi: Number(m[2]), s: 0 };
    } else if (/^[+-]\d{2}:?\d{2}$/.test(t) && offset === undefined) {
      offset = offsetMinutes(t) ?? undefined;
      if (offset === undefined) return null;
    } else if (/^(am|pm|a\.m|p\.m)$/.test(t)) {
      pm = t.startsWith('p');
    } else if (/^\d{4}$/.test(t) && year === undefined) {
      year = Number(t);
    } else if (/^\d{1,2}$/.test(t)) {
      if (day === undefined) day = Number(t);
      else if (year === undefined) year = Number(t) + (Number(t) < 50 ? 2000 : 1900);
      else return null;
    } else if (t in MONTHS && (month === undefined || marFirst)) {
      // "mar" is March, or Tuesday in Spanish ("mar, 19 nov 2024"): a month name after it settles which.
      marFirst = month === undefined && t === 'mar';
      month = MONTHS[t];
    } else if (NOISE.has(t)) {
      continue;
    } else if (offset === undefined && time && offsetMinutes(t) !== null) {
      offset = offsetMinutes(t)!;
    } else {
      return null;
    }
  }
  if (day === undefined || month === undefined || year === undefined) return null;
  let h = time?.h ?? 0;
  if (pm !== undefined && time) {
    if (h > 12) return null;
    h = (h % 12) + (pm ? 12 : 0);
  }
  return utc(year, month, day, h, time?.mi ?? 0, time?.s ?? 0, 0, offset ?? 0);
}

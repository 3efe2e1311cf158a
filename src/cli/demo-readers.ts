/**
 * Deterministic fake readers as CSV lines, for the demo, tests and benchmarks.
 * Addresses are on example.com (reserved: never a real inbox). Every fifth reader is paid.
 */
const FIRST = ['Ana', 'Luis', 'María', 'José', 'Sofía', 'Diego', 'Valentina', 'Mateo', 'Camila', 'Santiago', "Dana O'Neil", 'Zoë'];
const ZONES = ['America/Mexico_City', 'America/Monterrey', 'America/Tijuana', 'America/Cancun', 'America/New_York'];

export const SUBSCRIBER_CSV_HEADER = 'email,name,tier,timezone,source';

export function subscriberCsvLine(i: number, domain = 'example.com'): string {
  const name = FIRST[i % FIRST.length]!;
  const quoted = /[",]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
  return `reader${String(i).padStart(6, '0')}@${domain},${quoted},${i % 5 === 0 ? 'paid' : 'free'},${ZONES[i % ZONES.length]},demo`;
}

/** Yields the CSV in chunks of ~1000 lines: an async iterable the importer streams. */
export async function* generateSubscriberCsv(count: number, domain?: string): AsyncGenerator<string> {
  yield SUBSCRIBER_CSV_HEADER + '\n';
  for (let start = 1; start <= count; start += 1000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + 1000, count + 1); i++) lines.push(subscriberCsvLine(i, domain));
    yield lines.join('\n') + '\n';
  }
}

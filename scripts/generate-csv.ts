/** Writes N generated readers as CSV: `node --import tsx scripts/generate-csv.ts 1000000 > readers.csv`. */
import { generateSubscriberCsv } from '../src/cli/demo-readers.ts';

const count = Number(process.argv[2] ?? 1000);
for await (const chunk of generateSubscriberCsv(count)) {
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}

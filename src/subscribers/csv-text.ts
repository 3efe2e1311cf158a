import { decodeWindows1252 } from '../content/feed-encoding.ts';

/**
 * A CSV file's bytes as text, chunk by chunk: UTF-8 (a BOM is dropped), unless the
 * first chunk has bytes that are not UTF-8 and no UTF-8 characters beyond ASCII at
 * all: then the file is a spreadsheet's Windows-1252 export and is read as such
 * throughout. In a UTF-8 file a bad sequence decodes to U+FFFD, and the row holding
 * it is rejected with its line (one corrupt row does not make the file Windows-1252).
 */
export class CsvTextDecoder {
  private utf8: TextDecoder | null = null;
  private cp1252 = false;
  /** What was decided about the file, for the import report. */
  readonly notes: string[] = [];

  decode(chunk: string | Uint8Array): string {
    if (typeof chunk === 'string') return chunk;
    if (!this.utf8 && !this.cp1252) {
      // Ignore a sequence cut off at the chunk's end: the next chunk completes it.
      const head = new TextDecoder('utf-8').decode(chunk.subarray(0, Math.max(0, chunk.length - 3)));
      const invalid = (head.match(/\ufffd/g) ?? []).length;
      const multibyte = (head.match(/[^\x00-\x7f\ufeff\ufffd]/g) ?? []).length;
      if (!invalid || multibyte) this.utf8 = new TextDecoder('utf-8');
      else {
        this.cp1252 = true;
        this.notes.push('the file is not UTF-8: read as Windows-1252 (what spreadsheets save as "CSV" on Windows)');
      }
    }
    return this.cp1252 ? decodeWindows1252(chunk) : this.utf8!.decode(chunk, { stream: true });
  }

  end(): string {
    return this.utf8 ? this.utf8.decode() : '';
  }
}

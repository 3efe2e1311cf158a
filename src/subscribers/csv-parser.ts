/** One CSV record and the physical line it started on (1-based, header included). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Incremental RFC 4180 parser: feed it chunks, get complete records back, so a
 * file of any size streams through in constant memory. Handles a UTF-8 BOM,
 * quoted fields with embedded commas, quotes ("") and line breaks, and CRLF or LF.
 */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteJustClosed = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private sawCR = false;
  private fieldTouched = false;
  private prev = '';

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.sawCR) {
        this.sawCR = false;
        if (c === '\n') continue; // second half of CRLF, already ended the record
      }
      if (this.inQuotes) {
        if (c === '"') {
          this.inQuotes = false;
          this.quoteJustClosed = true;
        } else {
          // A line break inside quotes is data; count it once whether it is CR, LF or CRLF (even split across chunks).
          if (c === '\r' || (c === '\n' && this.prev !== '\r')) this.line++;
          this.field += c;
        }
        this.prev = c;
        continue;
      }
      this.prev = c;
      if (c === '"') {
        if (this.quoteJustClosed) {
          // "" inside a quoted field is a literal quote
          this.field += '"';
          this.inQuotes = true;
          this.quoteJustClosed = false;
        } else if (!this.fieldTouched) {
          this.inQuotes = true;
          this.fieldTouched = true;
        } else {
          this.field += c; // a stray quote mid-field: keep it, as most spreadsheets do
        }
        continue;
      }
      this.quoteJustClosed = false;
      if (c === ',') {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.sawCR = true;
        const record = this.endRecord();
        if (record) out.push(record);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += c;
        this.fieldTouched = true;
      }
    }
    return out;
  }

  /** Flushes the last record. Throws CsvSyntaxError for a quote left open. */
  end(): CsvRecord[] {
    if (this.inQuotes) throw new CsvSyntaxError(this.recordLine, 'a quoted field is never closed');
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField() {
    this.fields.push(this.field);
    this.field = '';
    this.fieldTouched = false;
    this.quoteJustClosed = false;
  }

  private endRecord(): CsvRecord | null {
    this.endField();
    const fields = this.fields;
    this.fields = [];
    const blank = fields.length === 1 && fields[0] === '';
    return blank ? null : { line: this.recordLine, fields };
  }
}

export class CsvSyntaxError extends Error {
  readonly code = 'csv_invalid';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

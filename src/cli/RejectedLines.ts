import { DecodeError } from '../errors/DecodeError.js';
import { isDelta, type SourceEmission } from '../model/SourceEmission.js';

/** How many rejected lines `ingest` prints on stderr before the count and the pointer to `mirror_rejects`. */
export const REJECTS_SHOWN = 5;

/** What `ingest` says to input that is one JSON array rather than one delta per line. */
export const JSON_ARRAY_HINT =
  "looks like a JSON array; ingest reads NDJSON: one delta object per line (jq -c '.[]' file.json > file.ndjson)";

/**
 * The rejected lines of an NDJSON input as it is read: how many, the first few as messages
 * (`line 3: …`), and a hint when the input's first line is a JSON array (`[`), the common mistake of
 * handing `ingest` a JSON file.
 */
export class RejectedLines {
  private emissions = 0;
  private rejected = 0;
  private readonly first: string[] = [];
  private jsonArray: string | undefined;

  constructor(private readonly keep: number = REJECTS_SHOWN) {}

  /** Takes every emission of the input, in order. */
  observe(emission: SourceEmission): void {
    const position = this.emissions++;
    if (isDelta(emission) || emission.kind !== 'reject') return;
    this.rejected++;
    if (position === 0 && emission.input.trimStart().startsWith('[')) {
      this.jsonArray = `${emission.location}: ${JSON_ARRAY_HINT}`;
    }
    if (this.first.length < this.keep) {
      this.first.push(new DecodeError(emission.location, emission.issues, emission.input).message);
    }
  }

  /** Lines rejected so far. */
  get count(): number {
    return this.rejected;
  }

  /** The first rejections (as many as kept), one message each. */
  get shown(): readonly string[] {
    return this.first;
  }

  /** The hint, when the first line was a JSON array, then the first rejections. */
  messages(): string[] {
    return [...(this.jsonArray === undefined ? [] : [this.jsonArray]), ...this.first];
  }
}

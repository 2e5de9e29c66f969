import type * as t from 'io-ts';
import type { DecodeIssue } from '../../errors/DecodeError.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { jsonText } from '../../codecs/jsonText.js';
import { parseJson } from '../../model/parseJson.js';

/** What a secret becomes wherever text could show it. */
export const REDACTED = '[redacted]';

/**
 * Hides a source's secrets (the header values read from the environment) in anything a person may
 * see: error messages, log fields, shown values. A server may echo a credential in an error body; a
 * message keeps only the first characters of a body or a value, so masking comes first, before any cut:
 * a secret cut in two is no longer found, and its first half would show.
 *
 * Each secret is looked for as it is, JSON-escaped (as it stands inside a JSON string) and
 * percent-encoded (as it stands in a URL), longest first, so a secret inside another is hidden whole.
 */
export class SecretMask {
  private readonly forms: readonly string[];

  constructor(secrets: readonly string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret === '') continue;
      forms.add(secret);
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add(encodeURIComponent(secret));
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** `text` with every secret replaced by `[redacted]`. */
  text(text: string): string {
    let masked = text;
    for (const form of this.forms) if (masked.includes(form)) masked = masked.split(form).join(REDACTED);
    return masked;
  }

  /**
   * A JSON value with every secret in its strings and keys masked: what a message may show of it (a
   * `got …` excerpt). The value itself when it holds none, `[redacted]` when masking leaves no JSON.
   */
  value(value: unknown): unknown {
    if (this.forms.length === 0 || value === undefined) return value;
    if (typeof value === 'string') return this.text(value);
    const text = jsonText(value);
    if (text === undefined) return value; // shown as "an object": nothing of it shows
    const masked = this.text(text);
    if (masked === text) return value;
    try {
      return parseJson(masked);
    } catch {
      return REDACTED;
    }
  }

  /** The issues of a failed decode, as `describeValidationErrors` words them, with the values they show masked. */
  issues(errors: t.Errors, root?: string): DecodeIssue[] {
    if (this.forms.length === 0) return describeValidationErrors(errors, root);
    return describeValidationErrors(
      errors.map((error) => ({ ...error, value: this.value(error.value) })),
      root,
    );
  }
}

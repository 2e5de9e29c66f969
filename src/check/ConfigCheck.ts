import type { SourceConfig } from '../config/SourceConfig.js';
import type { DecodeIssue } from '../errors/DecodeError.js';

/** The first item of a first page, as the source decoded it: what sync would store. */
export type FirstItemCheck =
  | {
      readonly decoded: true;
      /** The resource it is stored under (a file's lines name their own). */
      readonly resource: string;
      readonly op: 'upsert' | 'delete';
      readonly record_id: string;
      /** Canonical UTC, as stored. */
      readonly occurred_at: string;
      /** The payload's top-level fields (a view's columns); none for a deletion. */
      readonly fields: readonly string[];
    }
  | {
      readonly decoded: false;
      /** Where and why it does not decode, e.g. `data[0].updated_at: expected an RFC 3339 timestamp …`. */
      readonly issues: readonly DecodeIssue[];
      /** The top-level fields of the input the source rejected (an HTTP item, a CouchDB change, a line). */
      readonly fields: readonly string[];
    };

/** One request (HTTP, CouchDB) or one read (a file, a directory) and what came back. */
export interface ResourceCheck {
  /** The resource's name; absent for file sources, whose lines name their resources. */
  readonly resource?: string;
  /** What was asked: `GET URL`, `read PATH`. */
  readonly request: string;
  /** It answered, and its first item (if any) decodes. */
  readonly ok: boolean;
  /** HTTP and CouchDB: whether a response came at all (false: network error, timeout). */
  readonly reachable?: boolean;
  /** HTTP and CouchDB: the response's status. */
  readonly status?: number;
  /** Items in the first page (HTTP items, CouchDB changes, lines). */
  readonly items?: number;
  readonly firstItem?: FirstItemCheck;
  /** How to read what was found, e.g. where CouchDB's `occurred_at` comes from. */
  readonly note?: string;
  /** Why it does not check out, in one line (secrets masked). */
  readonly problem?: string;
}

/** One source of the config and its resources' checks. */
export interface SourceCheck {
  readonly source: string;
  readonly type: SourceConfig['type'];
  readonly ok: boolean;
  /** A problem of the whole source, found before any request (a missing environment variable). */
  readonly problem?: string;
  readonly resources: readonly ResourceCheck[];
}

/** What `oxide-mirror check` found: every source of a config, and the failures one line each. */
export interface ConfigCheck {
  /** The config file, resolved. */
  readonly config: string;
  /** The database the config names (neither created nor opened by a check). */
  readonly db: string;
  readonly ok: boolean;
  readonly sources: readonly SourceCheck[];
  /** One line per failure: `crm/contacts: GET http://… → 401 Unauthorized`. */
  readonly failures: readonly string[];
}

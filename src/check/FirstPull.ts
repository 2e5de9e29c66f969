import type { Page } from '../sources/SyncSource.js';

/** How a check's one pull of a source's first page ended. */
export type FirstPull =
  | {
      readonly page: Page;
      /** HTTP and CouchDB: the response's status and the URL asked. */
      readonly response?: { readonly status: number; readonly url: string };
    }
  | { readonly error: unknown };

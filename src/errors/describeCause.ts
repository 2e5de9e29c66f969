/**
 * The message and code of a thrown value, read structurally: errors from native modules (such as
 * better-sqlite3's `SqliteError`) can come from another realm, where `instanceof Error` is false.
 */
export const causeMessage = (cause: unknown): string => {
  if (
    typeof cause === 'object' &&
    cause !== null &&
    typeof (cause as { message?: unknown }).message === 'string'
  ) {
    return (cause as { message: string }).message;
  }
  return String(cause);
};

export const causeCode = (cause: unknown): string | undefined => {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

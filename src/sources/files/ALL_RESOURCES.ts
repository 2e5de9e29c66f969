/**
 * The resource a file source's cursor is stored under: one file may hold deltas of many resources,
 * and one position in it covers all of them.
 */
export const ALL_RESOURCES = '*';

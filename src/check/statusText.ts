import { STATUS_CODES } from 'node:http';

/** A status and its reason phrase, as a check shows it: `200 OK`, `401 Unauthorized`. */
export const statusText = (status: number): string => {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? String(status) : `${status} ${phrase}`;
};

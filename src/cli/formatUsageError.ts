/**
 * What wrong usage prints on stderr: one line saying what is wrong, then where the right usage is
 * (`see: oxide-mirror ingest --help`). `commandPath` is the command as typed (`oxide-mirror cursors reset`).
 */
export const formatUsageError = (message: string, commandPath: string): string =>
  `oxide-mirror: ${message.trim().replace(/\s*\n\s*/g, ' ')}\nsee: ${commandPath} --help\n`;

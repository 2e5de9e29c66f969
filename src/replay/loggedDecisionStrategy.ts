import { ReplayDivergedError } from '../errors/ReplayDivergedError.js';
import type { DeltaKey } from '../model/deltaKey.js';
import { isJsonObject, type JsonValue } from '../model/JsonValue.js';
import { apply, applyMerged, skip, type ConflictStrategy } from '../strategies/ConflictStrategy.js';
import type { LoggedEvent } from '../store/LoggedEvent.js';
import { outcomeText } from './checkDecision.js';

const parseResult = (json: string | undefined): JsonValue | undefined => {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as JsonValue;
  } catch {
    return undefined;
  }
};

/**
 * Stands in for a strategy replay was not given, under its name: for each event it answers the
 * decision the log records (applied → apply, merged → applyMerged of the logged result payload,
 * skipped → skip with the logged reason), so the event is applied as logged rather than re-decided.
 * The version that leads to is checked against the logged one afterwards ({@link checkDecision}).
 *
 * A logged decision no strategy could have answered, a merge of a delete or a merge without a JSON
 * object as its result, is a {@link ReplayDivergedError}: the log is damaged, and guessing would
 * hide it.
 */
export const loggedDecisionStrategy = (
  name: string,
  eventFor: (key: DeltaKey) => LoggedEvent,
): ConflictStrategy => ({
  name,
  resolve: (incoming, { incomingKey }) => {
    const event = eventFor(incomingKey);
    switch (event.decision) {
      case 'applied':
        return apply;
      case 'skipped':
        return skip(event.reason ?? '');
      case 'merged': {
        const logged = outcomeText(event.decision, event.version);
        if (incoming.op === 'delete') {
          throw new ReplayDivergedError(event.seq, logged, 'a merge of a delete, which cannot be', name);
        }
        // The parsed value feeds the in-batch state and the views; the record gets the logged text
        // itself (checkDecision), so no digit is lost to a re-serialisation.
        const result = parseResult(event.resultPayloadJson);
        if (result === undefined || !isJsonObject(result)) {
          throw new ReplayDivergedError(
            event.seq,
            logged,
            `no merged payload to write: the logged result payload is ${event.resultPayloadJson === undefined ? 'missing' : 'not a JSON object'}`,
            name,
          );
        }
        return applyMerged(result);
      }
    }
  },
});

import type { Delta } from '../../src/model/Delta.js';
import type { JsonObject } from '../../src/model/JsonValue.js';
import { at, remove, upsert, withConfidence } from '../../src/model/deltaBuilders.js';

/** An upsert at a fixed instant (minutes after 2024-01-01T00:00Z), so tests never depend on the clock. */
export const up = (
  resource: string,
  id: string,
  payload: JsonObject,
  options: { source?: string; confidence?: number; minute?: number } = {},
): Delta =>
  at(
    withConfidence(upsert(resource, id, payload, options.source ?? 'src'), options.confidence ?? 1),
    new Date(Date.UTC(2024, 0, 1, 0, options.minute ?? 0)),
  );

export const del = (
  resource: string,
  id: string,
  options: { source?: string; minute?: number } = {},
): Delta =>
  at(remove(resource, id, options.source ?? 'src'), new Date(Date.UTC(2024, 0, 1, 0, options.minute ?? 0)));

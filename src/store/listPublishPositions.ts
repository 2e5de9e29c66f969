import { connectionOf } from './connectionOf.js';
import type { MirrorStore } from './MirrorStore.js';
import { prepareListPublishPositions, type PublishPosition } from './statements/listPublishPositions.js';

export type { PublishPosition };

/** Every publish target of a mirror (a JetStream stream) with its position and lag, by stream. */
export const listPublishPositions = (store: MirrorStore): PublishPosition[] =>
  prepareListPublishPositions(connectionOf(store))();

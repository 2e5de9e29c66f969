import { connectionOf } from './connectionOf.js';
import type { MirrorStore } from './MirrorStore.js';
import { prepareListCursors, type StoredCursor } from './statements/listCursors.js';

export type { StoredCursor };

/** Every stored cursor of a mirror, by source then resource. */
export const listCursors = (store: MirrorStore): StoredCursor[] => prepareListCursors(connectionOf(store))();

/**
 * The child process of {@link openQueryProcess}: opens one read-only query connection and answers the
 * parent's requests one at a time over IPC (see `queryWorkerProtocol.ts`). It writes nothing to stdout
 * (the parent may speak a protocol there), and exits when the parent disconnects or dies. The parent
 * SIGKILLs it when a request passes its time limit: SQLite cannot be interrupted from JavaScript.
 */
import { describeMirror } from '../discovery/describeMirror.js';
import { listMirrorResources } from '../discovery/listMirrorResources.js';
import type { MirrorQuery } from '../query/MirrorQuery.js';
import { openQuery } from '../query/openQuery.js';
import {
  isQueryWorkerRequest,
  type QueryWorkerConfig,
  type QueryWorkerOperation,
  type QueryWorkerReply,
} from './queryWorkerProtocol.js';
import { errorToWire } from './wireError.js';

/** Sends a reply; once the parent is gone there is no one to tell, so a failed send is dropped. */
const send = (reply: QueryWorkerReply, then?: () => void): void => {
  if (process.connected) process.send?.(reply, undefined, {}, () => then?.());
  else then?.();
};

const run = (connection: MirrorQuery, request: QueryWorkerOperation): unknown => {
  switch (request.op) {
    case 'query':
      return connection.query(request.sql, request.params, request.options);
    case 'describe':
      return describeMirror(connection, request.resource ?? undefined);
    case 'list':
      return listMirrorResources(connection);
  }
};

const start = (): void => {
  if (process.send === undefined) {
    process.stderr.write('queryWorker.js is the child process of openQueryProcess; it is not run by hand\n');
    process.exitCode = 2;
    return;
  }
  let connection: MirrorQuery;
  try {
    const config = JSON.parse(process.argv[2] ?? '') as QueryWorkerConfig;
    connection = openQuery(config.path, config.options);
  } catch (err) {
    send({ type: 'failed', error: errorToWire(err) }, () => {
      if (process.connected) process.disconnect();
    });
    return;
  }
  process.on('message', (message: unknown) => {
    if (!isQueryWorkerRequest(message)) {
      process.stderr.write('queryWorker.js: ignored a malformed request\n');
      return;
    }
    try {
      send({ type: 'done', id: message.id, value: run(connection, message) });
    } catch (err) {
      send({ type: 'error', id: message.id, error: errorToWire(err) });
    }
  });
  process.on('disconnect', () => {
    connection.close();
  });
  send({ type: 'ready' });
};

start();

/** The source id of the fleet step's replicas and of its file ingest, so that their logs compare. */
export const FLEET_SOURCE_ID = 'fleet';

/** Which NATS server, stream and subjects a child of the `fleet` step works with. */
export interface FleetStreamJob {
  readonly nats: string;
  readonly stream: string;
  readonly subjectPrefix: string;
}

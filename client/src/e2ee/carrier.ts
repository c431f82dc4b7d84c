/**
 * Carries the crypto machine's outgoing requests to Volley's api and hands the answers back: the
 * machine does no I/O of its own. One carrier per device, shared by what drives the machine
 * (messages, verification), so that no request goes out twice.
 */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import type { ApiClient } from '../api-client.js';
import { requestPath } from './requests.js';

export type Sdk = typeof Crypto;
export type MachineRequest = { id?: string; type: Crypto.RequestType; body: string } & Partial<{ event_type: string; txn_id: string }>;

export class RequestCarrier {
  /** One flush at a time: the machine hands a request out until it is marked sent. */
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sdk: Sdk,
    private readonly machine: Crypto.OlmMachine,
    readonly api: ApiClient,
    private readonly deviceId: string,
  ) {}

  /** Sends every request the machine has queued, then backs up the conversation keys made or received since. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      for (const request of await this.machine.outgoingRequests()) await this.send(request as MachineRequest);
      for (let backup = await this.machine.backupRoomKeys(); backup; backup = await this.machine.backupRoomKeys()) {
        const response = await this.api.request('PUT', `/e2ee/room-keys/keys?version=${backup.version}`, { body: JSON.parse(backup.body) as unknown, schema: (s) => s.MatrixResponse });
        await this.machine.markRequestAsSent(backup.id, backup.type, JSON.stringify(response));
      }
    });
    return this.#flushing;
  }

  async send(request: MachineRequest): Promise<void> {
    const { method, path } = requestPath(this.sdk, this.deviceId, request);
    const response = await this.api.request(method, path, { body: JSON.parse(request.body) as unknown, schema: (s) => s.MatrixResponse });
    if (request.id) await this.machine.markRequestAsSent(request.id, request.type, JSON.stringify(response));
  }
}

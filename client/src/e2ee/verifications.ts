/**
 * A device's emoji verifications: those it starts and those other devices ask of it, learnt from
 * its inbox (docs/protocol.md, "Verification").
 */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { matrixUserId } from '@volley/shared';
import type { MachineRequest, RequestCarrier, Sdk } from './carrier.js';
import { Verification } from './verification.js';

export class Verifications {
  readonly #byFlow = new Map<string, Verification>();
  /** Who has sent this device something: whose requests to look for. */
  readonly #heardFrom = new Set<string>();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly sdk: Sdk,
    private readonly machine: Crypto.OlmMachine,
    private readonly carrier: RequestCarrier,
  ) {}

  /** Asks a device of `userId`'s (one's own, or another person's) to compare emoji. */
  async start(userId: string, deviceId: string): Promise<Verification> {
    const user = () => new this.sdk.UserId(matrixUserId(userId));
    await this.machine.updateTrackedUsers([user()]);
    await this.carrier.flush();
    const device = await this.machine.getDevice(user(), new this.sdk.DeviceId(deviceId));
    if (!device) throw new Error(`no such device of ${userId}: ${deviceId}`);
    const [request, toDevice] = device.requestVerification([this.sdk.VerificationMethod.SasV1]);
    await this.carrier.send(toDevice as MachineRequest);
    const verification = this.#wrap(request);
    this.#changed();
    return verification;
  }

  /** Calls `listener` after each read of the inbox and each verification started here (an app shows what came, or moved); the returned function stops. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Requests from other devices waiting to be accepted. */
  incoming(): Verification[] {
    const found = [...this.#heardFrom].flatMap((id) => this.machine.getVerificationRequests(new this.sdk.UserId(id)).map((request) => this.#wrap(request)));
    return found.filter((verification) => verification.incoming && verification.state === 'requested');
  }

  /** After the device read its inbox: notes who wrote, and moves every open verification on. */
  async received(senders: string[]): Promise<void> {
    for (const sender of senders) this.#heardFrom.add(sender);
    for (const id of this.#heardFrom) for (const request of this.machine.getVerificationRequests(new this.sdk.UserId(id))) this.#wrap(request);
    for (const verification of this.#byFlow.values()) if (verification.state !== 'verified' && verification.state !== 'cancelled') await verification.advance();
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  #wrap(request: Crypto.VerificationRequest): Verification {
    let verification = this.#byFlow.get(request.flowId);
    if (!verification) {
      verification = new Verification(this.sdk, request, this.carrier);
      this.#byFlow.set(request.flowId, verification);
    }
    return verification;
  }
}

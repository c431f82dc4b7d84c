/**
 * One emoji verification (Matrix's SAS over to-device messages) with another person's device or
 * one's own: both sides see the same seven emoji when no one sits between them. Steps that need no
 * choice of the person's (starting the comparison once the other side is ready, taking up a
 * comparison the other side started) are taken on the next sync.
 */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { userIdOf } from '@volley/shared';
import type { MachineRequest, RequestCarrier, Sdk } from './carrier.js';

/**
 * `requested`: waiting for the other side to accept; `ready`: accepted, the comparison starting;
 * `comparing`: the emoji are shown; `confirmed`: this side confirmed, waiting for the other.
 */
export type VerificationState = 'requested' | 'ready' | 'comparing' | 'confirmed' | 'verified' | 'cancelled';

export interface VerificationEmoji {
  symbol: string;
  /** Its name in English, as Matrix's specification lists it ("Dog"). */
  description: string;
  /** Its number in the specification's table of 64 (0 is the dog): what an app translates its name by. */
  index: number;
}

export class Verification {
  #sasAccepted = false;

  constructor(
    private readonly sdk: Sdk,
    private readonly request: Crypto.VerificationRequest,
    private readonly carrier: RequestCarrier,
  ) {}

  get flowId(): string {
    return this.request.flowId;
  }

  /** The person on the other side (oneself, for one's own device). */
  get userId(): string {
    return userIdOf(this.request.otherUserId.toString());
  }

  /** Their device, once known (an incoming request names it; an outgoing one learns it on acceptance). */
  get deviceId(): string | undefined {
    return this.request.otherDeviceId?.toString();
  }

  get incoming(): boolean {
    return !this.request.weStarted();
  }

  get state(): VerificationState {
    const sas = this.#sas();
    if (this.request.isCancelled() || sas?.isCancelled()) return 'cancelled';
    if (this.request.isDone() || sas?.isDone()) return 'verified';
    if (sas?.haveWeConfirmed()) return 'confirmed';
    if (sas?.canBePresented()) return 'comparing';
    return this.request.phase() === this.sdk.VerificationRequestPhase.Requested || this.request.phase() === this.sdk.VerificationRequestPhase.Created ? 'requested' : 'ready';
  }

  /** The seven emoji to compare with the other screen, once both sides have exchanged their keys. */
  emoji(): VerificationEmoji[] | undefined {
    const sas = this.#sas();
    const indices = sas?.emojiIndex();
    return sas?.emoji()?.map((emoji, at) => ({ symbol: emoji.symbol, description: emoji.description, index: indices?.[at] ?? -1 }));
  }

  /** Accepts an incoming request: the comparison starts on the next syncs of both sides. */
  async accept(): Promise<void> {
    await this.#send(this.request.acceptWithMethods([this.sdk.VerificationMethod.SasV1]));
  }

  /** The emoji match: once the other side confirms too, each trusts the other (and signs it, if it holds the keys to). */
  async confirm(): Promise<void> {
    const sas = this.#sas();
    if (!sas) throw new Error('nothing to confirm: the emoji are not shown yet');
    for (const request of await sas.confirm()) await this.#send(request);
    await this.carrier.flush();
  }

  /** The emoji differ, or the person changed their mind: neither side trusts the other. */
  async cancel(): Promise<void> {
    const sas = this.#sas();
    await this.#send(sas && !sas.isCancelled() ? sas.cancel() : this.request.cancel());
  }

  /** Takes the steps no one has to choose: starts the comparison once accepted, takes up one the other side started. */
  async advance(): Promise<void> {
    const sas = this.#sas();
    if (!sas && this.request.weStarted() && this.request.isReady()) {
      const started = await this.request.startSas();
      if (started) await this.#send(started[1]);
    } else if (sas && !sas.weStarted() && !this.#sasAccepted && !sas.isCancelled()) {
      this.#sasAccepted = true;
      await this.#send(sas.accept());
    }
  }

  #sas(): Crypto.Sas | undefined {
    const flow = this.request.getVerification();
    return flow instanceof this.sdk.Sas ? flow : undefined;
  }

  async #send(request: Crypto.ToDeviceRequest | Crypto.RoomMessageRequest | undefined): Promise<void> {
    if (request) await this.carrier.send(request as MachineRequest);
  }
}

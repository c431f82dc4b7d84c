/**
 * A new password is judged by zxcvbn in a process of its own (password-strength-process.ts;
 * docs/architecture.md §5, "Passwords"). In the server's process a check held its thread for 5–80
 * ms, and the dictionaries 0.6 s to load and 30 MB of its heap: a pause of every socket it serves
 * (the api and the sync server share one in the embedded mode), and more heap for each full
 * collection to mark. Forked at the first check rather than at start-up: a process that never sees
 * a new password never holds the dictionaries, and the first check waits for their load off the
 * server's thread. A process that dies fails its checks as `unavailable` (503, Retry-After: 1); the
 * next check starts another.
 */
import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { PasswordRefusals, type PasswordRefusal } from '@volley/shared';
import { apiError } from '../errors.js';
import { BackgroundChild } from './background-process.js';
import type { StrengthAnswer, StrengthJob } from './password-strength-process.js';

/** Our own process's answer, read as any other input is. */
const Answer = z.object({ id: z.number(), refusal: z.enum(PasswordRefusals).nullable() }) satisfies z.ZodType<StrengthAnswer>;

interface Pending {
  /** The process the check was sent to: its exit fails this check, not those sent to the next one. */
  child: ChildProcess;
  resolve(refusal: PasswordRefusal | null): void;
  reject(err: Error): void;
}

class PasswordChecker {
  #pending = new Map<number, Pending>();
  #nextId = 1;
  // At the server's own priority, not below it as the uploads' processes are: someone waits for
  // each check, and a busy machine starved them at niceness 10 (the test suites side by side, at
  // load 8, timed sign-ups out at 20 s). The server's thread is what mattered, and the kernel
  // shares the cores by preemption now that the check runs elsewhere.
  readonly #process = new BackgroundChild<unknown>('password-strength-process', undefined, (answer, child) => this.#settle(child, answer), (child) => {
    for (const [id, pending] of this.#pending) if (pending.child === child) this.#fail(id);
  });

  check(password: string, { username, email }: { username: string; email: string }): Promise<PasswordRefusal | null> {
    const id = this.#nextId++;
    const child = this.#process.get();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { child, resolve, reject });
      child.send({ id, password, username, email } satisfies StrengthJob, (err) => err && this.#fail(id));
    });
  }

  #settle(child: ChildProcess, message: unknown): void {
    const answer = Answer.safeParse(message);
    // Not an answer it could give: it is not the checker it should be; its exit fails its checks.
    if (!answer.success) {
      child.kill();
      return;
    }
    const { id, refusal } = answer.data;
    this.#pending.get(id)?.resolve(refusal);
    this.#pending.delete(id);
  }

  #fail(id: number): void {
    this.#pending.get(id)?.reject(apiError('unavailable', { message: 'Passwords cannot be checked right now; try again shortly.', retryAfter: 1 }));
    this.#pending.delete(id);
  }
}

const checker = new PasswordChecker();

/** Refuses a weak new password with its reason as the field's message. */
export async function requireStrongPassword(password: string, account: { username: string; email: string }, field = 'password'): Promise<void> {
  const refusal = await checker.check(password, account);
  if (refusal) throw apiError('validation_failed', { fields: { [field]: [refusal] } });
}

/**
 * A benchmark's helper process (a module of `bench/lib/` run through tsx), driven over IPC: each
 * message sent is answered by one message, in order. Clients run there so that their own work is
 * not the measured process's, nor the harness's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';

export class IpcChild<To, From extends { type: string }> {
  private readonly child: ChildProcess;
  private readonly waiting: ((message: From) => void)[] = [];

  constructor(module: URL) {
    this.child = fork(module, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: From) => this.waiting.shift()?.(message));
  }

  get pid(): number {
    return this.child.pid!;
  }

  ask<T extends From['type']>(message: To): Promise<Extract<From, { type: T }>> {
    return new Promise((resolve) => {
      this.waiting.push((answer) => resolve(answer as Extract<From, { type: T }>));
      this.child.send(message as object);
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

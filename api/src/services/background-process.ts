/**
 * The api's processes of its own (the image encoder, the uploads' receiver, the password checker):
 * forked from a module beside this one, talking over the IPC channel. The uploads' run at a lower
 * CPU priority than the servers: the parent's side is `forkBackground`, the child's first step is
 * then `lowerPriority`. The children import nothing of ours but this module: they are forked from
 * the sources too (through tsx), and load only what they need.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const fromSources = import.meta.url.endsWith('.ts');

/**
 * Starts `module` (a file beside this one, named without its extension), which takes `niceness` as
 * its argument (none: it keeps the server's priority). Neither the process nor its channel keeps
 * the server alive; it exits when the server does. `onExit` is told when it has gone (crashed or
 * killed): the caller fails what it had asked of it, and forks another for the next job.
 */
export function forkBackground<Answer>(module: string, niceness: number | undefined, onAnswer: (answer: Answer) => void, onExit: () => void): ChildProcess {
  const entry = fileURLToPath(new URL(`./${module}.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  const child = fork(entry, niceness === undefined ? [] : [String(niceness)], {
    execArgv: fromSources ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  child.on('message', (answer: Answer) => onAnswer(answer));
  let gone = false;
  const exited = () => {
    if (gone) return;
    gone = true;
    onExit();
  };
  child.on('exit', exited);
  // A fork that fails (EAGAIN, ENOMEM) or a message that cannot be sent is an 'error' event, which
  // would end the server unheard: a process that never started has gone, like one that crashed.
  child.on('error', (err) => {
    process.emitWarning(err);
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) exited();
  });
  return child;
}

/**
 * One background process of `module`, forked when first wanted and again once it has gone (crashed
 * or killed), and killed when the server exits. `onAnswer` and `onExit` are told which process
 * answered or went: a caller fails what it had sent to that one, not to the next.
 */
export class BackgroundChild<Answer> {
  #child: ChildProcess | undefined;

  constructor(
    private readonly module: string,
    private readonly niceness: number | undefined,
    private readonly onAnswer: (answer: Answer, child: ChildProcess) => void,
    private readonly onExit: (child: ChildProcess) => void,
  ) {
    process.once('exit', () => this.#child?.kill());
  }

  /** The process, started now if none is running. */
  get(): ChildProcess {
    if (this.#child?.connected) return this.#child;
    const child = forkBackground<Answer>(this.module, this.niceness, (answer) => this.onAnswer(answer, child), () => {
      if (this.#child === child) this.#child = undefined;
      this.onExit(child);
    });
    this.#child = child;
    return child;
  }
}

/**
 * In the child, first: its niceness, from its argument. Linux sets a niceness per thread: the
 * process's own call would lower the main thread alone, while the work runs on libuv's pool and
 * libvips' workers. Every thread there is now is lowered (Node's own, and the pool's if it has
 * started); those started later inherit it from the thread that starts them. Elsewhere, the process's.
 */
export function lowerPriority(niceness = Number(process.argv[2] ?? 10)): void {
  let threads: number[] = [];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux.
  }
  if (threads.length === 0) setPriority(niceness);
  for (const thread of threads) setPriority(thread, niceness);
}

/**
 * The V8 heap of a server process under test, read through its inspector after a full GC: the
 * server runs with `--expose-gc --inspect=127.0.0.1:<port>`, and nothing is added to its code.
 */
import WebSocket from 'ws';

/** Node options that make a process's heap readable by `heapUsed(port)`. */
export const heapReadableArgs = (inspectPort: number) => ['--expose-gc', `--inspect=127.0.0.1:${inspectPort}`];

/** Bytes of heap in use after a full garbage collection. */
export async function heapUsed(inspectPort: number): Promise<number> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    const answer = new Promise<{ result: { result: { value: number } } }>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'gc(), gc(), process.memoryUsage().heapUsed', returnByValue: true } }));
    return (await answer).result.result.value;
  } finally {
    ws.close();
  }
}

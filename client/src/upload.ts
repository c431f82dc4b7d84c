/**
 * A file sent as a request's body, with progress and cancel. A browser's fetch tells nothing of a
 * body's progress (and streams a body only over HTTP/2), so there it goes by XMLHttpRequest, whose
 * `upload` events count the bytes sent; elsewhere (Node) by fetch, the file streamed through a
 * counter.
 */
import { ApiError } from './api-error.js';

export interface UploadOptions {
  /** Bytes sent so far, of `total`. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting it stops the upload: it fails with an `ApiError` of code `cancelled`. */
  signal?: AbortSignal;
}

const cancelled = () => new ApiError(0, 'cancelled', 'upload cancelled');

export function sendFile(fetchImpl: typeof fetch, url: string, headers: Record<string, string>, file: Blob, options: UploadOptions): Promise<Response> {
  if (options.signal?.aborted) return Promise.reject(cancelled());
  return typeof XMLHttpRequest === 'function' ? byXhr(url, headers, file, options) : byFetch(fetchImpl, url, headers, file, options);
}

function byXhr(url: string, headers: Record<string, string>, file: Blob, { onProgress, signal }: UploadOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'arraybuffer';
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      done();
      const type = xhr.getResponseHeader('content-type');
      resolve(new Response(xhr.status === 204 ? null : (xhr.response as ArrayBuffer), { status: xhr.status, statusText: xhr.statusText, headers: type ? { 'content-type': type } : {} }));
    };
    xhr.onerror = () => {
      done();
      reject(ApiError.network(new Error('upload failed')));
    };
    xhr.onabort = () => {
      done();
      reject(cancelled());
    };
    xhr.send(file);
  });
}

async function byFetch(fetchImpl: typeof fetch, url: string, headers: Record<string, string>, file: Blob, { onProgress, signal }: UploadOptions): Promise<Response> {
  let sent = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        sent += chunk.byteLength;
        onProgress?.(sent, file.size);
      },
    }),
  );
  try {
    // The length is told, so that a file over the limit is refused before its bytes go.
    const init = { method: 'POST', headers: { ...headers, 'content-length': String(file.size) }, body: counted, duplex: 'half', signal: signal ?? null, cache: 'no-store' } as RequestInit;
    return await fetchImpl(url, init);
  } catch (cause) {
    throw signal?.aborted ? cancelled() : ApiError.network(cause);
  }
}

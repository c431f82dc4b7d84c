/** The client library as components receive it from the shell (app/volley-app.ts): every word to the servers goes through it. */
import { createContext } from '@lit/context';
import type { ApiClient, VolleyClient } from '@volley/client';

export const apiContext = createContext<ApiClient>(Symbol('volley.api'));
/** The client library itself: the game and queue sockets come from it. Provided after the first page has painted: read it with `subscribe: true`. */
export const volleyContext = createContext<VolleyClient | undefined>(Symbol('volley.client'));

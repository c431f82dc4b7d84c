/** Where each of the crypto machine's outgoing requests goes on Volley's api (docs/protocol.md, "Encrypted messages"). */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';

type Sdk = typeof Crypto;

export function requestPath(module: Sdk, deviceId: string, request: { type: Crypto.RequestType; event_type?: string; txn_id?: string }): { method: 'POST' | 'PUT'; path: string } {
  switch (request.type) {
    case module.RequestType.KeysUpload:
      return { method: 'POST', path: `/e2ee/devices/${encodeURIComponent(deviceId)}/keys` };
    case module.RequestType.KeysQuery:
      return { method: 'POST', path: '/e2ee/keys/query' };
    case module.RequestType.KeysClaim:
      return { method: 'POST', path: '/e2ee/keys/claim' };
    case module.RequestType.SignatureUpload:
      return { method: 'POST', path: '/e2ee/keys/signatures' };
    case module.RequestType.ToDevice:
      return { method: 'PUT', path: `/e2ee/to-device/${encodeURIComponent(request.event_type ?? '')}/${encodeURIComponent(request.txn_id ?? '')}` };
    default:
      throw new Error(`a request Volley does not carry yet: ${String(request.type)}`);
  }
}

/** The server's answer to an op frame (op-frames.ts), validated: what a client reads. */
import { z } from 'zod';
import { RejectReasons, type OpOutcome } from './ops.js';

/** An op frame's answer: the op's id with its outcome, as the outbox would write it onto the entry. */
export type OpAck = { id: string } & OpOutcome;

const OpAckFrame = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'rejected']),
  seq: z.number().int().optional(),
  reason: z.enum(RejectReasons).optional(),
  detail: z.string().optional(),
});

/** An answer's JSON as an outcome; undefined when it is not one. */
export function ackOf(value: unknown): OpAck | undefined {
  const parsed = OpAckFrame.safeParse(value);
  if (!parsed.success) return undefined;
  const { id, status, seq, reason, detail } = parsed.data;
  if (status === 'accepted') return seq === undefined ? undefined : { id, status, seq };
  return { id, status, reason: reason ?? 'invalid_op', ...(detail !== undefined && { detail }) };
}

/** Which sound goes with what happened in a game: from the physics' events, or seen in snapshots. */
import type { GameEvent, Snapshot } from '@volley/shared';

export type SoundName = 'paddle' | 'wall' | 'point' | 'win';

/** The sound of a step's event (practice). */
export function soundOf(event: GameEvent): SoundName {
  return event.type === 'over' ? 'win' : event.type;
}

/** What can be heard between two snapshots (online, where the events stay on the server). */
export function snapshotSounds(before: Snapshot, after: Snapshot): SoundName[] {
  if (after[1] === 'over' && before[1] !== 'over') return ['win'];
  if (after[9] + after[10] !== before[9] + before[10]) return ['point'];
  if (after[1] !== 'playing' || before[1] !== 'playing') return [];
  if (Math.sign(after[5]) !== Math.sign(before[5])) return ['paddle'];
  if (Math.sign(after[6]) !== Math.sign(before[6])) return ['wall'];
  return [];
}

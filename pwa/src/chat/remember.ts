/**
 * A function that answers its last result again while it is called with the same arguments (each
 * the same value, `===`): a view renders many times for one change of what it shows, and a long
 * timeline is too costly to build again each time.
 */
export function remember<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result };
    return result;
  };
}

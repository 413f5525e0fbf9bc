// A TV's pairing code as a person types it on a phone (the server checks it again: server/src/profiles/pairing.ts).

/** No 0/O, 1/I/L or U/V look-alikes. */
export const PAIR_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIR_CODE_LENGTH = 6;

/** Upper case, without the spaces and dashes people add; an O typed for a 0 cannot happen (neither is in the alphabet). */
export const normalisePairCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]+/g, '');

/** Why a typed code cannot be one, or null when it can. */
export function pairCodeProblem(typed: string): string | null {
  const code = normalisePairCode(typed);
  if (code === '') return 'Type the code the TV shows.';
  if (code.length !== PAIR_CODE_LENGTH) return `A code has ${PAIR_CODE_LENGTH} characters; this has ${code.length}.`;
  const stray = [...code].find((c) => !PAIR_ALPHABET.includes(c));
  if (stray !== undefined) return `A code has no ${stray}: check the TV again.`;
  return null;
}

// us-state-codes ships no types; these are the two functions Handoff uses (see its README).
declare module 'us-state-codes' {
  /** "ca" or " CA " → "CA"; null when it is not a state's postal code. */
  export function sanitizeStateCode(code: string): string | null;
  /** "new york" → "NY"; null when no state has that name. */
  export function getStateCodeByStateName(name: string): string | null;
}

/**
 * Word matching for playbook rules. Rules name words and phrases ("head of", "demo"); they match
 * whole words only, so "intern" never matches "International Sales Director" and "cto" never
 * matches "director".
 */

/** Lower-case words without accents or punctuation. */
export function wordsOf(text: string | null | undefined): string[] {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Whether `phrase`'s words appear, consecutively and whole, in `text`. */
export function containsPhrase(text: string | null | undefined, phrase: string): boolean {
  const haystack = wordsOf(text);
  const needle = wordsOf(phrase);
  if (needle.length === 0) return false;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, offset) => haystack[start + offset] === word)) return true;
  }
  return false;
}

/** The first of `phrases` found in `text`, if any. */
export function firstPhraseIn(
  text: string | null | undefined,
  phrases: readonly string[],
): string | undefined {
  return phrases.find((phrase) => containsPhrase(text, phrase));
}

/** Equal as values: `COMPUTER_SOFTWARE` is "Computer software", "U.K." is "UK". */
export function sameValue(a: string | null | undefined, b: string): boolean {
  const left = wordsOf(a).join(' ');
  return left !== '' && left === wordsOf(b).join(' ');
}

/**
 * The readable id rule: the name is slugified (lower case, accents dropped, every run of other characters a `-`),
 * its first and last words joined by `-` make the stem (one word: that word; no letters or digits at all: the kind),
 * and a per-stem sequence follows, zero-padded to 3 digits: "Ethiopia Single-Origin Bag" → `ethiopia-bag-001`, the
 * next one `ethiopia-bag-002`. A bulk call numbers its trackables padded to the width of its count (1,000 →
 * `ethiopia-bag-0001` … `ethiopia-bag-1000`), after the highest number the stem already has.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const MAX_STEM_LENGTH = 60;

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The stem of a name's ids: first and last word of its slug (see the rule above). */
export function idStem(name: string, kind: string): string {
  const words = slugify(name).split('-').filter(Boolean);
  const stem = words.length === 0 ? kind.replace(/_/g, '-') : words.length === 1 ? words[0]! : `${words[0]}-${words.at(-1)}`;
  return stem.slice(0, MAX_STEM_LENGTH).replace(/-+$/, '');
}

/** The numbered id `{stem}-{number}`, the number zero-padded to `width` digits. */
export const numberedId = (stem: string, number: number, width: number): string => `${stem}-${String(number).padStart(width, '0')}`;

/** The padding of a call's numbers: 3 digits for one trackable, the count's own width (at least 3) for a bulk call. */
export const numberWidth = (count: number): number => Math.max(3, String(count).length);

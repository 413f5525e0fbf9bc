// Text as search sees it: lower case, accents folded ("Amélie" → "amelie"), cut into words the way
// SQLite's unicode61 tokenizer cuts them (letters and digits; anything else separates), each word
// remembering where it stands in the original text so a match can be highlighted there.

export interface TextWord {
  /** folded: lower case, without accents */
  folded: string;
  /** where the word starts and ends in the original text (UTF-16) */
  start: number;
  end: number;
  /**
   * For each character of `folded`: its code point's start and end in the original; null when the
   * word is plain ASCII, each folded character being the original one at start + i.
   */
  starts: readonly number[] | null;
  ends: readonly number[] | null;
}

const TOKEN_CHAR = /^[\p{L}\p{N}\p{Co}]+$/u;
const MARKS = /\p{M}/gu;

/** Lower case without accents, as the search index folds: "Amélie" → "amelie". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** The range [start, end) in the original text of the folded characters [from, to) of a word. */
export function originalRange(word: TextWord, from: number, to: number): [number, number] {
  if (!word.starts || !word.ends) return [word.start + from, word.start + to];
  return [word.starts[from]!, word.ends[to - 1]!];
}

/** The words of a text, folded, with their places in it. */
export function textWords(text: string): TextWord[] {
  const words: TextWord[] = [];
  let folded = '';
  let start = 0;
  let end = 0;
  // per folded character, filled in only once the word turns out not to be plain ASCII
  let starts: number[] | null = null;
  let ends: number[] | null = null;
  const close = () => {
    if (folded) words.push({ folded, start, end, starts, ends });
    folded = '';
    starts = null;
    ends = null;
  };
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      // plain ASCII: a letter or digit joins the word, anything else ends it
      const lower = code >= 65 && code <= 90 ? code + 32 : code;
      if ((lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57)) {
        if (!folded) start = i;
        folded += String.fromCharCode(lower);
        starts?.push(i);
        ends?.push(i + 1);
        end = i + 1;
      } else close();
      i += 1;
      continue;
    }
    const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    const piece = text
      .slice(i, i + width)
      .normalize('NFD')
      .replace(MARKS, '')
      .toLowerCase();
    if (piece === '') {
      // a combining mark belongs to the letter before it
      if (folded) {
        end = i + width;
        if (ends) ends[ends.length - 1] = end;
        else ({ starts, ends } = spelledOut(folded, start, end));
      }
    } else if (TOKEN_CHAR.test(piece)) {
      if (!folded) start = i;
      if (!starts || !ends) ({ starts, ends } = spelledOut(folded, start, i));
      for (let k = 0; k < piece.length; k++) {
        starts.push(i);
        ends.push(i + width);
      }
      folded += piece;
      end = i + width;
    } else close();
    i += width;
  }
  close();
  return words;
}

/** Per-character places of a plain ASCII word so far, when it stops being one. */
function spelledOut(folded: string, start: number, end: number): { starts: number[]; ends: number[] } {
  const starts = Array.from({ length: folded.length }, (_, k) => start + k);
  const ends = starts.map((s) => s + 1);
  // a trailing mark already moved the end
  if (ends.length > 0) ends[ends.length - 1] = Math.max(ends.at(-1)!, end);
  return { starts, ends };
}

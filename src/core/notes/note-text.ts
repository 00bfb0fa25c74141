/**
 * From a file's bytes to a note's text, refusing what isn't a text note: a binary file that happens to
 * end in `.md`, or bytes that are not valid UTF-8 (decoding them would replace characters, and writing
 * that text back would change bytes the user never touched).
 */
export type NoteText = { ok: true; text: string } | { ok: false; problem: string };

export const BINARY_NOTE_PROBLEM = "this is a binary file, not a text note; it is neither read nor written";
export const INVALID_UTF8_PROBLEM = "this note is not valid UTF-8; it is neither read nor written";

export function decodeNote(bytes: Uint8Array): NoteText {
  // No text note holds a NUL anywhere; the search is a memchr over the bytes, cheap even for big files.
  if (bytes.includes(0)) return { ok: false, problem: BINARY_NOTE_PROBLEM };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: INVALID_UTF8_PROBLEM };
  }
}

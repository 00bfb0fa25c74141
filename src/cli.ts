// PLACEHOLDER so the build and lint plumbing has an entry point. The real CLI replaces this file.
const usage = `usage: flashcards <command> [options]

commands:
  cards <file.md>...         cards, decks and problems of each note as JSON
  due <vault-dir>            due counts over a vault
  review <vault-dir> ...     apply one review and write the note
  check <vault-dir>          every problem of every tagged note
`;

process.stderr.write(usage);
process.exit(2);

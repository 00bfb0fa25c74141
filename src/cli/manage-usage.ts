/** Usage lines of the card-management commands; apart from them so run.ts can read it at load time. */
export const MANAGE_USAGE = `  suspend|unsuspend <vault-dir> --note <path> --question <key> [--now ISO] [--logs DIR --device NAME]
                                           suspend a card (never shown, never due) or take it back
  flag <vault-dir> --note <path> --question <key> --flag red|orange|green|blue|pink|turquoise|purple|none
       [--now ISO] [--logs DIR --device NAME]
                                           set or clear a card's flag
  reset <vault-dir> --note <path> --question <key> [--now ISO] [--logs DIR --device NAME]
                                           forget a card: it starts over as new; with --logs, each of
                                           these appends its record (before and after) to DIR/NAME.jsonl
  search <vault-dir> "<query>" [--json] [--now ISO] [--day-start H]
                                           cards matching an Anki-style search, one per line
`;

import { Notice, type Scope } from "obsidian";
import { flagState, suspendState, toggledFlag } from "../core/manage/actions";
import type { CardRef } from "../core/study/card-index";
import type { ReviewSession } from "../core/study/session";
import { FLAGS } from "../core/types";

/**
 * Anki's card keys in the review: `@` suspends, `-` buries (as B), Ctrl/Cmd+1…7 set a flag (the same
 * again clears it), `I` opens card info. Kept apart from the review view so the view gains one call.
 */
export interface CardKeyTarget {
  session: () => ReviewSession | null;
  /** Redraws the review and refocuses it, once an action has finished. */
  afterAction: (session: ReviewSession) => void;
  /** Redraws at once (a write is in flight). */
  update: () => void;
  bury: () => void;
  openCardInfo: (ref: CardRef) => void;
}

export function registerCardKeys(scope: Scope, target: CardKeyTarget): void {
  const bind = (modifiers: ("Mod" | "Shift")[] | null, key: string, action: () => void): void => {
    scope.register(modifiers, key, (evt) => {
      if (evt.repeat) return false;
      action();
      return false;
    });
  };
  // `@` is Shift+2 on most layouts and a plain key on others: any modifiers.
  bind(null, "@", () => void suspendCurrent(target));
  bind([], "-", () => target.bury());
  FLAGS.forEach((flag, index) => bind(["Mod"], String(index + 1), () => void flagCurrent(target, flag)));
  bind([], "i", () => {
    const ref = target.session()?.card;
    if (ref) target.openCardInfo(ref);
  });
}

async function suspendCurrent(target: CardKeyTarget): Promise<void> {
  const session = target.session();
  if (session === null || session.busy || session.card === null) return;
  const key = session.card.card.key;
  const pending = session.changeCurrentCard("suspend", (state) => suspendState(state, new Date()));
  target.update();
  const result = await pending;
  new Notice(result.ok ? `Suspended "${key}". Press U to undo.` : `Not suspended: ${result.reason}`);
  target.afterAction(session);
}

async function flagCurrent(target: CardKeyTarget, flag: (typeof FLAGS)[number]): Promise<void> {
  const session = target.session();
  if (session === null || session.busy || session.card === null) return;
  const pending = session.changeCurrentCard("flag", (state) => flagState(state, toggledFlag(state, flag), new Date()));
  target.update();
  const result = await pending;
  if (!result.ok) new Notice(`Flag not saved: ${result.reason}`);
  target.afterAction(session);
}

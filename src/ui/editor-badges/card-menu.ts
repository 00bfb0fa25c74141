import { Menu } from "obsidian";
import { FLAGS, type CardState } from "../../core/types";
import type { CardActions, CardTarget } from "./card-actions";

/**
 * The menu a badge opens (issue 16): review now, card info, suspend, flag, bury, reset. Flags are items
 * of their own (the public Menu API has no submenus); the card's flag is checked.
 */
export function cardMenu(target: CardTarget, state: CardState | null, actions: CardActions): Menu {
  const menu = new Menu();
  menu.addItem((item) => item.setTitle("Review this card now").setIcon("play").onClick(() => actions.reviewCard(target)));
  menu.addItem((item) => item.setTitle("Card info").setIcon("info").onClick(() => actions.showInfo(target)));
  menu.addSeparator();
  const suspended = state?.suspended === true;
  menu.addItem((item) =>
    item
      .setTitle(suspended ? "Unsuspend" : "Suspend")
      .setIcon(suspended ? "circle-play" : "circle-pause")
      .onClick(() => void actions.setSuspended(target, !suspended)),
  );
  menu.addItem((item) => item.setTitle("Bury until tomorrow").setIcon("eye-off").onClick(() => actions.bury(target)));
  menu.addItem((item) => item.setTitle("Reset (forget)").setIcon("rotate-ccw").onClick(() => void actions.reset(target)));
  menu.addSeparator();
  for (const flag of FLAGS) {
    menu.addItem((item) =>
      item
        .setTitle(`Flag ${flag}`)
        .setIcon("flag")
        .setChecked(state?.flag === flag)
        .setSection("flag")
        .onClick(() => void actions.setFlag(target, state?.flag === flag ? null : flag)),
    );
  }
  if (state?.flag !== undefined) {
    menu.addItem((item) => item.setTitle("Remove flag").setIcon("flag-off").setSection("flag").onClick(() => void actions.setFlag(target, null)));
  }
  return menu;
}

/** What a badge of a question that is no card (yet) offers: the note's review. */
export function noteMenu(path: string, actions: CardActions): Menu {
  return new Menu().addItem((item) => item.setTitle("Review this note").setIcon("layers").onClick(() => actions.reviewNote(path)));
}

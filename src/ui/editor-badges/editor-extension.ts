import { RangeSetBuilder, StateEffect, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { editorInfoField } from "obsidian";
import type { Badge } from "../../core/study/badge";
import type { IndexedNote } from "../../core/study/card-index";
import { resolveQuestions, targetBadge, type QuestionTarget } from "../../core/study/question-badges";
import type { BadgeContext } from "./badge-context";
import { badgeElement, sameBadge } from "./badge-element";
import { QuestionLines } from "./question-lines";

/** Asks the badges to read the index again (dispatched when it changed). */
const refreshBadges = StateEffect.define<null>();

/**
 * Badges after the questions of a flashcard note in Live Preview and Source mode (issue 16). Only the
 * visible part of the document gets decorations; an edit maps the question lines and looks at the
 * changed lines only (QuestionLines); the cards come from the index, which follows saves, reviews and
 * undos. In any other note the plugin holds nothing and does nothing but one lookup per transaction.
 */
export function editorBadges(context: BadgeContext): Extension {
  return ViewPlugin.define((view) => new EditorBadges(view, context), { decorations: (plugin) => plugin.decorations });
}

/** Exported for the benchmark, which drives it without a DOM. */
export class EditorBadges {
  decorations: DecorationSet = Decoration.none;
  private path: string | null;
  private note: IndexedNote | undefined;
  private lines: QuestionLines | null = null;
  private targets: QuestionTarget[] = [];
  private readonly stopListening: () => void;

  constructor(
    view: EditorView,
    private readonly context: BadgeContext,
  ) {
    this.path = pathOf(view.state);
    this.stopListening = context.onChange(() => view.dispatch({ effects: refreshBadges.of(null) }));
    if (this.attach(view.state)) this.resolve();
    this.decorations = this.build(view);
  }

  update(update: ViewUpdate): void {
    const refresh = update.transactions.some((tr) => tr.effects.some((effect) => effect.is(refreshBadges)));
    const path = pathOf(update.state);
    if (path !== this.path) {
      // The editor shows another file now.
      this.path = path;
      this.lines = null;
      this.note = undefined;
    }
    let changed = false;
    if (this.lines !== null && update.docChanged) changed = this.lines.apply(update.changes, update.startState.doc, update.state.doc);
    if (refresh || this.lines === null) changed = this.attach(update.state) || changed;
    if (changed) this.resolve();
    if (changed || refresh || update.viewportChanged) this.decorations = this.build(update.view);
    else if (update.docChanged) this.decorations = this.decorations.map(update.changes);
  }

  destroy(): void {
    this.stopListening();
  }

  /** Follows the index: is this a flashcard note (still), and which version of it. True when that changed. */
  private attach(state: EditorState): boolean {
    const note = this.path !== null && this.context.enabled() ? this.context.note(this.path) : undefined;
    if (note === undefined) {
      const had = this.lines !== null;
      this.lines = null;
      this.note = undefined;
      this.targets = [];
      return had;
    }
    let changed = note !== this.note;
    this.note = note;
    if (this.lines === null) {
      this.lines = QuestionLines.scan(state.doc);
      changed = true;
    }
    return changed;
  }

  private resolve(): void {
    if (this.lines === null || this.note === undefined) return;
    const entries = this.lines.entries;
    this.targets = resolveQuestions(this.note, entries);
    for (let index = 0; index < entries.length; index++) {
      const target = this.targets[index];
      if (target.kind === "card") entries[index].key = target.card.key;
    }
  }

  private build(view: EditorView): DecorationSet {
    const lines = this.lines;
    const path = this.path;
    if (lines === null || path === null || lines.entries.length === 0) return Decoration.none;
    const builder = new RangeSetBuilder<Decoration>();
    const now = this.context.now();
    const dayStartHour = this.context.dayStartHour();
    const doc = view.state.doc;
    let last = -1;
    for (const { from, to } of view.visibleRanges) {
      for (let index = lines.firstAtOrAfter(doc.lineAt(from).from); index < lines.entries.length && lines.entries[index].from <= to; index++) {
        const end = doc.lineAt(lines.entries[index].from).to;
        if (end <= last) continue;
        last = end;
        const target = this.targets[index];
        const key = target.kind === "card" ? target.card.key : null;
        const widget = new BadgeWidget(targetBadge(target, now, dayStartHour), path, key, this.context);
        builder.add(end, end, Decoration.widget({ widget, side: 1 }));
      }
    }
    return builder.finish();
  }
}

class BadgeWidget extends WidgetType {
  constructor(
    readonly badge: Badge,
    readonly path: string,
    readonly key: string | null,
    private readonly context: BadgeContext,
  ) {
    super();
  }

  override eq(other: BadgeWidget): boolean {
    return other.path === this.path && other.key === this.key && sameBadge(other.badge, this.badge);
  }

  toDOM(): HTMLElement {
    return badgeElement(this.badge, (evt) => this.context.openMenu(evt, this.path, this.key));
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

function pathOf(state: EditorState): string | null {
  return state.field(editorInfoField, false)?.file?.path ?? null;
}

import { MarkdownRenderChild, type MarkdownPostProcessor, type MarkdownPostProcessorContext, type MarkdownSectionInformation } from "obsidian";
import { atxHeading } from "../../core/notes/markdown-scan";
import type { IndexedNote } from "../../core/study/card-index";
import { cardTarget, noteLookup, questionAtLine, targetBadge, type QuestionTarget } from "../../core/study/question-badges";
import type { BadgeContext } from "./badge-context";
import { badgeElement, fillBadge } from "./badge-element";

/**
 * Badges after the questions in Reading view (issue 16): a post-processor on `h3`. The Reading view
 * shows the saved note, which is what the index read, so a heading is matched to its card by its line
 * (`getSectionInfo`), or by its text when Obsidian can't say where the section is. Each badge follows
 * the index while its section is on screen.
 */
export function readingViewBadges(context: BadgeContext): MarkdownPostProcessor {
  return (el: HTMLElement, ctx: MarkdownPostProcessorContext) => {
    const headings = el.findAll("h3");
    if (headings.length === 0 || !context.enabled()) return;
    const note = context.note(ctx.sourcePath);
    if (note === undefined) return;
    const section = headings.length === 1 ? ctx.getSectionInfo(el) : null;
    for (const heading of headings) {
      const target = (section !== null ? atSection(note, section) : null) ?? byText(context, ctx.sourcePath, heading.textContent?.trim() ?? "");
      if (target === null) continue;
      ctx.addChild(new ReadingBadge(heading, context, ctx.sourcePath, target));
    }
  };
}

/** The question written on the section's first line, as the note has it (the rendered text drops link syntax). */
function atSection(note: IndexedNote, section: MarkdownSectionInformation): QuestionTarget | null {
  const lines = section.text.split("\n");
  const source = (lines[section.lineStart] ?? "").replace(/\r$/, "");
  const heading = atxHeading(source, 0, source.length);
  return heading === null || heading.level !== 3 ? null : questionAtLine(note, section.lineStart + 1, heading.text);
}

function byText(context: BadgeContext, path: string, text: string): QuestionTarget | null {
  const note = context.note(path);
  const card = note === undefined ? undefined : noteLookup(note).byQuestion.get(text)?.[0];
  return card === undefined ? null : cardTarget(card);
}

/** One badge in Reading view, kept current from the index while its heading is shown. */
class ReadingBadge extends MarkdownRenderChild {
  private readonly badgeEl: HTMLElement;
  private readonly key: string | null;

  constructor(
    heading: HTMLElement,
    private readonly context: BadgeContext,
    private readonly path: string,
    private target: QuestionTarget,
  ) {
    super(heading);
    this.key = target.kind === "card" ? target.card.key : null;
    this.badgeEl = badgeElement(this.badge(), (evt) => context.openMenu(evt, path, this.key));
    heading.appendChild(this.badgeEl);
  }

  override onload(): void {
    this.register(this.context.onChange(() => this.refresh()));
  }

  override onunload(): void {
    this.badgeEl.detach();
  }

  private refresh(): void {
    const note = this.context.enabled() ? this.context.note(this.path) : undefined;
    const card = this.key === null || note === undefined ? undefined : noteLookup(note).byKey.get(this.key);
    this.badgeEl.toggle(note !== undefined && (this.key === null || card !== undefined));
    if (card !== undefined) this.target = cardTarget(card);
    fillBadge(this.badgeEl, this.badge());
  }

  private badge(): ReturnType<typeof targetBadge> {
    return targetBadge(this.target, this.context.now(), this.context.dayStartHour());
  }
}

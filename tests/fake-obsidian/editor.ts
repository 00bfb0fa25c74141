import type * as obsidian from "obsidian";
import { EditorSelection, type ChangeSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";

type EditorKeys =
  | "getValue"
  | "setValue"
  | "getLine"
  | "lineCount"
  | "lastLine"
  | "getRange"
  | "getSelection"
  | "somethingSelected"
  | "replaceSelection"
  | "replaceRange"
  | "getCursor"
  | "setCursor"
  | "setSelection"
  | "focus"
  | "blur"
  | "hasFocus"
  | "posToOffset"
  | "offsetToPos"
  | "transaction"
  | "scrollIntoView";

/**
 * Obsidian's `Editor` over a real CodeMirror 6 EditorView, which is what Obsidian's editor is: the
 * undocumented `editor.cm` is that EditorView (many community plugins reach it as
 * `(editor as any).cm as EditorView`).
 * Lines and columns are 0-based, as in the declarations.
 */
export class Editor implements Pick<obsidian.Editor, EditorKeys> {
  constructor(readonly cm: EditorView) {}

  getValue(): string {
    return this.cm.state.doc.toString();
  }
  setValue(content: string): void {
    this.cm.dispatch({ changes: { from: 0, to: this.cm.state.doc.length, insert: content } });
  }
  getLine(line: number): string {
    return this.cm.state.doc.line(line + 1).text;
  }
  lineCount(): number {
    return this.cm.state.doc.lines;
  }
  lastLine(): number {
    return this.cm.state.doc.lines - 1;
  }
  getRange(from: obsidian.EditorPosition, to: obsidian.EditorPosition): string {
    return this.cm.state.sliceDoc(this.posToOffset(from), this.posToOffset(to));
  }
  getSelection(): string {
    const { from, to } = this.cm.state.selection.main;
    return this.cm.state.sliceDoc(from, to);
  }
  somethingSelected(): boolean {
    return !this.cm.state.selection.main.empty;
  }
  replaceSelection(replacement: string, origin?: string): void {
    this.cm.dispatch(this.cm.state.replaceSelection(replacement), { userEvent: origin });
  }
  replaceRange(replacement: string, from: obsidian.EditorPosition, to?: obsidian.EditorPosition, origin?: string): void {
    const start = this.posToOffset(from);
    this.cm.dispatch({ changes: { from: start, to: to ? this.posToOffset(to) : start, insert: replacement }, userEvent: origin });
  }
  getCursor(which: "from" | "to" | "head" | "anchor" = "head"): obsidian.EditorPosition {
    const range = this.cm.state.selection.main;
    return this.offsetToPos(range[which]);
  }
  setCursor(pos: obsidian.EditorPosition | number, ch?: number): void {
    const at = typeof pos === "number" ? { line: pos, ch: ch ?? 0 } : pos;
    this.setSelection(at);
  }
  setSelection(anchor: obsidian.EditorPosition, head?: obsidian.EditorPosition): void {
    this.cm.dispatch({ selection: EditorSelection.single(this.posToOffset(anchor), this.posToOffset(head ?? anchor)) });
  }
  focus(): void {
    this.cm.focus();
  }
  blur(): void {
    this.cm.contentDOM.blur();
  }
  hasFocus(): boolean {
    return this.cm.hasFocus;
  }
  posToOffset(pos: obsidian.EditorPosition): number {
    const doc = this.cm.state.doc;
    const line = doc.line(Math.min(Math.max(pos.line, 0), doc.lines - 1) + 1);
    return line.from + Math.min(Math.max(pos.ch, 0), line.length);
  }
  offsetToPos(offset: number): obsidian.EditorPosition {
    const line = this.cm.state.doc.lineAt(Math.min(Math.max(offset, 0), this.cm.state.doc.length));
    return { line: line.number - 1, ch: offset - line.from };
  }
  /** All changes in one CodeMirror transaction, positions relative to the text before it. */
  transaction(tx: obsidian.EditorTransaction, origin?: string): void {
    const changes: ChangeSpec[] = (tx.changes ?? []).map((c) => ({ from: this.posToOffset(c.from), to: c.to ? this.posToOffset(c.to) : undefined, insert: c.text }));
    const spec = tx.replaceSelection !== undefined ? this.cm.state.replaceSelection(tx.replaceSelection) : { changes };
    const selection = tx.selection ? EditorSelection.single(this.posToOffset(tx.selection.from), this.posToOffset(tx.selection.to ?? tx.selection.from)) : undefined;
    this.cm.dispatch({ ...spec, selection, userEvent: origin });
  }
  scrollIntoView(range: obsidian.EditorRange, _center?: boolean): void {
    this.cm.dispatch({ selection: EditorSelection.single(this.posToOffset(range.from)), scrollIntoView: true });
  }

  /** Test helper: the user types `text` at the cursor (or at `at`), as a keystroke transaction. */
  type(text: string, at?: obsidian.EditorPosition): void {
    const from = at ? this.posToOffset(at) : this.cm.state.selection.main.head;
    this.cm.dispatch({ changes: { from, insert: text }, selection: EditorSelection.single(from + text.length), userEvent: "input.type" });
  }
}

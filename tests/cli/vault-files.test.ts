import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readNoteFile } from "../../src/cli/vault-files";

describe("readNoteFile", () => {
  it("reports a file that can't be read as a problem instead of throwing", () => {
    // A folder named like a note: reading it fails (EISDIR), as an unreadable or vanished file would.
    const dir = mkdtempSync(path.join(tmpdir(), "hf-read-"));
    const folder = path.join(dir, "looks like a note.md");
    mkdirSync(folder);
    const result = readNoteFile(folder);
    expect(result).toEqual({ ok: false, problem: "this file can't be read (EISDIR)" });
  });

  it("reports a missing file as a problem", () => {
    const result = readNoteFile(path.join(tmpdir(), "hf-does-not-exist", "gone.md"));
    expect(result).toEqual({ ok: false, problem: "this file can't be read (ENOENT)" });
  });
});

// The parser's hot loops read character codes where it once used regular expressions (bench/, issue 17).
// Each must find exactly what the expression it replaced finds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mayHoldTag } from "../../src/core/notes/markdown-scan";
import { hasUnprintable } from "../../src/core/notes/simple-properties";
import { findUnprintable } from "../../src/core/notes/strict-yaml";

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above
const SIMPLE_UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ud800-\udfff]/;

const interesting = fc.constantFrom(..."a #\t\n\r\u0000\u0008\u000b\u001f\u007f\u0084\u0085\u0086\u009f\u00a0\ufeff\ufffe\uffff\ud800\udbff\udc00\udfff\u2028é".split(""), "🧠");
const text = fc.oneof(fc.string({ unit: interesting, maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }));

describe("character scans agree with the expressions they replaced", () => {
  it("findUnprintable (YAML's unprintable characters, unpaired surrogates)", () => {
    fc.assert(
      fc.property(text, (source) => {
        expect(findUnprintable(source)).toBe(UNPRINTABLE.exec(source)?.index ?? -1);
      }),
      { numRuns: 20000 },
    );
  });

  it("hasUnprintable (what the simple properties reader leaves to YAML)", () => {
    fc.assert(
      fc.property(text, (source) => {
        expect(hasUnprintable(source)).toBe(SIMPLE_UNPRINTABLE.test(source));
      }),
      { numRuns: 20000 },
    );
  });

  it("the search for #tag in any letter case", () => {
    const tags = fc.constantFrom("flashcards", "Flash-Cards/2", "x", "karteikärtchen", "ſtudy", "k");
    const chunk = fc.string({ unit: fc.constantFrom(..."#fFlLaAsShHcCrRdDkKxX-/2 äÄſ\u212a".split("")), maxLength: 4 });
    // The tag written in random letter cases (and sometimes cut short), between random characters.
    const variant = (tag: string) => fc.tuple(fc.array(fc.boolean(), { minLength: tag.length, maxLength: tag.length }), fc.nat(tag.length)).map(([upper, cut]) => `#${[...tag].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join("").slice(0, tag.length - (cut % 3 === 0 ? cut : 0))}`);
    const sample = tags.chain((tag) => fc.tuple(fc.constant(tag), fc.array(fc.oneof(chunk, variant(tag)), { maxLength: 5 }).map((parts) => parts.join(""))));
    fc.assert(
      fc.property(sample, fc.nat(20), ([tag, source], from) => {
        const pattern = new RegExp(`#${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "gi");
        pattern.lastIndex = from;
        expect(mayHoldTag(source, from, tag)).toBe(pattern.exec(source) !== null);
      }),
      { numRuns: 20000 },
    );
  });
});

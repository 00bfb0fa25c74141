// What `obsidian` resolves to in the benchmark bundle: the test fake's file classes and tag helper, without
// its DOM-bound parts (views, workspace, settings), which the indexing path never touches and which need a
// DOM. The classes are the fake's own, so `instanceof TFile` holds for the fake vault's files.
export { TAbstractFile, TFile, TFolder } from "../tests/fake-obsidian/files";
export { getAllTags, parseFrontMatterTags } from "../tests/fake-obsidian/frontmatter";
export { editorInfoField } from "../tests/fake-obsidian/editor-extensions";

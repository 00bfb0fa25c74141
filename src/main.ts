// PLACEHOLDER so the build and lint plumbing has an entry point. The real plugin (settings, commands,
// views, events) replaces this file.
import { Plugin } from "obsidian";

export default class HeadingFlashcardsPlugin extends Plugin {
	override onload(): void {
		// Placeholder: nothing to wire up yet.
	}
}

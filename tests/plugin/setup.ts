import { afterEach } from "vitest";
import { installDomHelpers, resetFake } from "../fake-obsidian";

installDomHelpers(window as unknown as Window & typeof globalThis);
afterEach(() => resetFake());

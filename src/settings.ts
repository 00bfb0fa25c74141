import { DEFAULT_LEECH_SETTINGS, type LeechSettings } from "./core/manage/leech";
import { DEFAULT_SCHEDULER_SETTINGS, validateSchedulerSettings, type SchedulerSettings } from "./core/scheduling/scheduler";

/** Everything the settings tab can change. Stored in the plugin's data.json under `settings`. */
export interface FlashcardsSettings extends SchedulerSettings, LeechSettings {
  /** Tag that marks flashcard notes, without `#`. */
  tag: string;
  /** Frontmatter property holding the state lines. */
  stateProperty: string;
  newPerDay: number;
  reviewsPerDay: number;
  /** Local hour (0–23) at which the study day starts. */
  dayStartHour: number;
  /** Show the `Heading › Subheading` breadcrumb above the question. */
  showContext: boolean;
  /** Where "Study" from the study pane opens the review: in the sidebar itself or in the main area. */
  reviewLocation: "sidebar" | "main";
  /** Show each deck's true retention of the last month in the study pane. */
  studyPaneRetention: boolean;
  /**
   * Vault folder of the per-device review logs (design.md §2a); "" for `logs/` in the plugin's folder,
   * which Obsidian Sync copies only with its plugin-settings toggles on.
   */
  logFolder: string;
  /** Show each question's schedule as a badge after it, in the editor and in Reading view. */
  showBadges: boolean;
}

export const DEFAULT_SETTINGS: Readonly<FlashcardsSettings> = Object.freeze({
  ...DEFAULT_SCHEDULER_SETTINGS,
  tag: "flashcards",
  stateProperty: "srs",
  newPerDay: 20,
  reviewsPerDay: 200,
  dayStartHour: 4,
  showContext: true,
  reviewLocation: "main",
  studyPaneRetention: false,
  ...DEFAULT_LEECH_SETTINGS,
  logFolder: "",
  showBadges: true,
});

const NAME_PATTERN = /^[\p{L}\p{N}_\-/]+$/u;

/**
 * Settings from data.json or the settings tab, checked: each invalid field falls back to its
 * default and yields a message, so a hand-edited data.json can never break the plugin.
 */
export function validateSettings(input: unknown): { settings: FlashcardsSettings; errors: string[] } {
  const raw = (typeof input === "object" && input !== null ? input : {}) as Partial<Record<keyof FlashcardsSettings, unknown>>;
  const { settings: scheduler, errors } = validateSchedulerSettings(raw);
  const settings: FlashcardsSettings = { ...DEFAULT_SETTINGS, ...scheduler };

  const tag = typeof raw.tag === "string" ? raw.tag.trim().replace(/^#/, "") : raw.tag;
  if (tag !== undefined) {
    if (typeof tag === "string" && NAME_PATTERN.test(tag) && !/^\d+$/.test(tag)) settings.tag = tag;
    else errors.push(`The tag must be a tag name such as "flashcards", got ${JSON.stringify(raw.tag)}.`);
  }
  if (raw.stateProperty !== undefined) {
    const name = typeof raw.stateProperty === "string" ? raw.stateProperty.trim() : "";
    if (/^[A-Za-z_][\w-]*$/.test(name)) settings.stateProperty = name;
    else errors.push(`The state property must be a simple name such as "srs", got ${JSON.stringify(raw.stateProperty)}.`);
  }
  settings.newPerDay = wholeNumber(raw.newPerDay, DEFAULT_SETTINGS.newPerDay, 0, 9999, "New cards per day", errors);
  settings.reviewsPerDay = wholeNumber(raw.reviewsPerDay, DEFAULT_SETTINGS.reviewsPerDay, 0, 99999, "Reviews per day", errors);
  settings.dayStartHour = wholeNumber(raw.dayStartHour, DEFAULT_SETTINGS.dayStartHour, 0, 23, "The hour the day starts", errors);
  if (raw.showContext !== undefined) {
    if (typeof raw.showContext === "boolean") settings.showContext = raw.showContext;
    else errors.push("Show context must be on or off.");
  }
  if (raw.reviewLocation !== undefined) {
    if (raw.reviewLocation === "sidebar" || raw.reviewLocation === "main") settings.reviewLocation = raw.reviewLocation;
    else errors.push(`Reviews open in "sidebar" or "main", got ${JSON.stringify(raw.reviewLocation)}.`);
  }
  if (raw.studyPaneRetention !== undefined) {
    if (typeof raw.studyPaneRetention === "boolean") settings.studyPaneRetention = raw.studyPaneRetention;
    else errors.push("Show retention in the study pane must be on or off.");
  }
  settings.leechThreshold = wholeNumber(raw.leechThreshold, DEFAULT_SETTINGS.leechThreshold, 1, 99, "Leech threshold", errors);
  if (raw.leechAction !== undefined) {
    if (raw.leechAction === "suspend" || raw.leechAction === "mark") settings.leechAction = raw.leechAction;
    else errors.push(`A leech is either suspended or only marked, got ${JSON.stringify(raw.leechAction)}.`);
  }
  if (raw.logFolder !== undefined) {
    const folder = typeof raw.logFolder === "string" ? normaliseFolder(raw.logFolder) : null;
    if (folder !== null) settings.logFolder = folder;
    else errors.push(`The log folder must be a folder inside the vault such as "Flashcards/logs", or empty, got ${JSON.stringify(raw.logFolder)}.`);
  }
  if (raw.showBadges !== undefined) {
    if (typeof raw.showBadges === "boolean") settings.showBadges = raw.showBadges;
    else errors.push("Show badges must be on or off.");
  }
  return { settings, errors };
}

/** A vault-relative folder without `.`/`..` parts or a leading dot (Obsidian Sync skips dot folders); null when unusable. */
function normaliseFolder(value: string): string | null {
  const parts = value.trim().split("/").filter((part) => part !== "");
  if (parts.some((part) => part === "." || part === ".." || part.startsWith(".") || /[\\:*?"<>|]/.test(part))) return null;
  return parts.join("/");
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number, label: string, errors: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  errors.push(`${label} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  return fallback;
}

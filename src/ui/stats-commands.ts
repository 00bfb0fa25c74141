import type { App, Plugin, WorkspaceLeaf } from "obsidian";
import type { StatsScope } from "../core/stats/scope";
import { STATS_VIEW_TYPE, type FlashcardsHost } from "./host";
import { StatsView } from "./stats-view";

/** The statistics view's registration and commands, kept here so main.ts only wires. */
export function registerStatistics(plugin: Plugin, host: FlashcardsHost): void {
  plugin.registerView(STATS_VIEW_TYPE, (leaf) => new StatsView(leaf, host));
  plugin.addCommand({ id: "open-statistics", name: "Open statistics", callback: () => void host.openStatistics({ kind: "all" }) });
  plugin.addCommand({
    id: "open-note-statistics",
    name: "Open statistics of current note",
    checkCallback: (checking) => {
      const file = host.app.workspace.getActiveFile();
      if (!file || !host.index.has(file.path)) return false;
      if (!checking) void host.openStatistics({ kind: "note", path: file.path });
      return true;
    },
  });
}

/** Reveals the statistics view (opening it in a new tab the first time) and shows `scope` in it. */
export async function openStatisticsView(app: App, scope: StatsScope): Promise<void> {
  const { workspace } = app;
  let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(STATS_VIEW_TYPE)[0] ?? null;
  if (leaf === null) {
    leaf = workspace.getLeaf("tab");
    await leaf.setViewState({ type: STATS_VIEW_TYPE, active: true });
  }
  await leaf.loadIfDeferred();
  await workspace.revealLeaf(leaf);
  if (leaf.view instanceof StatsView) leaf.view.show(scope);
}

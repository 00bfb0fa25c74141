import type * as o from "obsidian";
import type { App } from "./app";
import type { View } from "./view";
import type { WorkspaceLeaf } from "./workspace";
import type { Modal } from "./notice";
import type { SettingTab } from "./plugin";

/**
 * The real signature with the app-level classes the fake cannot match structurally (App, View,
 * WorkspaceLeaf, Modal, SettingTab: they reference dozens of UI internals) replaced by their fakes. Everything else in the
 * signature — names, parameters, optionality, return types — is still checked against obsidian.d.ts.
 */
export type Faked<T> = T extends o.WorkspaceLeaf
  ? WorkspaceLeaf
  : T extends o.View
    ? View
    : T extends o.App
      ? App
      : T extends o.Modal
        ? Modal
        : T extends o.SettingTab
          ? SettingTab
          : T extends Promise<infer U>
        ? Promise<Faked<U>>
        : T extends (...a: infer A) => infer R
          ? (...a: { [K in keyof A]: Faked<A[K]> }) => Faked<R>
          : T extends readonly (infer U)[]
            ? Faked<U>[]
            : T;

export type FakedPick<T, K extends keyof T> = { [P in K]: Faked<T[P]> };

import { destroyAllApps } from "./app";
import { handlerErrors } from "./events";
import { MarkdownRenderer } from "./markdown";
import { Notice } from "./notice";
import { Platform } from "./util";

/** Between tests: no apps, no DOM, empty logs, default platform. */
export function resetFake(): void {
  destroyAllApps();
  Notice.log.length = 0;
  MarkdownRenderer.log.length = 0;
  handlerErrors.length = 0;
  Platform.isMacOS = false;
  activeDocument.body.empty();
}

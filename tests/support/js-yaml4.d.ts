// js-yaml 4, installed under the alias js-yaml4 as a test oracle (the bundled parser is js-yaml 3,
// whose @types are installed): the one function the tests call.
declare module "js-yaml4" {
  export function load(source: string, options?: { schema?: unknown; json?: boolean }): unknown;
}

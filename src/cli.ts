// The `flashcards` command: the same core as the plugin, over the file system.
import { runCli } from "./cli/run";

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

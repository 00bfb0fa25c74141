// Preloaded (`node --require`) into the processes of figure (2b): at exit, writes the process's CPU time
// (user + system, ms) to the file named by HF_CPU_FILE, so the bench can compare CPU time as well as
// wall time on a busy machine.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const usage = process.cpuUsage();
  if (process.env.HF_CPU_FILE) writeFileSync(process.env.HF_CPU_FILE, String((usage.user + usage.system) / 1000));
});

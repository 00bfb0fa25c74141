/**
 * Device identity for per-device review logs (design.md §7): every device appends to its own
 * `<device id>.jsonl`, so no two devices ever write one file and no sync engine can drop a line.
 */

/** The legacy single log of the first release, still read. */
export const LEGACY_LOG_FILE = "review-log.jsonl";

const SAFE_DEVICE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True when the id can be a file name on every platform sync engines serve (no separators, no dots first). */
export function isSafeDeviceId(id: string): boolean {
  return SAFE_DEVICE.test(id) && !id.endsWith(".");
}

/** The log file of a device, or null when the id could not be a file name. */
export function logFileName(deviceId: string): string | null {
  return isSafeDeviceId(deviceId) ? `${deviceId}.jsonl` : null;
}

/** The device a log file belongs to: its name without `.jsonl`; "" for the legacy single log. */
export function deviceOfLogFile(fileName: string): string | null {
  if (!fileName.endsWith(".jsonl")) return null;
  if (fileName === LEGACY_LOG_FILE) return "";
  const id = fileName.slice(0, -".jsonl".length);
  return isSafeDeviceId(id) ? id : null;
}

/** A new random device id: 10 base36 characters (≈ 51 bits), from the given source of randomness. */
export function newDeviceId(random: () => number = Math.random): string {
  let id = "";
  for (let i = 0; i < 10; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

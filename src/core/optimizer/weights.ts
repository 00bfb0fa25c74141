/** Checking weights from untrusted places (settings, data.json, CLI flags): 21 numbers within their bounds. */
import { WEIGHT_BOUNDS, WEIGHT_COUNT } from "./model";

/** The 21 weights, or a message saying what is wrong. Accepts an array or a comma-separated text. */
export function parseWeights(input: unknown): { weights: number[] } | { error: string } {
  const parts: unknown[] | null = typeof input === "string" ? input.split(",").map((part) => part.trim()) : Array.isArray(input) ? input : null;
  if (parts?.length !== WEIGHT_COUNT) return { error: `expected ${WEIGHT_COUNT} numbers, got ${parts === null ? typeof input : parts.length}` };
  const weights: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const value = typeof part === "number" ? part : typeof part === "string" && part !== "" ? Number(part) : NaN;
    if (!Number.isFinite(value)) return { error: `w${i} is not a number: ${JSON.stringify(part)}` };
    const [low, high] = WEIGHT_BOUNDS[i];
    if (value < low || value > high) return { error: `w${i} = ${value} is outside its bounds ${low}–${high}` };
    weights.push(value);
  }
  return { weights };
}

/** Bridges to the reference (fsrs-rs through @open-spaced-repetition/binding 0.5.0) for the oracle tests. */
import * as binding from "@open-spaced-repetition/binding";
import type { ReviewEvent } from "../../../src/core/optimizer/items";
import type { FsrsItem } from "../../../src/core/optimizer/model";

export { binding };

export function toBinding(items: readonly FsrsItem[]): binding.FSRSBindingItem[] {
  return items.map((item) => new binding.FSRSBindingItem(item.reviews.map((review) => new binding.FSRSBindingReview(review.rating, review.deltaT))));
}

export function fromBinding(items: readonly binding.FSRSBindingItem[]): FsrsItem[] {
  return items.map((item) => ({ reviews: item.reviews.map((review) => ({ rating: review.rating, deltaT: review.deltaT })) }));
}

/** The reference's own converter on the same reviews (its CSV wants epoch ms and review_state). */
export function referenceItems(events: readonly ReviewEvent[], dayStartHour: number): FsrsItem[] {
  const rows = events.map((event) => `${event.card},${event.time},${event.rating},${event.learning ? 1 : 2},0`);
  const csv = `card_id,review_time,review_rating,review_state,review_duration\n${rows.join("\n")}\n`;
  const offset = (ms: number): number => -new Date(ms).getTimezoneOffset();
  return fromBinding(binding.convertCsvToFsrsItems(new TextEncoder().encode(csv), dayStartHour, "local", offset));
}

export const TRAINING = { numEpochs: 5, batchSize: 512, seed: 2023, maxSeqLen: 256, learningRate: 0.04, gamma: 1 };

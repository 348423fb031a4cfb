import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { CardCopy } from './resident-copy.js';

/** A service's copy of a resident, fed only by residents events (ADR 0021). */
@Schema({
  collection: 'resident_copies',
  versionKey: false,
  timestamps: { createdAt: false, updatedAt: true },
})
export class ResidentCopyDoc {
  /** The resident id. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: Boolean, required: true }) alive!: boolean;
  @Prop({ type: String, default: null }) diedOn!: string | null;
  @Prop({ type: [Object], default: [] }) cards!: CardCopy[];
}
export const ResidentCopySchema = SchemaFactory.createForClass(ResidentCopyDoc);

/**
 * A card number's keyed digest → its card and resident: a swipe digests the number with
 * `CARD_DIGEST_KEY`, then is one `_id` look-up here and one of the resident (ADR 0021).
 */
@Schema({ collection: 'card_digest_copies', versionKey: false })
export class CardDigestCopyDoc {
  /** `HMAC-SHA256(CARD_DIGEST_KEY, number)` base64url, as `card.issued`/`card.replaced` carry it. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) cardId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
}
export const CardDigestCopySchema = SchemaFactory.createForClass(CardDigestCopyDoc);

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A card number's claim, by number: the `_id` makes numbers unique city-wide (FerretDB
 * 1.24 does not enforce a unique index per element of an array, so the numbers a resident
 * holds cannot guard it) and turns a card swipe into one `_id` look-up.
 *
 * A claim holds no card state: whether the number is active, suspended or lost is read
 * from the resident it names, which changes in one write with its event. A claim whose
 * resident never took the number (a crash or a lost race between claiming and writing
 * the resident) reads as a number never issued.
 */
@Schema({ collection: 'cards', timestamps: { createdAt: true, updatedAt: false }, versionKey: false })
export class CardNumber {
  /** The printed card number (16 digits, Luhn check digit). */
  @Prop({ type: String, required: true }) _id!: string;
  /** Opaque id used in events (the number itself stays out of events). */
  @Prop({ type: String, required: true }) cardId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  /**
   * Only on claims written before cards moved into the resident (the two-collection
   * shape), whose residents do not list their former numbers: such a claim of a number
   * the resident no longer holds reads as lost, as it did then.
   */
  @Prop({ type: String, required: false }) status?: 'active' | 'suspended' | 'lost';
}

export const CardNumberSchema = SchemaFactory.createForClass(CardNumber);

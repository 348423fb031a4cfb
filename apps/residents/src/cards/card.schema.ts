import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Every card ever issued, by number: a lost or suspended number stays known, and refused. */
@Schema({ collection: 'cards', timestamps: true, versionKey: false })
export class Card {
  /** The printed card number (16 digits, Luhn check digit). */
  @Prop({ type: String, required: true }) _id!: string;
  /** Opaque id used in events (the number itself stays out of events). */
  @Prop({ type: String, required: true }) cardId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  @Prop({ type: String, required: true }) status!: 'active' | 'suspended' | 'lost';
}

export const CardSchema = SchemaFactory.createForClass(Card);

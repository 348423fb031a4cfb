import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

/** A published eligibility rule set; never edited, only superseded by a later effective date. */
@Schema({ collection: 'rule_sets', timestamps: true, versionKey: false })
export class StoredRuleSet {
  /** The version, e.g. `2027-01`. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) effectiveFrom!: string;
  /** The rule set as published (validated by `RuleSetSchema`). */
  @Prop({ type: Object, required: true }) rules!: Record<string, unknown>;
  @Prop({ type: String, required: true }) publishedBy!: string;
}

/** With an outbox: the rule set and its `eligibility.rule-set.published` event are one insert. */
export const StoredRuleSetSchema = addOutbox(SchemaFactory.createForClass(StoredRuleSet));

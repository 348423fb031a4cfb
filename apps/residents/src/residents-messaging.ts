import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MessagingRuntime } from '#anlao/messaging';
import { StoredRuleSet } from './eligibility/rule-set.schema.js';
import { OrgUnit } from './org-units/org-unit.schema.js';
import { Resident } from './residents/resident.schema.js';
import { DebitRejection, Wallet } from './wallets/wallet.schema.js';

/** The residents service's outbox relay (wallet debits: WalletDebitsConsumer; the daily job: DailyEligibilityJob). */
@Injectable()
export class ResidentsMessaging implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    @InjectModel(Resident.name) private readonly residents: Model<Resident>,
    @InjectModel(OrgUnit.name) private readonly units: Model<OrgUnit>,
    @InjectModel(StoredRuleSet.name) private readonly ruleSets: Model<StoredRuleSet>,
    @InjectModel(Wallet.name) private readonly walletModel: Model<Wallet>,
    @InjectModel(DebitRejection.name) private readonly rejections: Model<DebitRejection>,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.startRelay([this.units, this.ruleSets, this.residents, this.walletModel, this.rejections]);
  }
}

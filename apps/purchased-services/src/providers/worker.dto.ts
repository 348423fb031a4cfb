import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ProviderWorkerRole, SocialWorkLicence } from '#anlao/events';
import { IsOrgUnitPath, PageQuery } from '#anlao/platform';

export class PutWorkerDto {
  @ApiProperty({ example: '王芳', description: 'kept in this service only, never published' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ProviderWorkerRole.options })
  @IsIn(ProviderWorkerRole.options)
  role!: ProviderWorkerRole;

  @ApiProperty({ enum: SocialWorkLicence.options, description: 'social-work licence level held' })
  @IsIn(SocialWorkLicence.options)
  licence!: SocialWorkLicence;

  @ApiProperty({ example: '2101.210102.210102001', description: 'org-unit path of the street covered' })
  @IsOrgUnitPath()
  streetPath!: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  active!: boolean;
}

export class WorkerView {
  @ApiProperty() providerId!: string;
  @ApiProperty() workerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ProviderWorkerRole.options }) role!: ProviderWorkerRole;
  @ApiProperty({ enum: SocialWorkLicence.options }) licence!: SocialWorkLicence;
  @ApiProperty() streetPath!: string;
  @ApiProperty() active!: boolean;
}

export class WorkerList {
  @ApiProperty({ type: [WorkerView] }) items!: WorkerView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' })
  next!: string | null;
}

export class ListWorkersQuery extends PageQuery {}

export class ContactPersonsQuery {
  @ApiProperty({ example: '2101.210102', description: 'the unit whose streets are counted' })
  @IsOrgUnitPath()
  unit!: string;
}

export class LicenceCounts {
  @ApiProperty() 'assistant-social-worker'!: number;
  @ApiProperty() 'social-worker'!: number;
  @ApiProperty() 'senior-social-worker'!: number;
}

export class StreetContactPersonsView {
  @ApiProperty() streetPath!: string;
  @ApiProperty() contactPersons!: number;
  @ApiProperty() licensed!: number;
  @ApiProperty({ type: LicenceCounts }) byLicence!: LicenceCounts;
}

export class ContactPersonsReport {
  @ApiProperty() unit!: string;
  @ApiProperty({ type: [StreetContactPersonsView] }) streets!: StreetContactPersonsView[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '#anlao/auth';
import { IsOrgUnitPath } from '#anlao/platform';

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

export class SignInDto {
  @ApiProperty({ example: 'heping.admin' })
  @Matches(USERNAME, { message: 'username must be 3-64 letters, digits, ., _ or -' })
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiProperty({
    required: false,
    minLength: 12,
    description: 'only after an administrator reset the password: replaces the one-time password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  newPassword?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class ClientTokenDto {
  @ApiProperty({ example: 'cli_3f2a…' })
  @Matches(/^cli_[A-Za-z0-9]{1,60}$/, { message: 'clientId must be a client id (cli_…)' })
  clientId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  clientSecret!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class CreateStaffDto {
  @ApiProperty({ example: 'heping.street01' })
  @Matches(USERNAME, { message: 'username must be 3-64 letters, digits, ., _ or -' })
  username!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiProperty({ example: '2101.210102.210102001' })
  @IsOrgUnitPath()
  orgUnit!: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;
}

export class IssueClientDto {
  @ApiProperty({ enum: ['centre', 'organisation'] })
  @IsIn(['centre', 'organisation'])
  kind!: 'centre' | 'organisation';

  @ApiProperty({ required: false, description: 'for kind=centre: a registered centre of your unit' })
  @ValidateIf((o: IssueClientDto) => o.kind === 'centre')
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'centreId must be a centre id' })
  centreId?: string;

  @ApiProperty({ required: false, description: 'for kind=organisation' })
  @ValidateIf((o: IssueClientDto) => o.kind === 'organisation')
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'organisationId must be an organisation id' })
  organisationId?: string;

  @ApiProperty({ required: false, description: 'for kind=organisation: the unit that contracts it' })
  @ValidateIf((o: IssueClientDto) => o.kind === 'organisation')
  @IsOrgUnitPath()
  orgUnit?: string;
}

export class SessionTokensView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'seconds' }) refreshExpiresIn!: number;
}

export class AccessTokenView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
}

export class StaffView {
  @ApiProperty() staffId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty() orgUnit!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: string;
}

export class OneTimePasswordView {
  @ApiProperty() staffId!: string;
  @ApiProperty({ description: 'shown once; the next sign-in must replace it (`newPassword`)' })
  oneTimePassword!: string;
}

export class ClientView {
  @ApiProperty() clientId!: string;
  @ApiProperty({ enum: ['centre', 'organisation'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) centreId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty() orgUnit!: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status!: string;
}

export class IssuedClientView {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'shown once: store it now' }) clientSecret!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Roles a token can be issued for; admin stays the configured `LAB_ADMIN_TOKEN`. */
export const ISSUABLE_ROLES = ['student', 'leader'] as const;
export type IssuableRole = (typeof ISSUABLE_ROLES)[number];

export class CreateTokenDto {
  @ApiProperty({ description: 'Who or what the token is for', example: 'alice', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ISSUABLE_ROLES, example: 'student' })
  @IsIn(ISSUABLE_ROLES)
  role!: IssuableRole;
}

import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../access/access.decorator';
import type { AccessTokenRecord } from './tokens.repository';

/** A token as listed: never its value nor its hash. */
export class TokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When it stops working on its own (a workshop seat token: the workshop end); null = never',
  })
  expiresAt!: string | null;
}

/** The answer to a creation: the only time the token's value is shown. */
export class CreatedTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'The bearer token; shown once, store it now', example: 'lab_…' }) token!: string;
}

export function toTokenDto(record: AccessTokenRecord): TokenDto {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

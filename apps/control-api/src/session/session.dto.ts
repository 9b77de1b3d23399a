import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role, ROLES } from '../access/access.decorator';

export class SignInDto {
  @ApiProperty({ description: 'Your access token (or a workshop seat’s); it stays on the server', example: 'lab_…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  token!: string;
}

/** Who the caller is, and by which credential. */
export class SessionDto {
  @ApiProperty({ description: 'The token’s id (`admin` for the configured admin token)' }) userId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: 'alice' }) name!: string;
  @ApiProperty({
    enum: ['cookie', 'bearer'],
    description: '`cookie`: a browser session; `bearer`: an Authorization header',
  })
  via!: 'cookie' | 'bearer';
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When this session (or bearer token) stops working by itself; null = not before it is revoked',
  })
  expiresAt!: string | null;
}

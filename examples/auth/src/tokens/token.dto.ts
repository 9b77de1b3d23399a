import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last answer (each one works once)' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256, typ at+jwt), minutes-lived' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 300, description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ description: 'Opaque `<family>.<secret>`; exchange it at /auth/refresh for a new pair' })
  refreshToken!: string;
}

export class MeDto {
  @ApiProperty({ example: 'alice' })
  subject!: string;

  @ApiProperty({ example: ['student'] })
  roles!: string[];

  @ApiProperty({ enum: ['bearer', 'session'], description: 'How this request was authenticated' })
  via!: 'bearer' | 'session';
}

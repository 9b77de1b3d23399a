import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SessionUserDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: ['student'] })
  roles!: string[];

  @ApiProperty({ enum: ['password', 'oidc'] })
  via!: 'password' | 'oidc';
}

export class SessionDto {
  @ApiProperty({ description: 'Send it back in the x-csrf-token header of every POST made with this session' })
  csrfToken!: string;

  @ApiPropertyOptional({ type: SessionUserDto, nullable: true, description: 'null before login' })
  user!: SessionUserDto | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Length, Matches, MaxLength } from 'class-validator';

/** Usernames are compared lower-case and trimmed: `Alice ` and `alice` are one account. */
const normalize = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,31}$/;

export class RegisterDto {
  @ApiProperty({ example: 'grace', description: '3-32 characters: a-z first, then a-z, 0-9, ".", "_" or "-"' })
  @Transform(normalize)
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3-32 characters of a-z, 0-9, ".", "_" or "-", a letter first',
  })
  username!: string;

  /** NIST SP 800-63B: at least 8 characters, long passphrases allowed; an upper bound keeps hashing cheap. */
  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @Transform(normalize)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'alice-in-the-lab' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  newPassword!: string;
}

export class UserDto {
  @ApiProperty({ example: 'grace' })
  username!: string;

  @ApiProperty({ example: ['student'] })
  roles!: string[];
}

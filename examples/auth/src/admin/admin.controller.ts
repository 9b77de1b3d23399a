import { Roles } from '@lab/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { UsersRepository } from '../users/users.repository';

export class AdminUserDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: ['student'] })
  roles!: string[];

  @ApiProperty({ example: '2025-01-01T00:00:00.000Z' })
  createdAt!: string;
}

/** Role-based access: only `admin` gets in (401 without credentials, 403 with the wrong role). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(@Inject(UsersRepository) private readonly users: UsersRepository) {}

  /** Every account with its roles; never the hashes. */
  @Get('users')
  @ApiOkResponse({ type: [AdminUserDto] })
  async list(): Promise<AdminUserDto[]> {
    return (await this.users.list()).map((user) => ({
      username: user.username,
      roles: user.roles,
      createdAt: user.createdAt.toISOString(),
    }));
  }
}

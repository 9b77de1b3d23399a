import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { problemResponse } from '@lab/http-problems';
import { CreateTokenDto } from './create-token.dto';
import { CreatedTokenDto, TokenDto } from './token.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller('tokens')
@Access('admin')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenDto, description: 'The token value is shown this once' })
  create(@Body() body: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [TokenDto] })
  list(): Promise<TokenDto[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  @ApiNotFoundResponse(problemResponse('No such token'))
  revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.tokens.revoke(id);
  }
}

import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class CustomerInputDto {
  @ApiProperty({ example: 'Ada Lovelace' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'ada@example.org' }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ example: 'Lyon' }) @IsString() @Length(1, 100) city!: string;
}

export class CustomerPatchDto extends PartialType(CustomerInputDto) {}

export class CustomerDto extends CustomerInputDto {
  @ApiProperty({ example: 1 }) id!: number;
}

export class WishlistItemDto {
  @ApiProperty({ example: 3 }) bookId!: number;
  @ApiProperty() title!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ example: 2099, description: 'sql: read from books now; jsonb/mongo: the embedded copy' })
  priceCents!: number;
}

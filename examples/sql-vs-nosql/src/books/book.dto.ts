import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

/** Money is integer cents everywhere (never floats); bounds keep values inside PostgreSQL `integer`. */
export class BookInputDto {
  @ApiProperty({ example: 'The Durable Ledger' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ example: 'Grace Hopper' }) @IsString() @Length(1, 200) author!: string;
  @ApiProperty({ example: 2499, description: 'Current price in cents' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  priceCents!: number;
  @ApiProperty({ example: 12 }) @IsInt() @Min(0) @Max(1_000_000) stock!: number;
}

export class BookPatchDto extends PartialType(BookInputDto) {}

export class PriceDto {
  @ApiProperty({ example: 1999, description: 'The new price in cents' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  priceCents!: number;
}

export class BookDto extends BookInputDto {
  @ApiProperty({ example: 3 }) id!: number;
}

export class PriceChangeDto {
  @ApiProperty({ example: 3 }) bookId!: number;
  @ApiProperty({ example: 1999 }) priceCents!: number;
  @ApiProperty({ example: 10, description: 'Rows (sql) or documents (jsonb, mongo) the change rewrote' })
  updated!: number;
  @ApiProperty({
    example: { books: 1, customers: 9 },
    description: 'Per table or collection: where the copies of the price live',
  })
  breakdown!: Record<string, number>;
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { MAX_ID } from '../common/params';

export class NewOrderLineDto {
  @ApiProperty({ example: 21 }) @IsInt() @Min(1) @Max(MAX_ID) bookId!: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(1000) quantity!: number;
}

/** The store fixes the unit prices (today's) and the time; a book appears at most once. */
export class NewOrderDto {
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(MAX_ID) customerId!: number;

  @ApiProperty({ type: [NewOrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NewOrderLineDto)
  lines!: NewOrderLineDto[];
}

export class OrderLineDto {
  @ApiProperty({ example: 21 }) bookId!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 1 }) quantity!: number;
  @ApiProperty({ example: 599, description: 'The price paid: history, never rewritten by a price change' })
  unitPriceCents!: number;
}

export class OrderSummaryDto {
  @ApiProperty({ example: 151 }) orderId!: number;
  @ApiProperty({ example: '2024-01-07T23:50:00.000Z' }) placedAt!: string;
  @ApiProperty({ example: 599 }) totalCents!: number;
  @ApiProperty({ type: [OrderLineDto] }) lines!: OrderLineDto[];
}

export class OrderDto extends OrderSummaryDto {
  @ApiProperty({ example: 2 }) customerId!: number;
}

export class RecentOrderDto {
  @ApiProperty({ example: 150 }) orderId!: number;
  @ApiProperty({ example: 17 }) customerId!: number;
  @ApiProperty({ example: '2024-01-13T10:01:00.000Z' }) placedAt!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ResetDto } from '../sandboxes/reset/reset.dto';
import { SANDBOX_STATES, SandboxState } from '../sandboxes/sandbox.record';

export const MAX_SEATS = 100;

export class CreateWorkshopDto {
  @ApiProperty({ example: 'sql-vs-nosql' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'example must be the name of a catalog example (a lowercase slug)' })
  example!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SEATS, example: 30 })
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  seats!: number;

  @ApiProperty({ format: 'date-time', description: 'When everything of the workshop is removed' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time' })
  endsAt!: string;

  @ApiPropertyOptional({ description: 'Reserved: seats are always provisioned ahead of time', default: true })
  @IsOptional()
  @IsBoolean()
  warm?: boolean;

  @ApiPropertyOptional({
    description: 'Students of the seats see the lab steps’ solutions (GET /api/sandboxes/:id/lab)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  solutionsVisible?: boolean;
}

export class UpdateWorkshopDto {
  @ApiProperty({ description: 'Show (true) or hide (false) the lab steps’ solutions to the seats’ students' })
  @IsBoolean()
  solutionsVisible!: boolean;
}

export class ExtendWorkshopDto {
  @ApiProperty({
    minimum: 1,
    maximum: 480,
    example: 30,
    description: 'Minutes added to the workshop’s end (its seats and seat tokens end with it)',
  })
  @IsInt()
  @Min(1)
  @Max(480)
  minutes!: number;
}

export class JoinWorkshopDto {
  @ApiProperty({ example: 'K7QM-4XHP-9TRW' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  code!: string;

  @ApiProperty({
    example: 'Ada',
    description: 'How the leader sees you. A name that already holds a seat needs that seat’s rejoin secret',
  })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,59}$/u, {
    message: "name must be 1-60 letters, digits, spaces or . _ ' -",
  })
  name!: string;

  @ApiPropertyOptional({
    description: 'The rejoin secret you got at your first join: your seat again, with a new token (the old one stops)',
    example: 'seat_…',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  secret?: string;
}

export class ResetWorkshopDto {
  @ApiPropertyOptional({ type: [Number], description: 'Seat numbers; all seats when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_SEATS)
  @Type(() => Number)
  @IsInt({ each: true })
  @Min(1, { each: true })
  seats?: number[];
}

export class StepProgressDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() passed!: boolean;
}

export class SeatProgressDto {
  @ApiProperty() passed!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [StepProgressDto] }) steps!: StepProgressDto[];
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
}

export class SeatDto {
  @ApiProperty() seat!: number;
  @ApiProperty() sandboxId!: string;
  @ApiProperty({ enum: SANDBOX_STATES }) state!: SandboxState;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'Name of the student who joined this seat' }) student?: string;
  @ApiPropertyOptional({ format: 'date-time' }) joinedAt?: string;
  @ApiPropertyOptional({ type: SeatProgressDto }) progress?: SeatProgressDto;
  @ApiPropertyOptional({ format: 'date-time' }) lastActivityAt?: string;
  @ApiPropertyOptional({ type: ResetDto }) lastReset?: ResetDto;
}

export class WorkshopDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() example!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiProperty({ description: 'Students of the seats see the lab steps’ solutions' }) solutionsVisible!: boolean;
  @ApiProperty({ type: [SeatDto] }) seats!: SeatDto[];
}

export class CreatedWorkshopDto extends WorkshopDto {
  @ApiProperty({ description: 'Hand it to the students; shown this once', example: 'K7QM-4XHP-9TRW' })
  joinCode!: string;
}

export class JoinedWorkshopDto {
  @ApiProperty({ format: 'uuid' }) workshopId!: string;
  @ApiProperty() seat!: number;
  @ApiProperty() sandboxId!: string;
  @ApiProperty({ description: 'Your bearer token for this seat; it stops working when the workshop ends' })
  token!: string;
  @ApiProperty({ format: 'date-time', description: 'When the workshop (and so the token) ends' }) expiresAt!: string;
  @ApiPropertyOptional({
    description: 'Only at the first join: keep it to rejoin this seat (e.g. from another browser); shown once',
  })
  secret?: string;
}

export class WorkshopResetDto {
  @ApiProperty({ format: 'uuid' }) batchId!: string;
  @ApiProperty({ type: [SeatDto] }) seats!: SeatDto[];
}

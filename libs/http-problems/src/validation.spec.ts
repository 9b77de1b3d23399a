import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MinLength, ValidateNested } from 'class-validator';
import { ValidationError } from '@nestjs/common';
import { createValidationPipe, flattenValidationErrors, ValidationFailedException } from './validation';

class LimitsDto {
  @IsInt()
  @Max(4096)
  memoryMb!: number;
}

class ServiceDto {
  @IsString()
  @MinLength(1)
  image!: string;
}

class CreateSandboxDto {
  @IsString()
  example!: string;

  @ValidateNested()
  @Type(() => LimitsDto)
  limits!: LimitsDto;

  @ValidateNested({ each: true })
  @Type(() => ServiceDto)
  services!: ServiceDto[];
}

async function validationErrorOf(body: unknown): Promise<ValidationFailedException> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: CreateSandboxDto });
  } catch (error) {
    if (error instanceof ValidationFailedException) return error;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('global validation pipe', () => {
  it('turns a valid payload into a DTO instance', async () => {
    const dto: unknown = await createValidationPipe().transform(
      { example: 'sql', limits: { memoryMb: 512 }, services: [{ image: 'postgres' }] },
      { type: 'body', metatype: CreateSandboxDto },
    );
    expect(dto).toBeInstanceOf(CreateSandboxDto);
  });

  it('lists every invalid field by path, nested objects and arrays included', async () => {
    const error = await validationErrorOf({
      example: 42,
      limits: { memoryMb: 99999 },
      services: [{ image: 'ok' }, { image: '' }],
      extra: true,
    });
    expect(error.getStatus()).toBe(400);
    expect(error.type).toBe('urn:backend-lab:problem:validation-failed');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { path: 'example', message: 'example must be a string' },
        { path: 'limits.memoryMb', message: 'memoryMb must not be greater than 4096' },
        { path: 'services.1.image', message: 'image must be longer than or equal to 1 characters' },
        { path: 'extra', message: 'property extra should not exist' },
      ]),
    );
    expect(error.errors).toHaveLength(4);
    expect(error.message).toContain('limits.memoryMb: memoryMb must not be greater than 4096');
    expect(error.message).toMatch(/^Invalid request: /);
  });

  it('flattens an empty error list to no fields', () => {
    expect(flattenValidationErrors([])).toEqual([]);
    const leaf: ValidationError = {
      property: 'name',
      constraints: { isString: 'name must be a string' },
      children: [],
    };
    expect(flattenValidationErrors([leaf], 'owner')).toEqual([
      { path: 'owner.name', message: 'name must be a string' },
    ]);
  });
});

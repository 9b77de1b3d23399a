import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { HealthLayout, LabStore } from './lab-app.options';

export interface LabAppDtos {
  ResetDto: Type;
  ChecksumDto: Type;
  HealthDto: Type;
}

/**
 * The OpenAPI schemas of the lab routes for one example: the same shapes everywhere, with the
 * example's store names as properties and enums. Made per app because the names are the app's.
 */
export function labAppDtos(stores: Record<string, LabStore>, layout: HealthLayout): LabAppDtos {
  const names = Object.keys(stores);

  class RestoredStoreDto {}
  property(RestoredStoreDto, 'store', { enum: names, description: 'A store of this sandbox, in restore order' });
  property(RestoredStoreDto, 'ms', { type: Number, example: 180.4, description: 'How long restoring it took (ms)' });

  class ResetDto {}
  property(ResetDto, 'restored', { type: [RestoredStoreDto] });

  class ChecksumDto {}
  for (const [name, store] of Object.entries(stores)) {
    property(ChecksumDto, name, {
      type: String,
      description: store.optional ? `${store.checksum} (only when the sandbox has ${name})` : store.checksum,
      required: !store.optional,
    });
  }

  const addStoreStates = (dto: Type) => {
    for (const [name, store] of Object.entries(stores)) {
      property(dto, name, { enum: store.optional ? ['up', 'down', 'not configured'] : ['up', 'down'] });
    }
  };
  class HealthDto {}
  property(HealthDto, 'status', { enum: ['ok', 'degraded'], description: '`degraded` (503) when a store is down' });
  if (layout === 'nested') {
    class StoreStatesDto {}
    addStoreStates(StoreStatesDto);
    property(HealthDto, 'stores', { type: StoreStatesDto });
  } else {
    addStoreStates(HealthDto);
  }

  return { ResetDto, ChecksumDto, HealthDto };
}

function property(dto: Type, name: string, options: ApiPropertyOptions): void {
  ApiProperty(options)(dto.prototype as object, name);
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

/** Values the API makes for itself once and keeps. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(SettingEntity) private readonly rows: Repository<SettingEntity>) {}

  /** The stored value, or `create()` stored first. Two processes racing agree on the first writer's value. */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.rows.findOneBy({ key });
    if (existing) return existing.value;
    await this.rows.createQueryBuilder().insert().values({ key, value: create() }).orIgnore().execute();
    return (await this.rows.findOneByOrFail({ key })).value;
  }
}

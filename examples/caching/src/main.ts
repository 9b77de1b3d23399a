import 'reflect-metadata';
import { bootstrapLabApp } from '@lab/lab-app';
import { AppModule } from './app.module';
import { CACHING_CONFIG, type CachingConfig } from './config';
import { CACHING_HTTP } from './app-http';

// SIGTERM from `docker stop` runs the shutdown hooks: write-behind flushes what it still holds.
bootstrapLabApp(AppModule, {
  name: 'caching',
  http: CACHING_HTTP,
  port: (app) => app.get<CachingConfig>(CACHING_CONFIG).port,
  seedOnly: (app) => app.get<CachingConfig>(CACHING_CONFIG).seedOnly,
});

import 'reflect-metadata';
import { bootstrapLabApp } from '@lab/lab-app';
import { AppModule } from './app.module';
import { APP_CONFIG, type AppConfig } from './config';
import { SQL_VS_NOSQL_HTTP } from './app-http';

bootstrapLabApp(AppModule, {
  name: 'sql-vs-nosql',
  http: SQL_VS_NOSQL_HTTP,
  port: (app) => app.get<AppConfig>(APP_CONFIG).port,
  seedOnly: (app) => app.get<AppConfig>(APP_CONFIG).seedOnly === true,
});

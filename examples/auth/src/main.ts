import 'reflect-metadata';
import { bootstrapLabApp } from '@lab/lab-app';
import { AppModule } from './app.module';
import { AUTH_CONFIG, type AuthAppConfig } from './config';
import { AUTH_HTTP } from './app-http';

bootstrapLabApp(AppModule, {
  name: 'auth',
  http: AUTH_HTTP,
  port: (app) => app.get<AuthAppConfig>(AUTH_CONFIG).port,
  seedOnly: (app) => app.get<AuthAppConfig>(AUTH_CONFIG).seedOnly,
});

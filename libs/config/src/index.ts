export * from './lab-config';

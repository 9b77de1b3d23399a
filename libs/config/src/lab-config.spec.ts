import { loadLabConfig } from './lab-config';

describe('loadLabConfig', () => {
  it('has working defaults', () => {
    expect(loadLabConfig({})).toMatchObject({
      port: 3000,
      imageMode: 'auto',
      imageKitPath: 'docker/images.yaml',
      docker: { socketPath: '/var/run/docker.sock', callTimeoutMs: 15_000 },
    });
  });

  it('rejects an unknown image mode with the variable name', () => {
    expect(() => loadLabConfig({ LAB_IMAGE_MODE: 'cloud' })).toThrow(/LAB_IMAGE_MODE/);
  });

  it('coerces numbers and rejects nonsense', () => {
    expect(loadLabConfig({ PORT: '8080' }).port).toBe(8080);
    expect(() => loadLabConfig({ LAB_DOCKER_TIMEOUT_MS: 'soon' })).toThrow(/LAB_DOCKER_TIMEOUT_MS/);
  });
});

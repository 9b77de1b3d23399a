import type { ExampleManifest } from '@lab/catalog';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ExampleServiceDto {
  @ApiProperty({ example: 'postgres' }) name!: string;
  @ApiProperty({ description: 'Image key of the kit', example: 'postgres' }) image!: string;
  @ApiProperty({ type: [Number], example: [5432] }) ports!: number[];
  @ApiPropertyOptional({ description: 'How students connect', example: 'postgresql' }) engine?: string;
}

export class ExampleDto {
  @ApiProperty({ example: 'sql-vs-nosql' }) name!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [String], example: ['sql', 'nosql'] }) concepts!: string[];
  @ApiProperty({ type: [ExampleServiceDto] }) services!: ExampleServiceDto[];
  @ApiProperty({ description: 'Whether the example runs its own HTTP app' }) hasApp!: boolean;
  @ApiProperty({
    enum: ['none', 'internet'],
    description:
      "What the sandbox may reach beyond its own services: `none` = nothing (not other sandboxes, this host, the LAN or the internet); `internet` = public addresses too, never this host (the example's lab.yaml asks for it)",
  })
  egress!: 'none' | 'internet';
}

/** What the API says about an example: never the env (it names secrets) nor the probes. */
export function toExampleDto(example: ExampleManifest): ExampleDto {
  return {
    name: example.name,
    title: example.title,
    summary: example.summary,
    concepts: example.concepts,
    services: example.services.map((s) => ({
      name: s.name,
      image: s.image,
      ports: s.ports,
      ...(s.connection ? { engine: s.connection.engine } : {}),
    })),
    hasApp: example.app !== undefined,
    egress: example.egress,
  };
}

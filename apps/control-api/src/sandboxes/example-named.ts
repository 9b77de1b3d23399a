import { Catalog, ExampleManifest } from '@lab/catalog';
import { UnknownExampleException } from './sandbox.errors';

/** The catalog's example of that name; a 400 naming the known ones otherwise. */
export function exampleNamed(catalog: Catalog, name: string): ExampleManifest {
  const example = catalog.examples.find((candidate) => candidate.name === name);
  if (!example) {
    throw new UnknownExampleException(
      name,
      catalog.examples.map((known) => known.name),
    );
  }
  return example;
}

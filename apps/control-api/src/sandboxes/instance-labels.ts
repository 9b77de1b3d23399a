import { INSTANCE_LABEL, LabInstance } from '../settings/lab-instance';

/** Labels that tie a Docker object to this installation (see LabInstance): put on, and listed by. */
export function instanceLabels(instance: LabInstance): Record<string, string> {
  return { [INSTANCE_LABEL]: instance.id };
}

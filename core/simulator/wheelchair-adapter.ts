import { VirtualAgvAdapter, type VirtualActionDefinition } from 'vda-5050-lib';

/** Parameters a wheelchair transport's pick and drop actions take (the library's virtual vehicle only knows pallets). */
export const WHEELCHAIR_LOAD = 'wheelchair';

/**
 * The library's virtual vehicle, carrying a wheelchair instead of a pallet: `pick` and
 * `drop` accept loadType `wheelchair` at any station, and take `duration` seconds.
 */
export class WheelchairAdapter extends VirtualAgvAdapter {
  protected override get actionDefinitions(): VirtualActionDefinition[] {
    return super.actionDefinitions.map((d) => d.actionType === 'pick' || d.actionType === 'drop'
      ? {
          ...d,
          actionParameterConstraints: {
            loadType: (v) => v === WHEELCHAIR_LOAD,
            duration: (v) => v === undefined || typeof v === 'number',
          },
        }
      : d);
  }
}

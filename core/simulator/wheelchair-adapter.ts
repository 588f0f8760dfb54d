import { simFactsheet } from './factsheet.js';
import { VirtualAgvAdapter, type AgvAdapterDebugger, type AttachContext, type AgvController, type VirtualActionDefinition, type VirtualAgvAdapterOptions } from 'vda-5050-lib';

/** Parameters a wheelchair transport's pick and drop actions take (the library's virtual vehicle only knows pallets). */
export const WHEELCHAIR_LOAD = 'wheelchair';

/**
 * The library's virtual vehicle, carrying a wheelchair instead of a pallet: `pick` and
 * `drop` accept loadType `wheelchair` at any station, and take `duration` seconds.
 */
export class WheelchairAdapter extends VirtualAgvAdapter {
  constructor(controller: AgvController, options: VirtualAgvAdapterOptions, debug: AgvAdapterDebugger) {
    super(controller, options, debug);
    // The library's pick puts a pallet on board (a private step): a wheelchair with its passenger instead.
    const self = this as unknown as { _vehicleState: { currentLoad?: object }; _loadAdded: () => { loads: object[] } };
    self._loadAdded = () => {
      self._vehicleState.currentLoad = { loadId: `chair-${controller.createUuid().slice(0, 8)}`, loadType: WHEELCHAIR_LOAD, weight: 80 + Math.round(Math.random() * 40) };
      return { loads: [self._vehicleState.currentLoad] };
    };
  }

  /** The library attaches with an empty factsheet: this vehicle's own replaces it. */
  override attach(context: AttachContext): void {
    super.attach(context);
    this.controller.updateFactsheet(simFactsheet(this.options.vehicleSpeed) as never);
  }

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

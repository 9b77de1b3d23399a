/** Builds the control API's production bundle unless it is newer than every source it is made of. */
declare function buildControlApiBundle(): void;
export = buildControlApiBundle;

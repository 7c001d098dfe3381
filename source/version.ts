import pkg from '../package.json' with {type: 'json'};

export const GOTUNE_VERSION: string = pkg.version;

export * from './activations';
export * from './initializers';
export * from './fit';
export * from './layers';
export * from './variance';

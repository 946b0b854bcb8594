export * from './errors';
export * from './ids';
export * from './lifecycle';
export * from './money';
export * from './reference';
export * from './schemas';
export * from './taxonomy';
export * from './time';

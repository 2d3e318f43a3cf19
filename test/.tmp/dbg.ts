import { TypeRegistry } from '@polkadot/types';
const registry = new TypeRegistry();
console.log(registry.createType('Bytes', new Uint8Array([0])).toHex(), registry.createType('Bytes', new Uint8Array([1,2])).toHex(), registry.createType('i128', 0n).toHex());

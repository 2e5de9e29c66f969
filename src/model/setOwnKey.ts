import type { JsonObject, JsonValue } from './JsonValue.js';

/**
 * Sets `key` on a JSON object as an own data property, whatever the key: assigning `__proto__` would
 * call `Object.prototype`'s setter and change the object's prototype instead of storing data. A JSON
 * object's keys are data, `__proto__` included.
 */
export const setOwnKey = (object: JsonObject, key: string, value: JsonValue): void => {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
};

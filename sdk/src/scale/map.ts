import { badJson, type Codec, compareWith, encode } from './codec.js';
import { addPathSegment, ScaleError } from './errors.js';
import { toHex } from './hex.js';
import { show } from './limits.js';

/**
 * `[(K, V)]` as a JS `Map<K, V>` (Rust's BTreeMap): entries are encoded in key order (numeric for integers,
 * bytewise for strings and ids); decoding requires strictly ascending keys (SCALE_MAP_ORDER), so decode∘encode is identity.
 */
export function map<K, V>(key: Codec<K>, value: Codec<V>): Codec<Map<K, V>> {
  const idl = `[(${key.idl}, ${value.idl})]`;
  const entrySize = (key.minSize ?? 0) + (value.minSize ?? 0);
  const notMap = (m: unknown, path: string) => new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects a Map, got ${show(m)}`);
  const sorted = (m: Map<K, V>, path: string): [K, V][] => {
    const entries = [...m.entries()];
    let ordered = true;
    for (let i = 1; i < entries.length; i++) {
      if (compareWith(key, (entries[i - 1] as [K, V])[0], (entries[i] as [K, V])[0]) >= 0) {
        ordered = false;
        break;
      }
    }
    if (!ordered) {
      entries.sort((a, b) => compareWith(key, a[0], b[0]));
      for (let i = 1; i < entries.length; i++) {
        if (compareWith(key, (entries[i - 1] as [K, V])[0], (entries[i] as [K, V])[0]) === 0) {
          throw new ScaleError('SCALE_BAD_VALUE', `${path}[${i}].key`, `duplicate map key ${show((entries[i] as [K, V])[0])}`);
        }
      }
    }
    return entries;
  };
  return {
    idl,
    minSize: 1,
    encodeTo(w, m, path) {
      if (!(m instanceof Map)) throw notMap(m, path);
      const entries = sorted(m, path);
      w.compactNumber(entries.length);
      let i = 0;
      let part = '.key';
      try {
        for (; i < entries.length; i++) {
          const e = entries[i] as [K, V];
          part = '.key';
          key.encodeTo(w, e[0], path);
          part = '.value';
          value.encodeTo(w, e[1], path);
        }
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]${part}`);
      }
    },
    decodeFrom(r, path) {
      const n = r.length(path, entrySize);
      const out = new Map<K, V>();
      let prev: K | undefined;
      let i = 0;
      let part = '.key';
      try {
        for (; i < n; i++) {
          part = '.key';
          const at = r.offset;
          const k = key.decodeFrom(r, path);
          if (i > 0 && compareWith(key, prev as K, k) >= 0) {
            throw r.error('SCALE_MAP_ORDER', path, `map key ${show(k)} is not greater than the previous key`, at);
          }
          part = '.value';
          out.set(k, value.decodeFrom(r, path));
          prev = k;
        }
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]${part}`);
      }
      return out;
    },
    toJson: (m, path = idl) => {
      if (!(m instanceof Map)) throw notMap(m, path);
      return sorted(m, path).map(([k, v], i) => [key.toJson(k, `${path}[${i}][0]`), value.toJson(v, `${path}[${i}][1]`)]);
    },
    fromJson(json, path) {
      if (!Array.isArray(json)) throw badJson(path, `an array of [key, value] pairs for ${idl}`, json);
      const out = new Map<K, V>();
      // Equal keys have equal canonical encodings: one set lookup per entry (linear, not a scan of earlier keys).
      const seen = new Set<unknown>();
      json.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw badJson(`${path}[${i}]`, 'a [key, value] pair', pair);
        const k = key.fromJson(pair[0], `${path}[${i}].key`);
        const identity = typeof k === 'object' && k !== null ? toHex(encode(key, k)) : k;
        if (seen.has(identity)) throw new ScaleError('SCALE_BAD_JSON', `${path}[${i}].key`, `duplicate map key ${show(pair[0])}`);
        seen.add(identity);
        out.set(k, value.fromJson(pair[1], `${path}[${i}].value`));
      });
      return out;
    },
    compare(a, b) {
      const x = sorted(a, '');
      const y = sorted(b, '');
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const [ka, va] = x[i] as [K, V];
        const [kb, vb] = y[i] as [K, V];
        const d = compareWith(key, ka, kb) || compareWith(value, va, vb);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    },
  };
}

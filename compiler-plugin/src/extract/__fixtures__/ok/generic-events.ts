import { Actor, actor, type u32 } from '@sprocket/sdk';

type Entry<K, V> = { key: K; value: V };
type List<T> = T[];

interface Box<T> {
  inner: { item: T; count: u32 };
}

interface StoreEvents {
  Put: Entry<string, u32>;
  Boxes: List<Box<string>>;
}

@actor({ name: 'Store' })
export class GenericStore extends Actor<StoreEvents> {
  put(entry: Entry<string, List<u32>>, box: Box<u32>): List<Entry<u32, u32>> {
    return [];
  }
}

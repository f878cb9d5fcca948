/**
 * String topic keys ↔ the topic ids the detectors take. A key is whatever groups the tickets — a
 * topic id today, a theme id later; each key gets a dense id ("t0", "t1"… in order of first
 * sight), so the detectors' tie order and per-topic seeds depend on the tickets only.
 */
import { topicIdFor, topicNumber, type TopicId } from '@/lib/topic-id';

export class TopicKeys {
  private readonly ids = new Map<string, TopicId>();
  readonly keys: string[] = [];

  topicId(key: string | null): TopicId | null {
    if (key === null) return null;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = topicIdFor(this.keys.length);
      this.keys.push(key);
      this.ids.set(key, id);
    }
    return id;
  }

  key(id: TopicId): string {
    const key = this.keys[topicNumber(id)];
    if (key === undefined) throw new Error(`topic id ${id} was never assigned a key`);
    return key;
  }
}

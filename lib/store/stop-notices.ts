/**
 * Which stops have been told (issue 32, "nothing stops in silence"): an account that stopped
 * polling, by the moment it stopped, and a capability no longer watched. A stop is told once;
 * when it is over its entry goes, so the next stop is told again.
 */
import { storage } from '@wxt-dev/storage';
import { z } from 'zod';

/** Stop key → the `since` of an account's stop (0 for a capability, which has none). */
export type ToldStops = Record<string, number>;

const toldSchema = z.record(z.string().max(700), z.number().finite()).catch({});

const toldItem = storage.defineItem<unknown>('local:toldStops', { fallback: {}, version: 1 });

export async function readToldStops(): Promise<ToldStops> {
  return toldSchema.parse(await toldItem.getValue());
}

export async function writeToldStops(told: ToldStops): Promise<void> {
  await toldItem.setValue(told);
}

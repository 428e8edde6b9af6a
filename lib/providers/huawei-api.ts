/**
 * What a source using a Huawei account's keys (CDN) shares with the Huawei provider: its signed
 * GET (signing, the host check, the clock-skew retry, the gateway's error shapes) and the
 * account's settings (its site).
 */
export { getJson } from './huawei/client';
export { readHuaweiSettings } from './huawei/settings';

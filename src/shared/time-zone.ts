/** Whether Intl knows the zone: an unknown one otherwise fails late (node-cron) or silently turns into UTC (TZ). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

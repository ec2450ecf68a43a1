/**
 * Crawlers, link previewers, monitors and HTTP libraries: a scan whose User-Agent matches one of these patterns (or
 * that sends none) is recorded with `bot: true` and not counted as a person. Case-insensitive substrings.
 */
export const BOT_USER_AGENT_PATTERNS: readonly string[] = [
  'bot', 'crawl', 'spider', 'slurp', 'scrape', 'preview', 'facebookexternalhit', 'facebot', 'embedly', 'whatsapp',
  'telegram', 'discord', 'slack', 'skypeuri', 'vkshare', 'pinterest', 'quora link', 'outbrain', 'bitlybot',
  'ia_archiver', 'archive.org', 'yandex', 'baidu', 'headless', 'phantomjs', 'lighthouse', 'pagespeed', 'pingdom',
  'uptime', 'monitor', 'statuscake', 'curl/', 'wget/', 'python-requests', 'python-urllib', 'aiohttp', 'httpx',
  'go-http-client', 'okhttp', 'java/', 'libwww-perl', 'node-fetch', 'axios/', 'undici', 'postman',
];

const BOT_PATTERN = new RegExp(BOT_USER_AGENT_PATTERNS.map((pattern) => pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');

/** Whether a User-Agent is a crawler, previewer or script (see BOT_USER_AGENT_PATTERNS); no User-Agent is one too. */
export const isBotUserAgent = (userAgent: string | undefined): boolean => !userAgent?.trim() || BOT_PATTERN.test(userAgent);

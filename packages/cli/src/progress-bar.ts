import type { ToolProgress } from '@headlessanalytics/engine';

const WIDTH = 28;
const REDRAW_MS = 80;

/**
 * A progress bar on one terminal line (stderr), for a tool that reports progress (a bulk create, a sheet, a destination export): redrawn
 * at most every 80 ms, erased when the call ends so the JSON answer stands alone. Only drawn on a TTY; piped runs
 * print nothing extra.
 */
export function progressBar(write: (text: string) => void, now: () => number = Date.now) {
  let drawnAt = -Infinity;
  let drawn = false;
  const format = (value: number) => value.toLocaleString('en-US');
  return {
    update(update: ToolProgress): void {
      const finished = update.total !== undefined && update.progress >= update.total;
      if (!finished && now() - drawnAt < REDRAW_MS) return;
      drawnAt = now();
      drawn = true;
      if (update.total === undefined || update.total <= 0) return write(`\r\u001b[2K${format(update.progress)} done`);
      const share = Math.min(1, update.progress / update.total);
      const filled = Math.round(share * WIDTH);
      write(`\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${format(update.progress)}/${format(update.total)}`);
    },
    /** Erases the bar. */
    done(): void {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}

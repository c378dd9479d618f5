/** Times are stored in UTC and shown in Asia/Shanghai, whatever the browser's zone. */
export function fmtTime(iso: string | null | undefined, lang = 'zh-CN'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang.startsWith('zh') ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  });
}

/** The character shown on a photo placeholder: the surname (first character; two for common compound surnames). */
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '夏侯'];
export function surname(name: string): string {
  const n = (name ?? '').trim();
  if (!n) return '?';
  const c = COMPOUND.find((s) => n.startsWith(s));
  return c ?? [...n][0]!;
}
